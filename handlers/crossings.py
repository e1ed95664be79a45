"""'How is this crossing?': published incident figures for the crossings of her route, the
receipt a report ends with, and following what is done about a crossing."""

from __future__ import annotations

import secrets

from babel.dates import format_date

from handlers.context import Context
from handlers.effects import CrossingFollowed, ReceiptIssued
from handlers.events import Choice, Reply
from handlers.incident_stats import CrossingFigures, IncidentStats, first_day
from handlers.state import State, lang_of
from handlers.turns import Turn
from handlers.views import border_countries, post_name

MAX_CROSSINGS = 5  # crossings listed without a route
MAX_FOLLOW_BUTTONS = 3
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def period(ctx: Context, lang: str, stats: IncidentStats) -> str:
    if not stats.months:
        return "–"
    start = format_date(first_day(stats.months[0]), format="LLL y", locale=lang)
    end = format_date(first_day(stats.months[-1]), format="LLL y", locale=lang)
    return f"{start} – {end}"


def situation_title(ctx: Context, lang: str, situation: str) -> str:
    found = ctx.knowledge.situations.get(situation)
    return found.title.get(lang) if found else situation


def figures_line(ctx: Context, lang: str, figures: CrossingFigures) -> str:
    parts = [f"{situation_title(ctx, lang, s)} {n}" for s, n in figures.situations]
    if figures.other:
        parts.append(ctx.t(lang, "crossing-other-situations", count=figures.other))
    text = ctx.t(lang, "crossing-figures", count=figures.total, detail=", ".join(parts))
    trend = figures.trend
    if trend is None:
        return text + " " + ctx.t(lang, "crossing-trend-none")
    return text + " " + ctx.t(lang, "crossing-trend", change=f"{trend:+d}")


def route_posts(ctx: Context, state: State) -> list[str]:
    countries = border_countries(state)
    if not countries:
        return []
    return [p.id for p in ctx.knowledge.border_posts_for(countries[0], countries[1])]


def crossing_reply(ctx: Context, lang: str, state: State) -> Reply:
    """Figures for the crossings of her route (all crossings with figures, without one)."""
    stats = ctx.published.stats if ctx.published else IncidentStats()
    names = {p.id: post_name(p.names) for p in ctx.knowledge.border_posts}
    posts = route_posts(ctx, state)
    lines = [ctx.t(lang, "crossing-header", period=period(ctx, lang, stats))]
    if not posts:
        ranked = sorted(stats.crossings.values(), key=lambda f: -f.total)[:MAX_CROSSINGS]
        shown = [f.post for f in ranked if f.post in names]
    else:
        shown = posts
    if not shown:
        lines.append(ctx.t(lang, "crossing-none", k=5))
    for post in shown:
        figures = stats.crossings.get(post)
        lines.append("")
        lines.append(f"🛂 {names.get(post, post)}")
        if figures is None:
            lines.append(ctx.t(lang, "crossing-too-few", k=5))
        else:
            lines.append(figures_line(ctx, lang, figures))
    lines += ["", ctx.t(lang, "crossing-footer")]
    if ctx.published and ctx.published.page_url:
        lines.append(f"{ctx.published.page_url}/stats?lang={lang}")
    follow = tuple(
        Choice(f"xf:{post}", ctx.t(lang, "choice-follow-crossing", crossing=names[post][:22]))
        for post in posts[:MAX_FOLLOW_BUTTONS]
    )
    return Reply("\n".join(lines), follow)


def receipt_reply(ctx: Context, lang: str, post: str | None, out: Turn) -> None:
    """The end of a report: a code she may keep, and following what is done about it."""
    code = new_receipt_code()
    out.effects.append(ReceiptIssued(code, post))
    text = ctx.t(lang, "report-receipt", code=code)
    if ctx.published and ctx.published.page_url:
        text += f"\n{ctx.published.page_url}/stats/receipt/{code}?lang={lang}"
    if post is None:
        out.replies.append(Reply(text))
        return
    out.replies.append(Reply(text, (Choice(f"xf:{post}", ctx.t(lang, "choice-receipt-follow")),)))


# ---- choices ----------------------------------------------------------------------------


def choose_crossings(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    out.replies.append(crossing_reply(ctx, lang_of(state), state))
    out.quiet = True
    return True


def choose_follow(state: State, value: str, ctx: Context, out: Turn) -> bool:
    post = next((p for p in ctx.knowledge.border_posts if p.id == value), None)
    if post is None:
        return False
    out.effects.append(CrossingFollowed(post.id))
    lang = lang_of(state)
    out.replies.append(Reply(ctx.t(lang, "crossing-followed", crossing=post_name(post.names))))
    out.quiet = True
    return True
