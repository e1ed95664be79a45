"""The composition root: settings -> database -> translations -> knowledge -> engine."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.admin import Admin
from bot.db import create_engine, migrate, session_factory, transactions_for
from bot.i18n import Translator
from bot.inbox import Inbox
from bot.knowledge_store import KnowledgeStore
from bot.metrics import InstrumentedEngine, Metrics
from bot.notices import enqueue_notices
from bot.settings import Settings
from bot.storage import SqlStore
from handlers.engine import Engine
from handlers.events import UserRef


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
    inbox: Inbox

    async def close(self) -> None:
        await self.store.transactions.close()
        await self.db.dispose()


async def build_app(settings: Settings | None = None, translator: Translator | None = None) -> App:
    settings = settings or Settings()
    db = create_engine(settings.database_url)
    await migrate(db)
    sessions = session_factory(db)
    translator = translator or Translator()
    store = SqlStore(sessions, translator, expert_chat(settings), transactions_for(db))
    seed = Path(settings.knowledge_dir) if settings.knowledge_dir else None
    knowledge = KnowledgeStore(
        sessions, seed, lambda session, old, new: enqueue_notices(session, old, new, translator)
    )
    admin = Admin(sessions, knowledge, translator, settings.admins())
    metrics = Metrics()
    engine = InstrumentedEngine(
        Engine(
            store,
            knowledge,
            translator,
            expert_enabled=store.expert_chat is not None,
            admin=admin,
            languages=store,
        ),
        metrics,
    )
    inbox = Inbox(
        store.transactions, settings.dedupe_secret.get_secret_value(), settings.outbox_lease_s
    )
    return App(settings, db, sessions, store, knowledge, translator, engine, admin, metrics, inbox)


def expert_chat(settings: Settings) -> UserRef | None:
    """EXPERT_CHAT_ID: a Telegram chat id, or 'channel:id' for another channel."""
    value = (settings.expert_chat_id or "").strip()
    if not value:
        return None
    channel, _, chat = value.rpartition(":")
    return UserRef(channel or "telegram", chat)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: what log collectors parse without guessing."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "t": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
