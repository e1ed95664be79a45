"""Start-up of one-off commands: the built knowledge comes from the disk cache, keyed by the
knowledge version's content, and a new version is built once and cached in turn."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.library_cache import LibraryCache
from knowledge.loader import DATA_DIR, load_texts, read_sources

ROOT = Path(__file__).resolve().parent.parent


def tradebot(tmp_path: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "CACHE_DIR": str(cache),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def imported(done: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}


def test_match_answers_alike_from_the_app_and_from_the_cache_without_the_orm(tmp_path: Path):
    cache = tmp_path / "cache"
    first = tradebot(tmp_path, cache, "match", "курага", "--lang", "ru", "--json")
    assert first.returncode == 0, first.stderr
    assert "sqlalchemy.orm" in imported(first)  # no database yet: the whole app, once
    kinds = sorted({p.name.split("-")[0] for p in cache.glob("*.pickle")})
    assert kinds == ["indexes", "knowledge", "texts"]

    again = tradebot(tmp_path, cache, "match", "курага", "--lang", "ru", "--json")
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    assert json.loads(again.stdout)["candidates"][0]["hs"] == "0813.10"
    assert not {"sqlalchemy", "alembic", "aiohttp", "aiogram", "pydantic_settings"} & imported(
        again
    )


def test_ask_from_the_cache_gives_the_same_answer_and_estimate(tmp_path: Path):
    cache = tmp_path / "cache"
    args = ("ask", "--product", "apples", "--from", "KZ", "--to", "UZ", "--json")
    estimate = ("--value", "2000", "--currency", "USD", "--on", "2026-12-01")
    tradebot(tmp_path, cache, "rates", "set", "UZ", "USD", "12150", "--date", "2026-12-01")
    first = tradebot(tmp_path, cache, *args, *estimate)
    again = tradebot(tmp_path, cache, *args, *estimate)
    assert first.returncode == again.returncode == 0, again.stderr
    assert "sqlalchemy" not in imported(again)
    assert json.loads(again.stdout) == json.loads(first.stdout)
    assert json.loads(again.stdout)["estimate"]["rates_date"] == "2026-12-01"


def test_a_new_knowledge_version_is_built_once_then_read_from_the_cache(tmp_path: Path):
    cache = tmp_path / "cache"
    assert tradebot(tmp_path, cache, "match", "apples").returncode == 0
    edited = tmp_path / "kb"
    edited.mkdir()
    for name, text in read_sources(DATA_DIR).items():
        (edited / name).parent.mkdir(parents=True, exist_ok=True)
        (edited / name).write_text(text, encoding="utf-8")
    commodities = edited / "commodities-food.yaml"
    text = commodities.read_text(encoding="utf-8")
    commodities.write_text(text.replace("en: Apples}", "en: Crunchy apples}", 1), "utf-8")
    assert "Crunchy apples" in commodities.read_text(encoding="utf-8")
    assert tradebot(tmp_path, cache, "kb", "import", str(edited)).returncode == 0

    built = tradebot(tmp_path, cache, "match", "apples")  # a checksum not cached yet
    assert "Crunchy apples" in built.stdout
    assert "sqlalchemy.orm" in imported(built)
    cached = tradebot(tmp_path, cache, "match", "apples")
    assert cached.stdout == built.stdout
    assert "sqlalchemy" not in imported(cached)
    assert len(list(cache.glob("indexes-*.pickle"))) == 2


def test_an_unreadable_cache_file_is_rebuilt_not_trusted(tmp_path: Path):
    knowledge = load_texts(read_sources(DATA_DIR))
    cache = LibraryCache(tmp_path)
    from handlers.context import Library

    cache.store(Library.build(knowledge))
    [path] = tmp_path.glob("indexes-*.pickle")
    assert cache.library(knowledge.checksum) is not None
    path.write_bytes(b"not a pickle")
    assert cache.library(knowledge.checksum) is None
    assert cache.library("") is None


async def test_a_server_seeds_and_builds_in_a_child(tmp_path: Path, monkeypatch):
    """Seeding and building peak at tens of megabytes: a server leaves both to a child."""
    import bot.knowledge_store
    from bot.bootstrap import start_app
    from bot.commands.servers import settle
    from bot.settings import Settings

    def not_here(*_args: object) -> None:
        raise AssertionError("the server itself parsed or built the knowledge")

    monkeypatch.setattr(bot.knowledge_store, "load_texts", not_here)
    monkeypatch.setattr(bot.knowledge_store.Library, "build", not_here)
    cache = tmp_path / "cache"
    url = f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}"
    app = await start_app(Settings(database_url=url, cache_dir=str(cache), _env_file=None))
    try:
        assert not await app.knowledge.cached()
        try:
            await settle(app)  # a fresh database and an empty cache
        finally:
            gc.unfreeze()  # settle froze what the test process holds: give it back
        assert await app.knowledge.cached()
        library = await app.knowledge.current()
        assert library.knowledge.version == 1
        assert library.matcher.match("курага", "ru").candidates[0].hs == "0813.10"
    finally:
        await app.close()


async def test_a_server_stopped_while_its_child_builds_leaves_no_child_behind(tmp_path: Path):
    """The child is killed with the server's wait, not left to run on."""
    import asyncio

    from bot.bootstrap import start_app
    from bot.knowledge_apart import prepare_apart
    from bot.settings import Settings

    url = f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}"
    app = await start_app(Settings(database_url=url, cache_dir=str(tmp_path / "c"), _env_file=None))
    spawned: list[asyncio.subprocess.Process] = []
    real_exec = asyncio.create_subprocess_exec

    async def spy(*args: object, **kwargs: object) -> asyncio.subprocess.Process:
        child = await real_exec(*args, **kwargs)
        spawned.append(child)
        return child

    asyncio.create_subprocess_exec = spy
    try:
        task = asyncio.create_task(prepare_apart(app))
        while not spawned:
            await asyncio.sleep(0.01)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert spawned[0].returncode is not None  # killed and reaped, not an orphan
    finally:
        asyncio.create_subprocess_exec = real_exec
        await app.close()


def test_the_console_editor_resolves_measures_in_a_process_that_validated_no_file():
    """A server reads its knowledge from the cache, so no file was validated in it."""
    code = (
        "from bot.web_admin.editing import item_model; "
        "print(item_model('measures').__name__, item_model('requirements').__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Measure", "Requirement"]
