"""A server's knowledge prepared in a child process when the disk cache does not have it.

Seeding a fresh database and building a knowledge version (parsing and validating the YAML,
building the search indexes, pickling them) take tens of megabytes at their peak, which a
long-running server would otherwise keep as its peak memory for weeks. When the active
version is not in the cache (bot/library_cache.py), or the database has none yet, a server
has a child (`python -m bot.knowledge_apart`) do it the same way, through the same code, and
then reads the result from the cache. Should the child fail, the server does it itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys

from bot.bootstrap import App, build_app
from bot.settings import Settings

log = logging.getLogger(__name__)
CHILD_TIMEOUT_S = 300.0  # a build takes seconds; past this the server builds it itself


async def prepare_apart(app: App, search: bool = True) -> None:
    """Seed and build in a child unless the active version is read from the cache as it is
    (`search`: with its indexes; without, the knowledge alone, as the worker reads it)."""
    folder = app.settings.library_cache_dir()
    if folder is None or await app.knowledge.cached(search):
        return
    env = {
        **os.environ,
        "DATABASE_URL": app.settings.database_url,
        "CACHE_DIR": str(folder),
        "KNOWLEDGE_DIR": app.settings.knowledge_dir or "",  # '' is the packaged data
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.knowledge_apart", stdin=asyncio.subprocess.DEVNULL, env=env
    )
    try:
        code = await asyncio.wait_for(child.wait(), CHILD_TIMEOUT_S)
    except TimeoutError:
        code = None
        await stop(child)
    except BaseException:  # the server stopped while it waited: no orphan left behind
        await stop(child)
        raise
    if code != 0:
        log.warning("knowledge not prepared apart (exit %s): built here", code)


async def stop(child: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError):
        child.kill()
    await child.wait()


async def _prepare() -> None:
    app = await build_app(Settings())
    try:
        await app.knowledge.current()  # seeds a fresh database, builds and caches
    finally:
        await app.close()


if __name__ == "__main__":  # what prepare_apart runs
    from bot.logs import configure_logging

    configure_logging(Settings().log_level)
    asyncio.run(_prepare())
