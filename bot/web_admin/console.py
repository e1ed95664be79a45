"""The console's frame: the page renderer, the guard in front of every /admin address
(a live session for all but the sign-in page, a CSRF token on every POST), and the keys
under which a request carries the signed-in admin and the form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web
from multidict import MultiDictProxy

from bot.bootstrap import App
from bot.channels.contract import Registry, default_registry
from bot.web_admin.auth import AdminSession, Sessions, clear_cookie, csrf_ok
from bot.web_admin.drafts import Drafts
from knowledge import LANGS

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"
CONSOLE_KEY = web.AppKey("web_console", object)
ADMIN = web.RequestKey("admin", AdminSession)  # the signed-in admin, set by the guard
FORM = web.RequestKey("form", MultiDictProxy)  # a POST's form, read once by the guard
PUBLIC = ("/admin/login",)
HEADERS = {
    # No script runs on these pages at all; styles are inline, charts inline SVG.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # a login link never leaks in a Referer
    "Cache-Control": "no-store",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Console:
    def __init__(self, app: App, channels: Registry | None = None) -> None:
        self.app = app
        # The channels the previews show: every one the process knows, configured or not.
        self.channels = channels or default_registry()
        secret = app.settings.web_secret.get_secret_value() if app.settings.web_secret else None
        self.sessions = Sessions(app.sessions, app.admin.admins, secret)
        self.drafts = Drafts(app.sessions, app.knowledge)

    @cached_property
    def jinja(self) -> jinja2.Environment:
        """Made when a page is first shown: a server whose console is never opened does not
        import Jinja (about a megabyte)."""
        import jinja2

        return jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def page(
        self,
        request: web.Request,
        template: str,
        status: int = 200,
        **values: Any,
    ) -> web.Response:
        current: AdminSession | None = request.get(ADMIN)
        lang = current.language if current else lang_from_header(request)

        def t(key: str, **args: Any) -> str:
            return self.app.translator(lang, key, **args)

        html = self.jinja.get_template(template).render(
            t=t, lang=lang, langs=LANGS, admin=current, path=request.path, **values
        )
        return web.Response(text=html, status=status, content_type="text/html", headers=HEADERS)

    def refuse(self, request: web.Request, status: int, reason: str) -> web.Response:
        response = self.page(request, "login.html", status=status, reason=reason)
        if status == 401:
            clear_cookie(response)
        return response

    async def audit(self, request: web.Request, action: str, detail: str = "") -> None:
        await self.app.admin.audit(request[ADMIN].user, action, detail)


def lang_from_header(request: web.Request) -> str:
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "en"


def console_of(request: web.Request) -> Console:
    return request.app[CONSOLE_KEY]  # type: ignore[return-value]


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every /admin address but the login page needs a live session; every POST its CSRF."""
    if not request.path.startswith("/admin") or request.path.startswith(PUBLIC):
        return await handler(request)
    console = console_of(request)
    current = await console.sessions.load(request.cookies.get("tradebot_admin"))
    if current is None:
        return console.refuse(request, 401, "admin-web-signed-out")
    request[ADMIN] = current
    if request.method == "POST":
        form = await request.post()
        if not csrf_ok(current, form.get("csrf")):
            return console.refuse(request, 403, "admin-web-forged")
        request[FORM] = form
    return await handler(request)
