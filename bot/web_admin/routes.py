"""The console's pages and actions under /admin, and the guard in front of them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from multidict import MultiDictProxy

from bot.bootstrap import App
from bot.web_admin import broadcasts, editing
from bot.web_admin.auth import (
    AdminSession,
    Sessions,
    clear_cookie,
    consume_login_token,
    csrf_ok,
    set_cookie,
)
from bot.web_admin.dashboard import dashboard, gaps
from bot.web_admin.drafts import Drafts
from bot.web_admin.preview import screens
from handlers.events import Reply
from knowledge import LANGS
from knowledge.diff import diff_knowledge
from knowledge.loader import Problem, load_texts

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
    def __init__(self, app: App) -> None:
        self.app = app
        secret = app.settings.web_secret.get_secret_value() if app.settings.web_secret else None
        self.sessions = Sessions(app.sessions, app.admin.admins, secret)
        self.drafts = Drafts(app.sessions, app.knowledge)
        self.jinja = jinja2.Environment(
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
    from handlers.events import UserRef

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
    raise web.HTTPSeeOther(str(request[FORM].get("back") or "/admin/"))


# ---- pages ------------------------------------------------------------------------------


async def dashboard_page(request: web.Request) -> web.Response:
    console = console_of(request)
    charts = await dashboard(console.app.sessions)
    return console.page(request, "dashboard.html", charts=charts)


async def knowledge_page(request: web.Request) -> web.Response:
    console = console_of(request)
    section = request.query.get("section", "requirements")
    if section not in editing.sections():
        raise web.HTTPNotFound()
    query = request.query.get("q", "")
    files = await console.drafts.working_files()
    found = editing.search(files, section, query)
    lang = request[ADMIN].language
    rows = [
        (editing.key_of(x.item), editing.label(x.item, lang), editing.missing_languages(x.item))
        for x in found
    ]
    return console.page(
        request,
        "knowledge.html",
        sections=editing.sections(),
        section=section,
        query=query,
        rows=rows,
        draft=await console.drafts.current(),
    )


async def edit_page(request: web.Request) -> web.Response:
    console = console_of(request)
    section, key = request.match_info["section"], request.match_info["key"]
    if section not in editing.sections():
        raise web.HTTPNotFound()
    files = await console.drafts.working_files()
    located = editing.find(files, section, key)
    if located is None:
        raise web.HTTPNotFound()
    fields = editing.form_fields(section, located.item)
    other: list[Problem] = []
    saved = False
    if request.method == "POST":
        form = {k: str(v) for k, v in request[FORM].items()}
        new_item, yaml_errors = editing.apply_form(section, located.item, form)
        fields = editing.form_fields(section, new_item)
        for spec in fields:  # what the admin typed stays in the form, even when invalid
            if spec.kind == "yaml" and spec.name in yaml_errors:
                spec.value = form.get(spec.name, "")
                spec.errors.append(problem_text(request, Problem("", "", "not valid YAML")))
        if not yaml_errors:
            new_files = editing.replace_item(files, located, section, new_item)
            verdict = await asyncio.to_thread(editing.validate, new_files, located, section, key)
            if verdict.ok:
                await console.drafts.save(
                    new_files, {"section": section, "key": key, "admin": request[ADMIN].admin}
                )
                await console.audit(request, "web-edit", f"{section} {key}")
                saved = True
            else:
                attach_problems(request, fields, verdict.field_problems)
                other = verdict.other_problems
                await console.audit(request, "web-edit-refused", f"{section} {key}")
    return console.page(
        request,
        "edit.html",
        section=section,
        key=key,
        fields=fields,
        other=[f"{p.where}: {problem_text(request, p)}" for p in other],
        saved=saved,
        key_fields=editing.KEY_FIELDS,
    )


def problem_text(request: web.Request, problem: Problem) -> str:
    code, values = problem.kind()
    return console_of(request).app.translator(
        request[ADMIN].language, f"kb-problem-{code}", **values
    )


def attach_problems(
    request: web.Request, fields: list[editing.FormField], problems: dict[str, list[Problem]]
) -> None:
    by_name = {spec.name: spec for spec in fields}
    for name, found in problems.items():
        spec = by_name.get(name) or fields[0]
        for problem in found:
            lang = problem.path.rsplit(".", 1)[-1]
            if spec.kind == "text" and lang in LANGS:
                spec.lang_errors.setdefault(lang, []).append(problem_text(request, problem))
            else:
                spec.errors.append(problem_text(request, problem))


async def preview_page(request: web.Request) -> web.Response:
    console = console_of(request)
    active = (await console.app.knowledge.current()).knowledge
    draft = await console.drafts.draft_knowledge()
    query = request.query
    lang = query.get("lang") if query.get("lang") in LANGS else request[ADMIN].language
    hs, origin, destination = query.get("hs", ""), query.get("origin", ""), query.get("to", "")
    before = after = None
    if hs in active.commodities and origin in active.countries and destination in active.countries:
        # Off the loop: the first preview imports the channels' renderers (aiogram's types).
        t = console.app.translator
        before = await asyncio.to_thread(screens, active, t, lang, hs, origin, destination)
        if draft is not None:
            after = await asyncio.to_thread(
                screens, draft.with_version(active.version), t, lang, hs, origin, destination
            )
    return console.page(
        request,
        "preview.html",
        knowledge=active,
        preview_lang=lang,
        hs=hs,
        origin=origin,
        destination=destination,
        before=before,
        after=after,
        has_draft=draft is not None,
    )


async def publish_page(request: web.Request) -> web.Response:
    console = console_of(request)
    draft = await console.drafts.current()
    changes, notices = [], 0
    if draft is not None:
        new = await asyncio.to_thread(load_texts, draft.files)
        changes = diff_knowledge((await console.app.knowledge.current()).knowledge, new)
        notices = await console.drafts.notices_to_send(new)
    return console.page(
        request,
        "publish.html",
        draft=draft,
        changes=changes,
        notices=notices,
        active=(await console.app.knowledge.current()).knowledge.version,
        history=await console.app.knowledge.history(),
        result=request.query.get("done"),
    )


async def publish(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    report = await console.drafts.publish(request[ADMIN].admin)
    if report is None:
        raise web.HTTPSeeOther("/admin/publish")
    await console.audit(request, "web-publish", f"version {report.version}")
    raise web.HTTPSeeOther(f"/admin/publish?done={report.version or ''}:{report.notices}")


async def discard(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    await console.drafts.discard()
    await console.audit(request, "web-discard")
    raise web.HTTPSeeOther("/admin/publish")


async def rollback(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    version = int(request.match_info["version"])
    try:
        report = await console.app.knowledge.rollback(version, author=request[ADMIN].admin)
    except LookupError:
        raise web.HTTPNotFound() from None
    await console.audit(request, "web-rollback", f"to {version} as {report.version}")
    raise web.HTTPSeeOther(f"/admin/publish?done={report.version or version}:{report.notices}")


async def gaps_page(request: web.Request) -> web.Response:
    console = console_of(request)
    library = await console.app.knowledge.current()
    waiting = [
        gap
        for gap in await gaps(console.app.sessions)
        if not library.matcher.match(gap.query, gap.language, limit=1).candidates
    ]
    lang = request[ADMIN].language
    commodities = sorted(
        ((c.hs, c.names.get(lang)) for c in library.knowledge.commodities.values()),
        key=lambda pair: pair[0],
    )
    return console.page(
        request, "gaps.html", gaps=waiting, commodities=commodities, done=request.query.get("done")
    )


async def add_synonym(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    form = request[FORM]
    hs, lang, words = str(form.get("hs", "")), str(form.get("lang", "")), str(form.get("q", ""))
    report = await console.drafts.add_synonym(request[ADMIN].admin, hs, lang, words)
    if report is None:
        raise web.HTTPSeeOther("/admin/gaps?done=0")
    await console.audit(request, "web-synonym", f"{hs} {lang}: {words[:100]}")
    raise web.HTTPSeeOther(f"/admin/gaps?done={report.version or ''}")


async def broadcasts_page(request: web.Request) -> web.Response:
    console = console_of(request)
    sessions = console.app.sessions
    return console.page(
        request,
        "broadcasts.html",
        flows=await broadcasts.followed_flows(sessions),
        countries=sorted((await console.app.knowledge.current()).knowledge.countries),
        recent=await broadcasts.recent(sessions),
    )


def target_of(request: web.Request) -> broadcasts.Target:
    form = request[FORM]
    return broadcasts.Target.from_form(
        [str(v) for v in form.getall("lang", [])],
        str(form.get("country", "")),
        str(form.get("flow", "")),
    )


async def broadcast_preview(request: web.Request) -> web.Response:
    from bot.web_admin.preview import telegram_bubbles, whatsapp_bubbles

    console = console_of(request)
    text = str(request[FORM].get("text", "")).strip()[: broadcasts.MAX_TEXT]
    target = target_of(request)
    lang = request[ADMIN].language
    replies = [Reply(text)] if text else []
    return console.page(
        request,
        "broadcast_preview.html",
        text=text,
        target=target,
        count=await broadcasts.recipients(console.app.sessions, target),
        telegram=telegram_bubbles(replies, 0),
        whatsapp=whatsapp_bubbles(replies, 0, console.app.translator, lang),
    )


async def broadcast_send(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    text = str(request[FORM].get("text", "")).strip()
    if not text:
        raise web.HTTPSeeOther("/admin/broadcasts")
    target = target_of(request)
    broadcast_id, total = await broadcasts.send(
        console.app.sessions, request[ADMIN].admin, text, target
    )
    await console.audit(
        request, "web-broadcast", f"#{broadcast_id} to {total} ({target.describe()})"
    )
    raise web.HTTPSeeOther(f"/admin/broadcasts/{broadcast_id}")


async def broadcast_status(request: web.Request) -> web.Response:
    console = console_of(request)
    found = await broadcasts.progress(console.app.sessions, int(request.match_info["id"]))
    if found is None:
        raise web.HTTPNotFound()
    return console.page(request, "broadcast_status.html", progress=found)


async def audit_page(request: web.Request) -> web.Response:
    from sqlalchemy import select

    from bot.models import AuditLog

    console = console_of(request)
    async with console.app.sessions() as session:
        rows = list(await session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(200)))
    return console.page(request, "audit.html", rows=rows)


def setup_admin_routes(web_app: web.Application, app: App) -> None:
    web_app[CONSOLE_KEY] = Console(app)
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
