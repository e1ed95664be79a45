"""What `tradebot ask` and `tradebot match` read from the database, without the app.

A one-off answer needs the active knowledge version and the exchange rates last stored;
with the built knowledge cached on disk (bot/library_cache.py), reading those two through
the database driver alone (sqlite3, or asyncpg) lets the command skip SQLAlchemy, the ORM
and the migrations: a few tenths of a second of start-up in all. `snapshot` returns None
whenever anything is not plainly in place (a schema not at the head, no knowledge version
yet, a database it cannot read, an uncached version), and the command then starts the
whole app as before.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.library_cache import LibraryCache
from bot.migrations import schema_head

if TYPE_CHECKING:
    from bot.i18n import Translator
    from handlers.context import Library
    from knowledge.exchange import RateBook

RATE_SCALE = 10  # bot.models.ExchangeRate.rate
VERSION_SQL = "SELECT version_num FROM alembic_version"
KNOWLEDGE_SQL = "SELECT version, checksum FROM knowledge_versions WHERE active"
# The latest day of each bank, as RatesStore.read reads it.
RATES_SQL = (
    "SELECT r.bank, r.currency, r.rate, r.day, r.source FROM exchange_rates r"
    " JOIN (SELECT bank, max(day) AS day FROM exchange_rates GROUP BY bank) latest"
    " ON r.bank = latest.bank AND r.day = latest.day"
)


@dataclass
class Rows:
    revision: str | None
    knowledge: tuple[int, str] | None
    rates: list[tuple[Any, ...]] = field(default_factory=list)


def sqlite_path(url: str) -> Path | None:
    """The file of a `sqlite+aiosqlite:///path` URL; None for memory or other databases."""
    for prefix in ("sqlite+aiosqlite:///", "sqlite:///"):
        if url.startswith(prefix):
            path = url.removeprefix(prefix).split("?", 1)[0]
            return Path(path) if path and path != ":memory:" else None
    return None


def read_sqlite(path: Path, with_rates: bool) -> Rows | None:
    if not path.is_file():
        return None
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        revision = connection.execute(VERSION_SQL).fetchone()
        knowledge = connection.execute(KNOWLEDGE_SQL).fetchone()
        rates = connection.execute(RATES_SQL).fetchall() if with_rates else []
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return Rows(revision[0] if revision else None, tuple(knowledge) if knowledge else None, rates)


async def read_postgres(url: str, with_rates: bool) -> Rows | None:
    import asyncpg

    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    try:
        connection = await asyncpg.connect(dsn, timeout=5)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        revision = await connection.fetchval(VERSION_SQL)
        knowledge = await connection.fetchrow(KNOWLEDGE_SQL)
        rates = [tuple(r) for r in await connection.fetch(RATES_SQL)] if with_rates else []
    except asyncpg.PostgresError:
        return None
    finally:
        await connection.close()
    return Rows(revision, (knowledge[0], knowledge[1]) if knowledge else None, rates)


class FixedKnowledge:
    """`KnowledgeStore.current()` for one command: the version read at its start."""

    def __init__(self, library: Library) -> None:
        self.library = library

    async def current(self) -> Library:
        return self.library


class FixedRates:
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows

    async def read(self) -> RateBook:
        from knowledge.exchange import BankRates, RateBook

        by_bank: dict[str, dict[str, Decimal]] = {}
        days: dict[str, tuple[dt.date, str]] = {}
        for bank, currency, rate, day, source in self.rows:
            by_bank.setdefault(bank, {})[currency] = as_decimal(rate)
            if isinstance(day, str):
                day = dt.date.fromisoformat(day)
            days[bank] = (day, source)
        return RateBook.of(
            BankRates(bank, days[bank][0], rates, days[bank][1]) for bank, rates in by_bank.items()
        )


def as_decimal(value: Any) -> Decimal:
    """As SQLAlchemy's Numeric(24, 10) reads it: SQLite keeps a float, PostgreSQL a decimal."""
    if isinstance(value, float):
        return Decimal(f"{value:.{RATE_SCALE}f}")
    return Decimal(value)


@dataclass
class Snapshot:
    """The parts of `App` that `ask` and `match` use."""

    knowledge: FixedKnowledge
    rates: FixedRates
    cache_dir: Path

    @cached_property
    def translator(self) -> Translator:
        from bot.i18n import Translator

        return Translator(cache_dir=self.cache_dir)

    async def close(self) -> None:
        return None


async def snapshot(database_url: str, cache: LibraryCache, with_rates: bool) -> Snapshot | None:
    path = sqlite_path(database_url)
    if path is not None:
        rows = read_sqlite(path, with_rates)
    elif database_url.startswith("postgresql+asyncpg://"):
        rows = await read_postgres(database_url, with_rates)
    else:
        rows = None
    if rows is None or rows.knowledge is None or rows.revision != schema_head():
        return None
    version, checksum = rows.knowledge
    library = cache.library(checksum)
    if library is None:
        return None
    return Snapshot(
        FixedKnowledge(library.with_version(version)), FixedRates(rows.rates), cache.folder
    )


CONVERSATION_SQL = (
    "SELECT u.language, c.state FROM users u LEFT JOIN conversations c ON c.user_id = u.id"
    " WHERE u.channel = ? AND u.platform_id = ?"
)


def choosing_language(database_url: str, channel: str, platform_id: str) -> bool:
    """Whether this trader has not chosen a language yet (unknown to the database, or at the
    first language menu), read from a SQLite file at the schema's head; False whenever that
    cannot be told plainly."""
    path = sqlite_path(database_url)
    if path is None or not path.is_file():
        return False
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        revision = connection.execute(VERSION_SQL).fetchone()
        found = connection.execute(CONVERSATION_SQL, (channel, platform_id)).fetchone()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    if revision is None or revision[0] != schema_head():
        return False
    if found is None:
        return True
    language, state = found
    if language is not None or state is None:
        return False
    try:
        data = json.loads(state)
    except (TypeError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.get("step") == "language"
        and data.get("lang") is None
        and not data.get("back")
    )
