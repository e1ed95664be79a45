"""The composition root: settings -> database -> translations -> knowledge -> engine."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db import create_engine, migrate, session_factory
from bot.i18n import Translator
from bot.knowledge_store import KnowledgeStore
from bot.settings import Settings
from bot.storage import SqlStore
from handlers.engine import Engine


@dataclass
class App:
    settings: Settings
    db: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    store: SqlStore
    knowledge: KnowledgeStore
    translator: Translator
    engine: Engine

    async def close(self) -> None:
        await self.db.dispose()


async def build_app(settings: Settings | None = None, translator: Translator | None = None) -> App:
    settings = settings or Settings()
    db = create_engine(settings.database_url)
    await migrate(db)
    sessions = session_factory(db)
    store = SqlStore(sessions)
    seed = Path(settings.knowledge_dir) if settings.knowledge_dir else None
    knowledge = KnowledgeStore(sessions, seed)
    translator = translator or Translator()
    engine = Engine(store, knowledge, translator)
    return App(settings, db, sessions, store, knowledge, translator, engine)


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format='{"t":"%(asctime)s","level":"%(levelname)s","logger":"%(name)s","msg":"%(message)s"}',
    )
