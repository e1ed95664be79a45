"""`/measure` in chat: list, add, extend or end a temporary measure, previewed before applied.

    /measure
    /measure add <one measure as YAML, on the lines after the command>
    /measure extend ID YYYY-MM-DD|open NUMBER YYYY-MM-DD
    /measure end ID YYYY-MM-DD [NUMBER YYYY-MM-DD]

The edited files are validated like an upload and wait, as a pending import, for the admin's
'Apply' (the upload's own button): nothing changes before that.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

from bot.measures import (
    MeasureEditError,
    add_measure,
    end_measure,
    extend_measure,
    parse_added,
    parse_day,
    parse_end,
)
from bot.models import PendingImport
from handlers.context import region_today
from handlers.events import Choice, Reply, UserRef
from knowledge.diff import diff_knowledge
from knowledge.loader import KnowledgeError, load_texts
from knowledge.measures import coming, in_force

if TYPE_CHECKING:
    from bot.admin import Admin


async def measure_command(admin: Admin, user: UserRef, argument: str, lang: str) -> list[Reply]:
    action, rest = [*re.split(r"\s+", argument.strip(), maxsplit=1), ""][:2]
    action = action.strip().lower()
    try:
        files = await admin.knowledge.active_files()
        if action == "add":
            edited = add_measure(files, parse_added(rest))
        elif action == "extend":
            words = rest.split()
            if len(words) != 4:
                return [Reply(admin.t(lang, "admin-measure-usage"))]
            measure_id, end, number, date = words
            edited = extend_measure(files, measure_id, parse_end(end), number, parse_day(date))
        elif action == "end":
            words = rest.split()
            if len(words) not in (2, 4):
                return [Reply(admin.t(lang, "admin-measure-usage"))]
            act = (words[2], parse_day(words[3])) if len(words) == 4 else None
            edited = end_measure(files, words[0], parse_day(words[1]), act)
        else:
            return await measure_list(admin, user, lang)
    except MeasureEditError as error:
        return [Reply(admin.t(lang, f"admin-measure-{error.code}", **error.values))]
    return await preview(admin, user, edited, f"measure {action}", lang)


async def preview(
    admin: Admin, user: UserRef, files: dict[str, str], what: str, lang: str
) -> list[Reply]:
    try:
        new = await asyncio.to_thread(load_texts, files)
    except KnowledgeError as error:
        await admin.audit(user, "measure-invalid", f"{what}: {len(error.problems)} problems")
        lines = [admin.t(lang, "admin-upload-invalid", count=len(error.problems))]
        lines += [admin.problem_line(lang, p) for p in error.problems[:15]]
        return [Reply("\n".join(lines))]
    current = (await admin.knowledge.current()).knowledge
    changes = diff_knowledge(current, new)
    if not changes:
        return [Reply(admin.t(lang, "admin-upload-no-change"))]
    async with admin.sessions.begin() as session:
        pending = PendingImport(admin=admin.name_of(user), files=files)
        session.add(pending)
        await session.flush()
        pending_id = pending.id
    await admin.audit(user, "measure-previewed", what)
    choices = (
        Choice(f"adm:import:{pending_id}", admin.t(lang, "admin-choice-apply")),
        Choice("adm:cancel", admin.t(lang, "admin-choice-cancel")),
    )
    return [Reply(admin.change_report(lang, "admin-upload-preview", changes), choices)]


async def measure_list(admin: Admin, user: UserRef, lang: str) -> list[Reply]:
    await admin.audit(user, "measures")
    knowledge = (await admin.knowledge.current()).knowledge
    today = region_today()
    shown = [m for m in knowledge.measures.values() if in_force(m, today) or coming(m, today)]
    if not shown:
        lines = [admin.t(lang, "admin-measure-none")]
    else:
        lines = [admin.t(lang, "admin-measure-list")]
        for m in sorted(shown, key=lambda m: (m.country, m.start, m.id)):
            end = m.end.isoformat() if m.end else admin.t(lang, "measure-until-cancelled")
            lines.append(
                f"• {m.id} · {m.country} {m.direction.value} {m.kind.value} "
                f"· {m.start.isoformat()} → {end}"
            )
    return [Reply("\n".join([*lines, "", admin.t(lang, "admin-measure-usage")]))]
