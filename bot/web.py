"""The web server of `tradebot serve`: messenger webhooks and operations endpoints."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from sqlalchemy import text

from bot.bootstrap import App
from bot.channels.base import RECOVERY_KEY
from bot.channels.contract import Registry, Services, default_registry
from bot.inbox import Recovery
from bot.settings import DEV_DEDUPE_SECRET
from bot.stats_page import setup_stats_routes

log = logging.getLogger(__name__)
APP_KEY = web.AppKey("tradebot", App)


async def healthz(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    try:
        async with app.sessions() as session:
            await session.execute(text("SELECT 1"))
        library = await app.knowledge.current()
    except Exception as error:  # any failure means 'not healthy'; say which kind
        return web.json_response({"ok": False, "error": type(error).__name__}, status=503)
    return web.json_response({"ok": True, "knowledge_version": library.knowledge.version})


async def metrics(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    return web.Response(body=app.metrics.render(), content_type="text/plain", charset="utf-8")


async def create_web_app(app: App, channels: Registry | None = None) -> web.Application:
    """Operations endpoints, the admins' console, and the routes of every enabled channel
    of the registry (bot/channels/contract.py; the shipped channels by default)."""
    web_app = web.Application(client_max_size=1024 * 1024)
    web_app[APP_KEY] = app
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics)
    setup_stats_routes(web_app, APP_KEY)
    from bot.web_admin.routes import setup_admin_routes

    channels = channels or default_registry()
    setup_admin_routes(web_app, app, channels)  # the admins' console under /admin
    web_app[RECOVERY_KEY] = Recovery(app.inbox)
    services = Services.of(app)
    enabled = channels.enabled(app.settings)
    for spec in enabled:
        if spec.mount is not None:
            await spec.mount(web_app, services)
    web_app.cleanup_ctx.append(recovering)
    if app.settings.dedupe_secret.get_secret_value() == DEV_DEDUPE_SECRET and enabled:
        log.warning("DEDUPE_SECRET is the development default: set your own in production")
    return web_app


async def recovering(web_app: web.Application) -> AsyncIterator[None]:
    """What a crash left (updates not handled, replies not sent) is taken over while the
    server runs, starting at once; stopped before the channels close."""
    stop = asyncio.Event()
    task = asyncio.create_task(web_app[RECOVERY_KEY].run(stop))
    yield
    stop.set()
    await task
