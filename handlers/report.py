"""'Report what happened': an anonymous incident report after a border situation.

The saved report has no link to the trader: no platform id, no conversation reference,
no time but the approximate day, a random id; the draft lives in her conversation state
only until it is saved, and then the situation it was about is cleared from it too.
"""

from __future__ import annotations

import datetime as dt

from handlers.context import Context
from handlers.crossings import receipt_reply
from handlers.effects import IncidentReported
from handlers.events import Choice, Reply
from handlers.state import State, Step, entry_step, lang_of
from handlers.turns import Turn
from handlers.views import border_countries, post_label

MAX_REPORT_TEXT = 300
MAX_POSTS_LISTED = 9
WHEN = ("today", "yesterday", "week", "earlier")
# Steps a finished report leaves out of 'Back': its own, and the situation it was about.
REPORT_TRAIL = frozenset(
    {Step.REPORT_POST.value, Step.REPORT_DATE.value, Step.REPORT_TEXT.value}
    | {Step.SITUATION.value, Step.BORDER.value}
)


def occurred_on(when: str, today: dt.date) -> dt.date:
    """Days are approximate on purpose: the report is counted per month, not traced."""
    days = {"today": 0, "yesterday": 1, "week": 4, "earlier": 14}[when]
    return today - dt.timedelta(days=days)


def posts_to_offer(ctx: Context, state: State) -> list[tuple[str, str]]:
    knowledge = ctx.knowledge
    countries = border_countries(state)
    posts = (
        knowledge.border_posts_for(countries[0], countries[1])
        if countries
        else list(knowledge.border_posts)
    )
    return [(p.id, post_label(p, lang_of(state))) for p in posts[:MAX_POSTS_LISTED]]


# ---- choices ----------------------------------------------------------------------------


def choose_report(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    if state.situation not in ctx.knowledge.situations:
        return False
    state.report_post = state.report_date = None
    state.go(Step.REPORT_POST)
    return True


def choose_post(state: State, value: str, ctx: Context, out: Turn) -> bool:
    known = {post_id for post_id, _ in posts_to_offer(ctx, state)}
    if value != "other" and value not in known:
        return False
    state.report_post = value
    state.go(Step.REPORT_DATE)
    return True


def choose_date(state: State, value: str, ctx: Context, out: Turn) -> bool:
    if value not in WHEN:
        return False
    state.report_date = value
    state.go(Step.REPORT_TEXT)
    return True


def finish(state: State, ctx: Context, out: Turn, text: str | None) -> None:
    if state.situation is None or state.report_date is None:
        return
    post = None if state.report_post in (None, "other") else state.report_post
    out.effects.append(
        IncidentReported(state.situation, post, occurred_on(state.report_date, ctx.today), text)
    )
    lang = lang_of(state)
    receipt_reply(ctx, lang, post, out)  # the code she may keep, with 'keep me posted'
    receipt = out.replies.pop()
    # A short thank-you and the receipt, with the border list's buttons: the help itself is
    # not sent again.
    thanks = ctx.t(lang, "report-thanks-short")
    out.replies.append(Reply(f"{thanks}\n\n{receipt.text}", receipt.choices))
    # Without buttons of its own ('keep me posted' for a named crossing) the thank-you
    # carries the list's buttons; with them, the list follows in a message of its own.
    out.attach = not receipt.choices
    # Nothing in her conversation may tell what she reported: the draft and the situation
    # are cleared, the report's screens and the situation's leave 'Back', and she is at the
    # list of situations.
    state.report_post = state.report_date = state.situation = None
    while state.back and entry_step(state.back[-1]) in REPORT_TRAIL:
        state.back.pop()
    state.step = Step.BORDER


def choose_skip_text(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    if state.step != Step.REPORT_TEXT:
        return False
    finish(state, ctx, out, None)
    return True


def text_report(state: State, text: str, ctx: Context, out: Turn) -> None:
    if state.step == Step.REPORT_TEXT:
        finish(state, ctx, out, text[:MAX_REPORT_TEXT])
    else:
        out.replies.append(Reply(ctx.t(lang_of(state), "report-use-buttons")))


# ---- prompts ----------------------------------------------------------------------------


def show_post(ctx: Context, lang: str, state: State) -> list[Reply]:
    choices = [Choice(f"rp:{post_id}", name) for post_id, name in posts_to_offer(ctx, state)]
    choices.append(Choice("rp:other", ctx.t(lang, "report-post-other")))
    return [Reply(ctx.t(lang, "report-ask-post"), tuple(choices))]


def show_date(ctx: Context, lang: str, state: State) -> list[Reply]:
    choices = tuple(Choice(f"rd:{when}", ctx.t(lang, f"report-when-{when}")) for when in WHEN)
    return [Reply(ctx.t(lang, "report-ask-date"), choices)]


def show_text(ctx: Context, lang: str, state: State) -> list[Reply]:
    text = ctx.t(lang, "report-ask-text", limit=MAX_REPORT_TEXT)
    return [Reply(text, (Choice("rt:skip", ctx.t(lang, "report-skip")),))]
