"""Long-running processes: Telegram polling, the web server, the outbox worker."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gc
import logging
import sys

from bot.bootstrap import App

log = logging.getLogger(__name__)


async def settle(app: App, search: bool = True) -> None:
    """Load the knowledge, then exempt everything built so far from garbage collection.

    The knowledge base and its search indexes are hundreds of thousands of long-lived
    objects; without `gc.freeze()` every full collection walks them all again. A process
    that never searches (`search=False`, the worker) loads the knowledge without them.
    What the cache does not have yet is seeded and built in a child process first
    (bot/knowledge_apart.py), so that its peak is not the server's.
    """
    from bot.knowledge_apart import prepare_apart

    await prepare_apart(app, search)
    if search:
        await app.knowledge.current()
    else:
        await app.knowledge.current_knowledge()
    gc.collect()
    gc.freeze()
    with contextlib.suppress(OSError, AttributeError):  # what start-up freed, back to the OS
        ctypes.CDLL("libc.so.6").malloc_trim(0)


async def polling(app: App, args: argparse.Namespace) -> int:
    from bot.channels.telegram import run_polling

    if app.settings.telegram_token is None:
        sys.stderr.write("TELEGRAM_TOKEN is not set\n")
        return 2
    await settle(app)
    await run_polling(app)
    return 0


async def serve(app: App, args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.web import create_web_app

    web_app = await create_web_app(app)
    await settle(app)
    access_log = logging.getLogger("aiohttp.access") if app.settings.access_log else None
    runner = web.AppRunner(web_app, access_log=access_log)
    await runner.setup()
    site = web.TCPSite(runner, app.settings.host, app.settings.port)
    await site.start()
    log.info("listening on %s:%s", app.settings.host, app.settings.port)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
    return 0


async def worker(app: App, args: argparse.Namespace) -> int:
    from bot.worker import run_worker

    await settle(app, search=False)
    await run_worker(app)
    return 0
