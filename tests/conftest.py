"""Shared fixtures: a real SQLite file, a real PostgreSQL database, the app built as in prod."""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest

from bot.bootstrap import App, start_app
from bot.i18n import Translator
from bot.settings import Settings
from tests.fake_graph import FakeGraph
from tests.memory import MemoryApp

# Built knowledge is cached on disk (bot/library_cache.py): the tests, and the processes they
# start, share a fresh folder of their own instead of the user's ~/.cache/tradebot.
os.environ.setdefault("CACHE_DIR", tempfile.mkdtemp(prefix="tradebot-test-cache-"))

# No network exists beyond the package registries, and a test must never wait on one: the
# worker's exchange-rate task would otherwise ask the national banks' real addresses (a
# resolver that never answers once held a whole CI run in the loop's executor at shutdown).
# Tests that want feeds start local fakes and pass their addresses explicitly.
RATE_FEEDS = ("KZ", "KG", "TJ", "UZ", "RU")
for bank in RATE_FEEDS:
    os.environ.setdefault(f"RATES_{bank}_URL", "")

PG_ADMIN_DSN = os.environ.get("TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
# The names tests may resolve: this machine, and the database server TEST_PG_DSN names.
LOCAL_HOSTS = {"localhost", urlsplit(PG_ADMIN_DSN).hostname}
resolve = socket.getaddrinfo


def resolve_local_only(host, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Any other name fails at once, loudly, instead of waiting on a resolver (an address
    given as digits needs no resolver and passes)."""
    name = host.decode() if isinstance(host, bytes) else host
    if name is None or is_address(name) or name in LOCAL_HOSTS or name.endswith(".localhost"):
        return resolve(host, *args, **kwargs)
    raise socket.gaierror(socket.EAI_NONAME, f"tests reach no network: {name}")


def is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


socket.getaddrinfo = resolve_local_only


@pytest.fixture(scope="session")
def translator() -> Translator:
    return Translator()


async def postgres_available() -> bool:
    import asyncpg

    try:
        connection = await asyncpg.connect(PG_ADMIN_DSN, timeout=3)
    except (OSError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


async def create_pg_database() -> str:
    import asyncpg

    name = f"tradebot_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return name


async def drop_pg_database(name: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def pg_url(name: str) -> str:
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    """Each test gets its own database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'tradebot.db'}"
        return
    if not await postgres_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL not reachable")
    name = await create_pg_database()
    try:
        yield pg_url(name)
    finally:
        await drop_pg_database(name)


@pytest.fixture
async def sqlite_url(tmp_path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'tradebot.db'}"


@pytest.fixture
async def app(database_url: str, translator: Translator) -> AsyncIterator[App]:
    built = await start_app(Settings(database_url=database_url, _env_file=None), translator)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def sqlite_app(sqlite_url: str, translator: Translator) -> AsyncIterator[App]:
    built = await start_app(Settings(database_url=sqlite_url, _env_file=None), translator)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    """A fake Graph API (WhatsApp Cloud API) on 127.0.0.1, recording every request."""
    fake = FakeGraph()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Each phase's report on the test item (`item.rep_call`): fixtures see a failure, e.g. to
    keep the browser's screenshots."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def memory_app(translator: Translator) -> MemoryApp:
    """The engine on the in-memory store: a dialogue with no database at all."""
    return MemoryApp(translator)
