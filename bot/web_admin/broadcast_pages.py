"""The broadcast pages: compose, preview on every channel of the registry with the
recipients counted, send through the outbox, and watch the progress."""

from __future__ import annotations

from aiohttp import web

from bot.web_admin import broadcasts
from bot.web_admin.console import ADMIN, FORM, console_of
from handlers.events import Reply


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
    from bot.web_admin.preview import phones

    console = console_of(request)
    text = str(request[FORM].get("text", "")).strip()[: broadcasts.MAX_TEXT]
    target = target_of(request)
    # The channels' own words ('more', a list's button) in the traders' language when one
    # is targeted, else in the admin's.
    lang = target.languages[0] if len(target.languages) == 1 else request[ADMIN].language
    replies = [Reply(text)] if text else []
    return console.page(
        request,
        "broadcast_preview.html",
        text=text,
        target=target,
        count=await broadcasts.recipients(console.app.sessions, target),
        # every channel of the registry, each by its own renderer (SMS: segments counted)
        phones=phones(console.channels, replies, 0, console.app.translator, lang),
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
