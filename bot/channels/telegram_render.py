"""Telegram's limits applied to plain replies: message length, HTML escaping, inline keyboards.

Pure functions, no network: the engine's text is plain, so every piece of it is escaped
before it goes out with `parse_mode=HTML`; a long text is cut where a reader expects a break.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.channels.text import decode_choice, encode_choice
from bot.channels.text import split_text as shared_split
from handlers.events import Choice, Reply

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096  # characters of one text message
CAPTION_LIMIT = 1024  # characters of a photo caption
CALLBACK_LIMIT = 64  # bytes of a button's callback data
SHORT_TITLE = 18  # buttons with titles up to this length sit two to a row


def escaped_size(text: str) -> int:
    """Length as sent: measuring the escaped text keeps every part within the limit either way."""
    return len(html.escape(text, quote=False))


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Parts of at most `limit` (escaped) characters, cut at blank lines, then lines, then spaces.

    Only a single word longer than the limit is cut inside; nothing else can fit.
    """
    return shared_split(text, limit, escaped_size)


def escape(text: str) -> str:
    return html.escape(text, quote=False)


# ---- buttons ----------------------------------------------------------------------------


def callback_data(knowledge_version: int, choice_id: str) -> str | None:
    """`version|choice`; None when it would not fit Telegram's 64 bytes."""
    data = encode_choice(knowledge_version, choice_id, CALLBACK_LIMIT)
    if data is None:
        log.error("choice id too long for a Telegram button: %r", choice_id)
    return data


def parse_callback_data(data: str | None) -> tuple[int | None, str]:
    """(version, choice id); version None when the data is not ours or has no version.
    Telegram's are 64 bytes at most; a forged longer one is cut."""
    return decode_choice(data, CALLBACK_LIMIT * 4)


# The Bot API's InlineKeyboardMarkup as it goes out: {"inline_keyboard": [[{"text",
# "callback_data"}, ...], ...]}.
Markup = dict[str, Any]


def keyboard(choices: Sequence[Choice], knowledge_version: int) -> Markup | None:
    """Short titles two to a row, long ones alone, in the engine's order."""
    rows: list[list[dict[str, str]]] = []
    for choice in choices:
        data = callback_data(knowledge_version, choice.id)
        if data is None:
            continue
        button = {"text": choice.title, "callback_data": data}
        last = rows[-1] if rows else None
        if (
            last is not None
            and len(last) == 1
            and is_short(choice.title)
            and is_short(last[0]["text"])
        ):
            last.append(button)
        else:
            rows.append([button])
    return {"inline_keyboard": rows} if rows else None


def is_short(title: str) -> bool:
    return len(title) <= SHORT_TITLE


# ---- replies -> messages ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """One Bot API call: a text message, or a photo (with the text as caption when set)."""

    text: str
    markup: Markup | None = None
    photo: bytes | None = None


def render_reply(reply: Reply, knowledge_version: int) -> list[Part]:
    """The text as a photo's caption when it fits; else the photo, then the text in parts,
    the keyboard riding on the last one."""
    markup = keyboard(reply.choices, knowledge_version)
    if reply.image is not None and escaped_size(reply.text) <= CAPTION_LIMIT:
        return [Part(reply.text, markup, reply.image)]
    parts = [Part("", None, reply.image)] if reply.image is not None else []
    texts = split_text(reply.text)
    for number, text in enumerate(texts, start=1):
        parts.append(Part(text, markup if number == len(texts) else None))
    return parts


def render_replies(replies: Sequence[Reply], knowledge_version: int) -> list[Part]:
    return [part for reply in replies for part in render_reply(reply, knowledge_version)]


def preview(replies: Sequence[Reply], knowledge_version: int, translate: Any, lang: str) -> list:
    """The messages as a phone shows them (the admins' console, bot/channels/bubbles.py)."""
    from bot.channels.bubbles import Bubble

    bubbles: list[Bubble] = []
    for reply in replies:
        parts = split_text(reply.text)
        markup = keyboard(reply.choices, knowledge_version)
        for number, part in enumerate(parts, start=1):
            rows = markup["inline_keyboard"] if markup and number == len(parts) else []
            bubbles.append(Bubble(part, [[b["text"] for b in row] for row in rows]))
    return bubbles
