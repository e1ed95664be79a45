"""How many SMS segments a text costs, counted the way the network counts (GSM 03.38).

A text made only of GSM-7 characters goes as 7-bit septets: 160 in one message, 153 per
part when it is split (the rest of each part is the concatenation header). The characters
of the extension table (`^{}\\[~]|€` and form feed) cost two septets (escape + code), and an
escape pair is never split across parts. One character outside both tables makes the whole
text UCS-2: 70 UTF-16 code units in one message, 67 per part; a character outside the Basic
Multilingual Plane (an emoji) is two units, and its surrogate pair is never split either.

`gsm_fold` is the 'smart encoding' gateways offer: typographic quotes, dashes and the
ellipsis, and Latin letters with diacritics GSM-7 lacks (Turkmen ý ň ş ç ž, Uzbek oʻ gʻ),
replaced by their GSM-7 look-alikes, so a Latin-script text costs 160 a segment, not 70.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

# 3GPP TS 23.038, 6.2.1: the default alphabet, in code order (0x1B is the escape to the
# extension table, not a character).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# 6.2.1.1: the default alphabet extension table (escape + code).
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


class Encoding(StrEnum):
    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True, slots=True)
class Count:
    encoding: Encoding
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def encoding_of(text: str) -> Encoding:
    return Encoding.GSM7 if is_gsm7(text) else Encoding.UCS2


def unit_sizes(text: str, encoding: Encoding) -> list[int]:
    """What each character costs: septets, or UTF-16 code units."""
    if encoding == Encoding.GSM7:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def septets(text: str) -> int:
    """GSM-7 septets of a text as if it were all GSM-7 (additive: the contract's measure)."""
    return sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)


def pack(sizes: list[int], capacity: int) -> int:
    """Parts needed when no character may straddle two parts."""
    parts, used = 1, 0
    for size in sizes:
        if used + size > capacity:
            parts += 1
            used = 0
        used += size
    return parts


def count(text: str) -> Count:
    encoding = encoding_of(text)
    sizes = unit_sizes(text, encoding)
    units = sum(sizes)
    single, part = (
        (GSM7_SINGLE, GSM7_PART) if encoding == Encoding.GSM7 else (UCS2_SINGLE, UCS2_PART)
    )
    if units == 0:
        return Count(encoding, 0, 1)
    segments = 1 if units <= single else pack(sizes, part)
    return Count(encoding, units, segments)


def segments(text: str) -> int:
    return count(text).segments


def fits(text: str, budget: int) -> bool:
    return segments(text) <= budget


# ---- smart encoding -----------------------------------------------------------------------

FOLD = {
    # apostrophes and quotes (Uzbek oʻ gʻ and the ways people type them)
    "ʻ": "'", "ʼ": "'", "‘": "'", "’": "'", "`": "'", "´": "'", "ʹ": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"',
    # dashes, spaces, dots, arrows, bullets
    "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "…": "...", "→": "->", "←": "<-", "•": "-", "·": "-", "×": "x",
    "№": "No", "\t": " ", "⋯": "...", "▶": ">", "◀": "<", "↩": "<-",
    # Turkmen and Turkish letters GSM-7 lacks
    "ý": "y", "Ý": "Y", "ň": "n", "Ň": "N", "ş": "s", "Ş": "S", "ç": "c", "ž": "z", "Ž": "Z",
    "ğ": "g", "Ğ": "G", "ı": "i", "İ": "I",
}  # fmt: skip


def fold_char(ch: str) -> str:
    if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
        return ch
    if ch in FOLD:
        return FOLD[ch]
    # Other Latin letters with marks: the base letter when that is GSM-7 (á -> a).
    base = unicodedata.normalize("NFD", ch)[0]
    if base != ch and base.isascii() and base in GSM7_BASIC:
        return base
    return ch


def gsm_fold(text: str) -> str:
    """The text in GSM-7 look-alikes where they exist; other characters unchanged."""
    return "".join(fold_char(ch) for ch in text)


def cheapest(text: str) -> str:
    """The folded text when folding makes it all GSM-7 (fewer segments), else the text as
    it is: folding a Cyrillic text would only lose letters and save nothing. A symbol
    that has no GSM-7 look-alike is left out of a text that is otherwise all GSM-7."""
    folded = gsm_fold(text)
    if is_gsm7(folded):
        return folded
    rest = [ch for ch in folded if not is_gsm7(ch)]
    if all(unicodedata.category(ch)[0] in "SPZC" for ch in rest):
        return "".join(ch for ch in folded if is_gsm7(ch))
    return text
