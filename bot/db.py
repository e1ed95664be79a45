"""Engine, sessions and migrations: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy import Engine, event, text
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.migrations import MIGRATIONS, schema_head
from handlers.engine import StorageUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

T = TypeVar("T")
CHECKPOINT_EVERY = 600  # inline commits between WAL checkpoints (a turn: 3 commits, ~15 pages)
CHECKPOINT_WAIT_MS = 1000
BUSY_TIMEOUT_MS = 30_000  # the async engine's connections wait this long for a lock
LOCKED_ATTEMPTS = 60  # inline: pauses grow to 0.2 s, about 10 s in all
LOCKED_PAUSE_S = (0.002, 0.2)
SQLITE_POOL = (2, 4)  # the async engine's connections to a SQLite file, kept and extra
SQLITE_CACHE_KB = 1024  # page cache per connection (SQLite's default is 2,000 KB)
log = logging.getLogger(__name__)


def dialect_module(name: str) -> Any:
    """`sqlalchemy.dialects.postgresql` or `.sqlite` (their upsert constructs), imported when
    first used: PostgreSQL's modules, drivers included, only by a process that uses it."""
    if name not in ("postgresql", "sqlite"):
        raise KeyError(name)
    return importlib.import_module(f"sqlalchemy.dialects.{name}")


def create_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        # Turns on a SQLite file run inline (InlineSqliteTransactions); the async engine
        # only reads now and then, so a few connections do (each holds its page cache).
        engine = create_async_engine(
            url, connect_args={"timeout": 30}, pool_size=SQLITE_POOL[0], max_overflow=SQLITE_POOL[1]
        )
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
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


async def at_head(engine: AsyncEngine) -> bool:
    head = schema_head()
    if head is None:
        return False
    try:
        async with engine.connect() as connection:
            current = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:  # no such table yet, or any doubt: Alembic decides
        return False
    return current == head


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema up to date at start, sharing the app's engine; a schema already at
    the head is left alone without loading Alembic."""
    if revision == "head" and await at_head(engine):
        return
    from alembic import command

    await run_alembic(engine, command.upgrade, revision)


async def migrate_apart(engine: AsyncEngine) -> None:
    """`migrate`, with Alembic in a child process when there is anything to do: a server
    that runs for weeks need not keep Alembic's modules (about 12 MB) for one start."""
    if await at_head(engine):
        return
    url = engine.url.render_as_string(hide_password=False)
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.db", url, stdin=asyncio.subprocess.DEVNULL
    )
    if await child.wait() != 0:
        raise RuntimeError(f"migrations failed (exit {child.returncode})")


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    from alembic import command

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


# ---- short write transactions --------------------------------------------------------------


class Transactions(Protocol):
    """Runs a function of a (sync) connection in one transaction: committed, or rolled back."""

    async def run(self, work: Callable[[Connection], T]) -> T: ...

    async def close(self) -> None: ...


class AsyncTransactions:
    """Through the app's async engine: each statement awaits the driver (PostgreSQL)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def run(self, work: Callable[[Connection], T]) -> T:
        async with self.engine.begin() as connection:
            return await connection.run_sync(work)

    async def close(self) -> None:
        """The engine is the app's; it closes it."""


class InlineSqliteTransactions:
    """On the event loop's own thread, through a plain sqlite3 connection to the same file.

    A turn's statements on a local SQLite file take microseconds, less than the hand-off to
    aiosqlite's thread and back, which waits for the event loop (and the GIL) each time: on
    a busy server, most of a turn's time in the database went to those hand-offs. A
    transaction that never awaits is also never interleaved with another one of this
    process. Nothing slow may run on the loop, so this connection neither waits for a lock
    held by another process (`database is locked` comes back at once, and `run` retries
    after an async pause) nor checkpoints the WAL (that fsyncs): every CHECKPOINT_EVERY commits, the
    async engine checkpoints on its own thread.
    """

    def __init__(self, engine: Engine, checkpoints: AsyncEngine) -> None:
        self.engine = engine
        self.checkpoints = checkpoints
        self.commits = 0
        self._checkpoint: asyncio.Task[None] | None = None

    async def run(self, work: Callable[[Connection], T]) -> T:
        """Another process holding the lock: wait without blocking the loop, then redo it all."""
        for attempt in range(1, LOCKED_ATTEMPTS):
            try:
                return self._run_once(work)
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
                log.info("database busy, attempt %d", attempt)
                await asyncio.sleep(min(LOCKED_PAUSE_S[0] * 2**attempt, LOCKED_PAUSE_S[1]))
        return self._run_once(work)

    def _run_once(self, work: Callable[[Connection], T]) -> T:
        with self.engine.begin() as connection:
            result = work(connection)
        self.commits += 1
        if self.commits % CHECKPOINT_EVERY == 0 and self._checkpoint is None:
            self._checkpoint = asyncio.create_task(self.checkpoint())
        return result

    async def checkpoint(self) -> None:
        try:
            async with self.checkpoints.connect() as connection:
                # RESTART, not PASSIVE: with turns committing all the while, a passive
                # checkpoint never catches up and the WAL would only grow. It holds off
                # writers while it runs (inline turns retry meanwhile), so it waits at most
                # CHECKPOINT_WAIT_MS for a slow reader before giving up until next time.
                await connection.exec_driver_sql(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
                try:
                    restart = "PRAGMA wal_checkpoint(RESTART)"
                    (await connection.exec_driver_sql(restart)).all()
                finally:
                    await connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except Exception as error:  # the next one will catch up
            log.warning("WAL checkpoint failed: %s", type(error).__name__)
        finally:
            self._checkpoint = None

    async def close(self) -> None:
        if self._checkpoint is not None:
            await self._checkpoint
        self.engine.dispose()


def transactions_for(engine: AsyncEngine) -> Transactions:
    """Inline for a SQLite file; through the async engine otherwise (or for :memory:)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return AsyncTransactions(engine)
    sync_engine = create_sync_engine(
        url.set(drivername="sqlite+pysqlite"),
        connect_args={"timeout": 0, "check_same_thread": False},
        pool_size=1,
        max_overflow=0,
    )
    event.listen(sync_engine, "connect", sqlite_pragmas)
    event.listen(sync_engine, "connect", inline_pragmas)
    return InlineSqliteTransactions(sync_engine, engine)


def inline_pragmas(dbapi_connection: object, _record: object) -> None:
    """After sqlite_pragmas: fail at once when locked, leave checkpoints to the async engine."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


def is_storage_outage(error: BaseException) -> bool:
    """Failures to reach or use the database, whichever driver raised them (not our bugs)."""
    if isinstance(error, (ConnectionError, OSError, TimeoutError)):
        return True
    bugs = (IntegrityError, ProgrammingError, DataError)
    return isinstance(error, DBAPIError) and not isinstance(error, bugs)


Method = TypeVar("Method", bound=Callable[..., Any])


def storage_boundary(method: Method) -> Method:
    """An async method of the shell that the engine calls: a database outage leaves it as
    the engine's own `StorageUnavailable`, anything else as it was raised."""

    @functools.wraps(method)
    async def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return await method(*args, **kwargs)
        except StorageUnavailable:
            raise
        except Exception as error:
            if is_storage_outage(error):
                raise StorageUnavailable(type(error).__name__) from error
            raise

    return guarded  # type: ignore[return-value]


async def _migrate_url(url: str) -> None:
    engine = create_engine(url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


if __name__ == "__main__":  # `python -m bot.db URL`: what migrate_apart runs
    asyncio.run(_migrate_url(sys.argv[1]))
