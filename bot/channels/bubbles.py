"""What a phone shows of a channel's messages: the admins' console previews with it
(bot/web_admin/preview.py) every channel of the registry, without naming any.

A channel declares `preview` on its `ChannelSpec`: (replies, knowledge version, translator,
the trader's language) -> its `Bubble`s, made by its own renderer, so the preview is what
it sends. A channel that declares none is shown by `plain_bubbles`: its text cut at its
`Limits.text_max` (counted with `Limits.measure`), its choices as numbered lines when it
reads numbers back, else as one button a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.channels.text import numbered_menu, split_text
from handlers.events import Reply

if TYPE_CHECKING:
    from bot.channels.contract import Limits


@dataclass
class Bubble:
    """One message on the phone: its text, and its buttons in rows (or a list's rows)."""

    text: str
    buttons: list[list[str]] = field(default_factory=list)
    list_button: str | None = None  # WhatsApp: the button that opens the list
    rows: list[tuple[str, str]] = field(default_factory=list)  # a list: title, note
    segments: int = 0  # SMS: the segments this message costs; 0: not counted
    encoding: str = ""  # SMS: how it goes out ("GSM-7", "UCS-2")


# (replies, knowledge version, translator (lang, key, **args) -> str, trader's language)
Preview = Callable[[Sequence[Reply], int, Any, str], list[Bubble]]


def plain_bubbles(limits: Limits) -> Preview:
    """A channel's messages as its limits say they go out (for a channel without `preview`)."""

    def preview(
        replies: Sequence[Reply], knowledge_version: int, translate: Any, lang: str
    ) -> list[Bubble]:
        bubbles: list[Bubble] = []
        offset = 0
        for reply in replies:
            text = reply.text
            if limits.numbered:
                text = numbered_menu(text, reply.choices, offset)
                offset += len(reply.choices)
            parts = split_text(text, limits.text_max, limits.measure) or [""]
            bubbles += [Bubble(part) for part in parts]
            if not limits.numbered and limits.buttons_max:
                bubbles[-1].buttons = [[c.title] for c in reply.choices[: limits.buttons_max]]
        return bubbles

    return preview
