"""Bans and quotas first: the temporary measures on the flow, before any step of an answer."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from handlers.context import Context
from handlers.state import State
from knowledge.measures import measures_for
from knowledge.models import Act, Measure, MeasureKind, localized

# A ban stops the goods; a quota, licence or seasonal limit lets some through.
MARKS = {
    MeasureKind.BAN: "⛔",
    MeasureKind.SANITARY_BAN: "⛔",
    MeasureKind.QUOTA: "⚠️",
    MeasureKind.LICENCE: "⚠️",
    MeasureKind.SEASONAL: "⚠️",
}


def measure_lines(ctx: Context, lang: str, state: State) -> list[str]:
    """Two lines per measure in force on ctx.today or beginning within 30 days, then a blank
    line; nothing when no measure touches the flow."""
    if not (state.hs and state.origin and state.destination):
        return []
    found = measures_for(ctx.knowledge, state.hs, state.origin, state.destination, ctx.today)
    lines: list[str] = []
    for measure in found.in_force:
        lines += [
            f"{MARKS[measure.kind]} {measure.text.get(lang)}",
            period_line(ctx, lang, measure),
        ]
    for measure in found.coming:
        lines += [
            ctx.t(
                lang, "measure-coming", start=day(measure.start, lang), text=measure.text.get(lang)
            ),
            period_line(ctx, lang, measure),
        ]
    return [*lines, ""] if lines else []


def period_line(ctx: Context, lang: str, measure: Measure) -> str:
    until = (
        ctx.t(lang, "measure-until", end=day(measure.end, lang))
        if measure.end
        else ctx.t(lang, "measure-until-cancelled")
    )
    return f"{until} · {act_text(ctx, lang, measure.latest_act)}"


def act_text(ctx: Context, lang: str, act: Act) -> str:
    return ctx.t(
        lang,
        "measure-act",
        title=localized(act.title, lang),
        number=act.number,
        date=day(act.date, lang),
    )


def day(value: dt.date, lang: str) -> str:
    return format_date(value, format="medium", locale=lang)
