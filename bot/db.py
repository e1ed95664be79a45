"""Engine, sessions and migrations: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS = Path(__file__).parent / "migrations"


def create_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL lets readers and one writer work at once; foreign keys make deletes cascade.

    In WAL mode synchronous=NORMAL syncs at checkpoints rather than at every commit: a power
    cut may lose the last turns but never corrupts the file, and a turn costs no fsync.
    """
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema up to date at start, sharing the app's engine."""
    await run_alembic(engine, command.upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    await run_alembic(engine, command.downgrade, revision)


async def run_alembic(
    engine: AsyncEngine, action: Callable[[Config, str], None], revision: str
) -> None:
    def run(connection: Connection) -> None:
        config = alembic_config(str(engine.url))
        config.attributes["connection"] = connection
        action(config, revision)

    async with engine.begin() as connection:
        await hold_lock(connection, MIGRATION_LOCK)
        await connection.run_sync(run)


MIGRATION_LOCK = 7_391_001  # two workers starting at once must not migrate twice
KNOWLEDGE_LOCK = 7_391_002  # nor create the same knowledge version twice


async def hold_lock(connection: AsyncConnection | AsyncSession, key: int) -> None:
    """A PostgreSQL advisory lock until the transaction ends; SQLite serialises writers."""
    dialect = (
        connection.dialect if isinstance(connection, AsyncConnection) else connection.bind.dialect
    )
    if dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
