"""The knowledge pages: browse and edit (validated on save into the draft), preview as the
channels render it, publish and roll back, and turn unanswered searches into synonyms."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.web_admin import editing
from bot.web_admin.console import ADMIN, FORM, console_of
from bot.web_admin.dashboard import gaps
from bot.web_admin.preview import screens
from knowledge import LANGS
from knowledge.diff import diff_knowledge
from knowledge.loader import Problem, load_texts


async def knowledge_page(request: web.Request) -> web.Response:
    console = console_of(request)
    section = request.query.get("section", "requirements")
    if section not in editing.sections():
        raise web.HTTPNotFound()
    query = request.query.get("q", "")
    files = await console.drafts.working_files()
    found = editing.search(files, section, query)
    lang = request[ADMIN].language
    draft = await console.drafts.current()
    drafted = {(c.get("section"), c.get("key")) for c in (draft.changes if draft else [])}
    rows = [
        (
            editing.key_of(x.item),
            editing.label(x.item, lang),
            editing.missing_languages(x.item),
            synonym_counts(x.item),
            (section, editing.key_of(x.item)) in drafted,
        )
        for x in found
    ]
    return console.page(
        request,
        "knowledge.html",
        sections=editing.sections(),
        section=section,
        query=query,
        rows=rows,
        draft=draft,
    )


def synonym_counts(item: dict) -> str:
    """'ky 3 · ru 5': how many synonyms a commodity has per language (none: nothing)."""
    synonyms = item.get("synonyms")
    if not isinstance(synonyms, dict):
        return ""
    return " · ".join(f"{lang} {len(words)}" for lang, words in synonyms.items() if words)


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
        # Off the loop: the first preview imports the channels' renderers.
        t = console.app.translator
        channels = console.channels
        before = await asyncio.to_thread(
            screens, channels, active, t, lang, hs, origin, destination
        )
        if draft is not None:
            after = await asyncio.to_thread(
                screens,
                channels,
                draft.with_version(active.version),
                t,
                lang,
                hs,
                origin,
                destination,
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
