"""Bans and quotas first: the temporary measures on the flow, before any step of an answer."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from handlers.context import Context, Translator
from handlers.state import State
from knowledge.measures import measures_for
from knowledge.models import Measure, MeasureKind, localized

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
    lines = [line for m in found.in_force for line in measure_text(ctx.t, lang, m)]
    lines += [line for m in found.coming for line in measure_text(ctx.t, lang, m, coming=True)]
    return [*lines, ""] if lines else []


def measure_text(t: Translator, lang: str, measure: Measure, coming: bool = False) -> list[str]:
    """What is restricted; then until when, and by which act."""
    text = measure.text.get(lang)
    if coming:
        first = t(lang, "measure-coming", start=day(measure.start, lang), text=text)
    else:
        first = f"{MARKS[measure.kind]} {text}"
    return [first, period_line(t, lang, measure)]


def period_line(t: Translator, lang: str, measure: Measure) -> str:
    until = (
        t(lang, "measure-until", end=day(measure.end, lang))
        if measure.end
        else t(lang, "measure-until-cancelled")
    )
    act = measure.latest_act
    title = localized(act.title, lang)
    return f"{until} · " + t(
        lang, "measure-act", title=title, number=act.number, date=day(act.date, lang)
    )


def day(value: dt.date, lang: str) -> str:
    return format_date(value, format="medium", locale=lang)
