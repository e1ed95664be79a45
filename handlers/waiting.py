"""'Tell me when you know this': a search with no match waits for the knowledge to grow."""

from __future__ import annotations

from handlers.context import Context
from handlers.effects import QuestionWaiting
from handlers.events import Choice, Reply
from handlers.state import State, lang_of
from handlers.turns import Turn

MAX_QUERY = 100


def offer(ctx: Context, lang: str, state: State, query: str) -> tuple[Choice, ...]:
    """The button under 'not found'; the query waits in her state until the next search."""
    state.missed = query[:MAX_QUERY]
    return (Choice("wq", ctx.t(lang, "choice-tell-me")),)


def choose_wait(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    if not state.missed:
        return False
    lang = lang_of(state)
    out.effects.append(QuestionWaiting(state.missed, lang, state.origin, state.destination))
    out.replies.append(Reply(ctx.t(lang, "waiting-saved", query=state.missed)))
    state.missed = None
    out.quiet = True
    return True
