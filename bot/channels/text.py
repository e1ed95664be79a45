"""Text every channel needs, written once: splitting within a limit, cutting without breaking
a character, the `version|id` choice encoding, and numbered menus read back from digits.

Pure functions, no platform. A channel passes its own `measure` (how its platform counts a
text: characters, UTF-16 code units, HTML-escaped characters, GSM-7 septets); a measure must
be additive, the size of a text being the sum of the sizes of its characters, so a cut can
be found one character at a time.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from handlers.events import Choice, ascii_number

Measure = Callable[[str], int]
SEPARATORS = ("\n\n", "\n", " ")  # paragraph, then line, then word boundaries
VERSION_SEPARATOR = "|"
NUMBERED = "{n}. {title}"  # a numbered menu's line, unless a channel writes its own


# ---- cutting ----------------------------------------------------------------------------


def fit(text: str, limit: int, measure: Measure = len) -> str:
    """The longest prefix within `limit` that splits neither a flag nor a combining mark."""
    if measure(text) <= limit:
        return text
    end, used = 0, 0
    for ch in text:
        width = measure(ch)
        if used + width > limit:
            break
        used += width
        end += 1
    while 0 < end < len(text) and unicodedata.combining(text[end]):
        end -= 1
    trailing_flags = 0
    while trailing_flags < end and is_regional_indicator(text[end - 1 - trailing_flags]):
        trailing_flags += 1
    if trailing_flags % 2:
        end -= 1
    return text[:end]


def is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def split_text(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Pieces within `limit`, cut at blank lines, else lines, else spaces; only a single word
    longer than the limit is cut inside it (nothing else would fit). Pieces are stripped;
    an empty text gives no pieces."""
    text = text.strip()
    if not text:
        return []
    return [piece for piece in _split(text, limit, SEPARATORS, measure) if piece]


def _split(text: str, limit: int, separators: tuple[str, ...], measure: Measure) -> list[str]:
    if measure(text) <= limit:
        return [text.strip()]
    if not separators:
        pieces = []
        while text:
            head = fit(text, limit, measure) or text[:1]
            pieces.append(head)
            text = text[len(head) :]
        return pieces
    separator, finer = separators[0], separators[1:]
    pieces: list[str] = []
    current = ""
    for unit in text.split(separator):
        candidate = f"{current}{separator}{unit}" if current else unit
        if measure(candidate) <= limit:
            current = candidate
            continue
        if current.strip():
            pieces.append(current.strip())
        if measure(unit) <= limit:
            current = unit
        else:
            smaller = _split(unit, limit, finer, measure)
            pieces.extend(smaller[:-1])
            current = smaller[-1] if smaller else ""
    if current.strip():
        pieces.append(current.strip())
    return pieces


# ---- choice ids -------------------------------------------------------------------------


def encode_choice(version: int, choice_id: str, max_bytes: int | None = None) -> str | None:
    """`version|id`: the knowledge version rides along, so a tap on a button of an earlier
    version is recognised. None when it would not fit the platform's `max_bytes`."""
    data = f"{version}{VERSION_SEPARATOR}{choice_id}"
    if max_bytes is not None and len(data.encode()) > max_bytes:
        return None
    return data


def decode_choice(data: str | None, cap: int | None = None) -> tuple[int | None, str]:
    """(version, id) of what a platform carried back; version None when the data has none
    (then the whole data is the id). At most `cap` characters are read (a forged one)."""
    if not data:
        return None, ""
    if cap is not None:
        data = data[:cap]
    head, separator, choice_id = data.partition(VERSION_SEPARATOR)
    version = ascii_number(head, 9) if separator else None
    if version is None:
        return None, data
    return version, choice_id


# ---- numbered menus ---------------------------------------------------------------------


def numbered_lines(
    choices: Sequence[Choice], offset: int = 0, template: str = NUMBERED
) -> list[str]:
    """One line a choice, numbered from `offset + 1`: the numbering of a turn continues
    across its replies (the engine maps a typed number to the n-th choice of the turn).
    A title that already starts with its number ('2. Step two') is not numbered twice."""
    lines = []
    for number, choice in enumerate(choices, start=offset + 1):
        title = " ".join(choice.title.split())
        if template == NUMBERED and title.startswith(f"{number}. "):
            lines.append(title)
        else:
            lines.append(template.format(n=number, title=title))
    return lines


def numbered_menu(
    text: str, choices: Sequence[Choice], offset: int = 0, template: str = NUMBERED
) -> str:
    """The text, a blank line, then the numbered choices."""
    if not choices:
        return text
    return f"{text}\n\n" + "\n".join(numbered_lines(choices, offset, template))


def chosen(typed: str, choice_ids: Sequence[str]) -> str | None:
    """The id of the choice whose number was typed ('2', ' 2 '); None otherwise (ASCII
    digits only: '②' or '٢' are words, as everywhere in the bot)."""
    number = ascii_number(typed.strip())
    if number is not None and 1 <= number <= len(choice_ids):
        return choice_ids[number - 1]
    return None
