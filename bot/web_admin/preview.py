"""An answer as a trader will see it, rendered by the channels' own renderers.

The screens come from the conversation itself (`handlers.dialog.prompt` on the answer step
and on each step's detail), so the preview is what the bot sends; Telegram's and WhatsApp's
renderers then cut, escape and lay out buttons as they do before sending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from handlers.context import Context, Library, Translator
from handlers.dialog import Turn, prompt
from handlers.events import Reply
from handlers.state import State, Step
from knowledge.base import Knowledge


@dataclass
class Bubble:
    """One message on the phone: its text, and its buttons in rows (or a list's rows)."""

    text: str
    buttons: list[list[str]] = field(default_factory=list)
    list_button: str | None = None  # WhatsApp: the button that opens the list
    rows: list[tuple[str, str]] = field(default_factory=list)  # WhatsApp list: title, note


@dataclass
class Screen:
    title: str
    telegram: list[Bubble]
    whatsapp: list[Bubble]


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


def telegram_bubbles(replies: Sequence[Reply], version: int) -> list[Bubble]:
    from bot.channels.telegram_render import keyboard, split_text

    bubbles: list[Bubble] = []
    for reply in replies:
        parts = split_text(reply.text)
        markup = keyboard(reply.choices, version)
        for number, part in enumerate(parts, start=1):
            rows = markup["inline_keyboard"] if markup and number == len(parts) else []
            bubbles.append(Bubble(part, [[b["text"] for b in row] for row in rows]))
    return bubbles


def whatsapp_bubbles(
    replies: Sequence[Reply], version: int, t: Translator, lang: str
) -> list[Bubble]:
    from bot.channels.whatsapp_client import labels_for
    from bot.channels.whatsapp_render import render

    bubbles: list[Bubble] = []
    for outgoing in render(replies, version, labels_for(t, lang)):
        message = outgoing.message
        if message is None:
            continue
        if message["type"] == "text":
            bubbles.append(Bubble(message["text"]["body"]))
            continue
        interactive = message["interactive"]
        bubble = Bubble(interactive["body"]["text"])
        action = interactive["action"]
        if interactive["type"] == "button":
            bubble.buttons = [[b["reply"]["title"]] for b in action["buttons"]]
        else:
            bubble.list_button = action["button"]
            bubble.rows = [
                (r["title"], r.get("description", ""))
                for section in action["sections"]
                for r in section["rows"]
            ]
        bubbles.append(bubble)
    return bubbles


def screens(
    knowledge: Knowledge, t: Translator, lang: str, hs: str, origin: str, destination: str
) -> list[Screen]:
    version = knowledge.version or 0
    return [
        Screen(
            title,
            telegram_bubbles(replies, version),
            whatsapp_bubbles(replies, version, t, lang),
        )
        for title, replies in screens_replies(knowledge, t, lang, hs, origin, destination)
    ]
