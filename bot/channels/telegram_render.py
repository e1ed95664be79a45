"""Telegram's limits applied to plain replies: message length, HTML escaping, inline keyboards.

Pure functions, no network: the engine's text is plain, so every piece of it is escaped
before it goes out with `parse_mode=HTML`; a long text is cut where a reader expects a break.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.events import Choice, ascii_number

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096  # characters of one text message
CAPTION_LIMIT = 1024  # characters of a photo caption
CALLBACK_LIMIT = 64  # bytes of a button's callback data
SHORT_TITLE = 18  # buttons with titles up to this length sit two to a row
SEPARATORS = ("\n\n", "\n", " ")  # paragraph, then line, then word boundaries


def escaped_size(text: str) -> int:
    """Length as sent: measuring the escaped text keeps every part within the limit either way."""
    return len(html.escape(text, quote=False))


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Parts of at most `limit` (escaped) characters, cut at blank lines, then lines, then spaces.

    Only a single word longer than the limit is cut inside; nothing else can fit.
    """
    if escaped_size(text) <= limit:
        return [text]
    parts = _split(text, limit, 0)
    return [part for part in parts if part.strip()] or [text[:limit]]


def _split(text: str, limit: int, level: int) -> list[str]:
    if escaped_size(text) <= limit:
        return [text]
    if level == len(SEPARATORS):
        return _cut_word(text, limit)
    separator = SEPARATORS[level]
    chunks: list[str] = []
    current: str | None = None
    for piece in text.split(separator):
        for small in _split(piece, limit, level + 1):
            joined = small if current is None else current + separator + small
            if escaped_size(joined) <= limit:
                current = joined
                continue
            if current is not None:
                chunks.append(current)
            current = small
    if current is not None:
        chunks.append(current)
    return chunks


def _cut_word(word: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for char in word:
        if escaped_size(current + char) > limit:
            parts.append(current)
            current = ""
        current += char
    return [*parts, current] if current else parts


def escape(text: str) -> str:
    return html.escape(text, quote=False)


# ---- buttons ----------------------------------------------------------------------------


def callback_data(knowledge_version: int, choice_id: str) -> str | None:
    """`version|choice`; None when it would not fit Telegram's 64 bytes."""
    data = f"{knowledge_version}|{choice_id}"
    if len(data.encode()) > CALLBACK_LIMIT:
        log.error("choice id too long for a Telegram button: %r", choice_id)
        return None
    return data


def parse_callback_data(data: str | None) -> tuple[int | None, str]:
    """(version, choice id); version None when the data is not ours or has no version."""
    if not data:
        return None, ""
    data = data[: CALLBACK_LIMIT * 4]  # Telegram's are 64 bytes at most; a forged one is cut
    head, separator, choice_id = data.partition("|")
    version = ascii_number(head, 9) if separator else None
    if version is None:
        return None, data
    return version, choice_id


def keyboard(choices: Sequence[Choice], knowledge_version: int) -> InlineKeyboardMarkup | None:
    """Short titles two to a row, long ones alone, in the engine's order."""
    rows: list[list[InlineKeyboardButton]] = []
    for choice in choices:
        data = callback_data(knowledge_version, choice.id)
        if data is None:
            continue
        button = InlineKeyboardButton(text=choice.title, callback_data=data)
        last = rows[-1] if rows else None
        if (
            last is not None
            and len(last) == 1
            and is_short(choice.title)
            and is_short(last[0].text)
        ):
            last.append(button)
        else:
            rows.append([button])
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def is_short(title: str) -> bool:
    return len(title) <= SHORT_TITLE
