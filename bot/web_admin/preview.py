"""An answer as a trader will see it, rendered by the channels' own renderers.

The screens come from the conversation itself (`handlers.dialog.prompt` on the answer step
and on each step's detail), so the preview is what the bot sends; every channel of the
registry then shows them through its own renderer (`ChannelSpec.preview`,
bot/channels/bubbles.py): Telegram and WhatsApp cut, escape and lay out buttons, SMS fits
them into its segment budget and counts each SMS's segments. A channel added to the
registry appears here without a line of the console changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.channels.bubbles import Bubble
from bot.channels.contract import Registry
from handlers.context import Context, Library, Translator
from handlers.dialog import Turn, prompt
from handlers.events import Reply
from handlers.state import State, Step
from knowledge.base import Knowledge


@dataclass
class Phone:
    """One channel's messages: its name as shown, a CSS class, and its bubbles."""

    title: str
    kind: str
    bubbles: list[Bubble]


@dataclass
class Screen:
    title: str
    phones: list[Phone]


def phones(
    channels: Registry, replies: Sequence[Reply], version: int, t: Translator, lang: str
) -> list[Phone]:
    """The replies on every channel of the registry, each by its own renderer."""
    return [
        Phone(spec.shown_as, spec.name, spec.bubbles()(replies, version, t, lang))
        for spec in channels
    ]


def screens_replies(
    knowledge: Knowledge, t: Translator, lang: str, hs: str, origin: str, destination: str
) -> list[tuple[str, list[Reply]]]:
    """The answer, then each of its steps opened, as the conversation shows them."""
    library = Library.build(knowledge)
    context = Context(library, t)
    commodity = knowledge.commodities.get(hs)
    if commodity is None:
        return []
    out: list[tuple[str, list[Reply]]] = []
    answer = State(Step.ANSWER, lang, hs=hs, origin=origin, destination=destination)
    answer.back = [Step.DESTINATION.value]
    turn = Turn()
    prompt(answer, context, turn)
    out.append(("answer", turn.replies))
    for number in range(1, len(knowledge.steps_for(commodity, origin, destination)) + 1):
        state = State(Step.DETAIL, lang, hs=hs, origin=origin, destination=destination)
        state.detail, state.back = number, [Step.ANSWER.value]
        turn = Turn()
        prompt(state, context, turn)
        out.append((f"step {number}", turn.replies))
    return out


def screens(
    channels: Registry,
    knowledge: Knowledge,
    t: Translator,
    lang: str,
    hs: str,
    origin: str,
    destination: str,
) -> list[Screen]:
    version = knowledge.version or 0
    return [
        Screen(title, phones(channels, replies, version, t, lang))
        for title, replies in screens_replies(knowledge, t, lang, hs, origin, destination)
    ]
