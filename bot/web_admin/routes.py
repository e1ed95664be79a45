"""The console's addresses under /admin: signing in and out, the dashboard, the audit log,
and the routes of the knowledge and broadcast pages."""

from __future__ import annotations

from aiohttp import web

from bot.bootstrap import App
from bot.channels.contract import Registry
from bot.web_admin.auth import clear_cookie, consume_login_token, set_cookie
from bot.web_admin.broadcast_pages import (
    broadcast_preview,
    broadcast_send,
    broadcast_status,
    broadcasts_page,
)
from bot.web_admin.console import ADMIN, CONSOLE_KEY, FORM, Console, console_of, guard
from bot.web_admin.dashboard import dashboard
from bot.web_admin.knowledge_pages import (
    add_synonym,
    discard,
    edit_page,
    gaps_page,
    knowledge_page,
    preview_page,
    publish,
    publish_page,
    rollback,
)
from handlers.events import UserRef

# ---- signing in and out -----------------------------------------------------------------


async def login_page(request: web.Request) -> web.Response:
    return console_of(request).page(request, "login.html", reason="admin-web-how-to")


async def login_link(request: web.Request) -> web.Response:
    """The link opens a page with one button, so a messenger's link preview cannot use it."""
    return console_of(request).page(
        request, "login_confirm.html", token=request.match_info["token"]
    )


async def login(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    found = await consume_login_token(console.app.sessions, request.match_info["token"])
    if found is None or found[0] not in console.app.admin.admins:
        return console.refuse(request, 403, "admin-web-link-invalid")
    admin, lang = found
    cookie = await console.sessions.start(admin, lang)
    channel, _, platform_id = admin.partition(":")
    await console.app.admin.audit(UserRef(channel, platform_id), "web-login")
    response = web.HTTPSeeOther("/admin/")
    set_cookie(request, response, cookie)
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    await console.audit(request, "web-logout")
    await console.sessions.end(request[ADMIN])
    response = web.HTTPSeeOther("/admin/login")
    clear_cookie(response)
    raise response


async def set_language(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    await console.sessions.set_language(request[ADMIN], str(request[FORM].get("lang", "")))
    back = str(request[FORM].get("back") or "")
    # Back to the page it was sent from, and never off the console (no open redirect).
    raise web.HTTPSeeOther(back if back.startswith("/admin") else "/admin/")


async def dashboard_page(request: web.Request) -> web.Response:
    console = console_of(request)
    charts = await dashboard(console.app.sessions)
    return console.page(request, "dashboard.html", charts=charts)


async def audit_page(request: web.Request) -> web.Response:
    from sqlalchemy import select

    from bot.models import AuditLog

    console = console_of(request)
    async with console.app.sessions() as session:
        rows = list(await session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(200)))
    return console.page(request, "audit.html", rows=rows)


def setup_admin_routes(
    web_app: web.Application, app: App, channels: Registry | None = None
) -> None:
    web_app[CONSOLE_KEY] = Console(app, channels)
    web_app.middlewares.append(guard)
    router = web_app.router
    router.add_get("/admin/login", login_page)
    router.add_get("/admin/login/{token}", login_link)
    router.add_post("/admin/login/{token}", login)
    router.add_post("/admin/logout", logout)
    router.add_post("/admin/language", set_language)
    router.add_get("/admin", dashboard_page)
    router.add_get("/admin/", dashboard_page)
    router.add_get("/admin/knowledge", knowledge_page)
    router.add_get("/admin/knowledge/{section}/{key}", edit_page)
    router.add_post("/admin/knowledge/{section}/{key}", edit_page)
    router.add_get("/admin/preview", preview_page)
    router.add_get("/admin/publish", publish_page)
    router.add_post("/admin/publish", publish)
    router.add_post("/admin/discard", discard)
    router.add_post(r"/admin/rollback/{version:\d+}", rollback)
    router.add_get("/admin/gaps", gaps_page)
    router.add_post("/admin/gaps/synonym", add_synonym)
    router.add_get("/admin/broadcasts", broadcasts_page)
    router.add_post("/admin/broadcasts/preview", broadcast_preview)
    router.add_post("/admin/broadcasts/send", broadcast_send)
    router.add_get(r"/admin/broadcasts/{id:\d+}", broadcast_status)
    router.add_get("/admin/audit", audit_page)
