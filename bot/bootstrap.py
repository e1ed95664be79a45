"""The composition root: settings -> database -> translations -> knowledge -> engine."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.admin import Admin
from bot.db import create_engine, migrate, migrate_apart, session_factory, transactions_for
from bot.i18n import Translator
from bot.inbox import Inbox
from bot.knowledge_store import KnowledgeStore
from bot.library_cache import LibraryCache
from bot.logs import configure_logging
from bot.metrics import InstrumentedEngine, Metrics
from bot.notices import enqueue_notices
from bot.published import PublishedSource
from bot.rates import RatesStore
from bot.settings import Settings
from bot.storage import SqlStore
from bot.waiting_answers import answer_waiting_questions
from handlers.engine import Engine
from handlers.events import UserRef
from handlers.prices import BookRates
from knowledge.base import Knowledge

__all__ = ["App", "build_app", "configure_logging", "start_app"]

KnowledgeChange = Callable[[AsyncSession, Knowledge | None, Knowledge], Awaitable[int]]


@dataclass
class App:
    settings: Settings
    db: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    store: SqlStore
    knowledge: KnowledgeStore
    translator: Translator
    engine: InstrumentedEngine
    admin: Admin
    metrics: Metrics
    rates: RatesStore
    published: PublishedSource
    inbox: Inbox

    async def close(self) -> None:
        await self.store.transactions.close()
        await self.db.dispose()


async def start_app(
    settings: Settings | None = None,
    translator: Translator | None = None,
    long_running: bool = False,
) -> App:
    """What every command does at start: compose, then bring the schema up to date
    (`tradebot db upgrade` does the second half alone). `long_running`: a server, which
    migrates in a child process (bot.db.migrate_apart) so that Alembic's imports do not
    stay in its memory."""
    app = await build_app(settings, translator)
    try:
        await (migrate_apart(app.db) if long_running else migrate(app.db))
    except BaseException:
        await app.close()
        raise
    return app


async def build_app(settings: Settings | None = None, translator: Translator | None = None) -> App:
    """Only composes: nothing here reads or changes the database."""
    settings = settings or Settings()
    db = create_engine(settings.database_url)
    sessions = session_factory(db)
    translator = translator or Translator(cache_dir=settings.library_cache_dir())
    store = SqlStore(sessions, translator, expert_chat(settings), transactions_for(db))
    seed = Path(settings.knowledge_dir) if settings.knowledge_dir else None
    knowledge = KnowledgeStore(
        sessions, seed, on_knowledge_change(translator), library_cache(settings)
    )
    admin = Admin(sessions, knowledge, translator, settings.admins(), web_base_url(settings))
    metrics = Metrics()
    rates = RatesStore(sessions)
    published = PublishedSource(
        sessions,
        page_url=settings.public_url or settings.webhook_url or "",
        rates_loader=lambda _session, _day: book_rates(rates),
    )
    admin.published = published
    admin.price_share = settings.price_alert_share
    engine = InstrumentedEngine(
        Engine(
            store,
            knowledge,
            translator,
            expert_enabled=store.expert_chat is not None,
            admin=admin,
            languages=store,
            rates=rates,
            published=published,
        ),
        metrics,
    )
    inbox = Inbox(
        store.transactions, settings.dedupe_secret.get_secret_value(), settings.outbox_lease_s
    )
    return App(
        settings,
        db,
        sessions,
        store,
        knowledge,
        translator,
        engine,
        admin,
        metrics,
        rates,
        published,
        inbox,
    )


def on_knowledge_change(translator: Translator) -> KnowledgeChange:
    """A new version: notices to the subscribers of changed flows, and answers to the
    questions it now matches (issue 18), in the import's transaction."""

    async def changed(session: AsyncSession, old: Knowledge | None, new: Knowledge) -> int:
        notices = await enqueue_notices(session, old, new, translator)
        if old is not None:
            notices += await answer_waiting_questions(session, new, translator)
        return notices

    return changed


async def book_rates(rates: RatesStore) -> BookRates:
    """Prices are converted with the official rates last stored (bot/rates.py)."""
    return BookRates(await rates.read())


def library_cache(settings: Settings) -> LibraryCache | None:
    folder = settings.library_cache_dir()
    return LibraryCache(folder) if folder is not None else None


def web_base_url(settings: Settings) -> str:
    """Where the web console is reached from outside: login links point there."""
    base = settings.web_url or settings.webhook_url or f"http://localhost:{settings.port}"
    return base.rstrip("/")


def expert_chat(settings: Settings) -> UserRef | None:
    """EXPERT_CHAT_ID: a Telegram chat id, or 'channel:id' for another channel."""
    value = (settings.expert_chat_id or "").strip()
    if not value:
        return None
    channel, _, chat = value.rpartition(":")
    return UserRef(channel or "telegram", chat)
