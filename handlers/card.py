"""The rights card in short: one country's rights in a few words each, for a channel that
carries little at a time (one SMS), with the full card ('keep') one choice away.

`card:KZ` shows Kazakhstan's card; `card:` the card of the country whose officials she
faces on her route (where the goods go, else where they come from), or asks which country
when she has no route. The card's rights and their short forms are the knowledge's
(`cards` and each right's `short`, covered by the right's own source); they come most
useful first, so a channel that must cut keeps the first lines.
"""

from __future__ import annotations

from handlers.context import Context
from handlers.events import Choice, Reply
from handlers.state import State, lang_of
from handlers.turns import Turn
from knowledge.base import Knowledge

PREFIX = "card"
FULL = "keep"  # the full card, every right with its full citation (handlers/views.keep_card)


def card_country(knowledge: Knowledge, state: State) -> str | None:
    """Where she faces officials: the destination's, else the origin's, when it has a card."""
    return next((c for c in (state.destination, state.origin) if c in knowledge.cards), None)


def card_lines(ctx: Context, lang: str, country: str) -> list[str]:
    """The header, then one line per right: its short form and its abbreviated basis (the
    act's name is not repeated on the lines that follow it)."""
    knowledge = ctx.knowledge
    name = knowledge.country_name(country, lang)
    lines = [ctx.t(lang, "card-header", country=name)]
    previous_act = None
    for right_id in knowledge.cards[country].rights:
        short = knowledge.rights[right_id].short
        assert short is not None  # checked when the knowledge is loaded
        act = short.act.get(lang)
        article = short.article.get(lang) if short.article else ""
        basis = article if act == previous_act and article else f"{act} {article}".strip()
        previous_act = act
        lines.append(f"{short.text.get(lang)} ({basis})")
    return lines


def short_card(ctx: Context, lang: str, country: str) -> Reply:
    return Reply(
        "\n".join(card_lines(ctx, lang, country)), (Choice(FULL, ctx.t(lang, "card-full")),)
    )


def which_country(ctx: Context, lang: str) -> Reply:
    knowledge = ctx.knowledge
    choices = tuple(
        Choice(f"{PREFIX}:{code}", knowledge.country_name(code, lang)) for code in knowledge.cards
    )
    return Reply(ctx.t(lang, "card-which"), choices)


def choose_card(state: State, value: str, ctx: Context, out: Turn) -> bool:
    """A one-off reply: the screen she is at stays (a 'Save' of its own)."""
    knowledge = ctx.knowledge
    if value and value not in knowledge.cards:
        return False
    country = value or card_country(knowledge, state)
    lang = lang_of(state)
    out.replies.append(short_card(ctx, lang, country) if country else which_country(ctx, lang))
    if FULL not in state.offered:
        state.offered = [*state.offered, FULL]
    out.quiet = True
    return True
