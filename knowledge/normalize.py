"""Fold what a trader types to one canonical Latin skeleton, whatever the script or language.

Traders type on phones, often without the Kazakh, Kyrgyz, Tajik, Turkmen or Uzbek letters,
in Cyrillic or in Latin, Russian in Latin letters, Uzbek with any of five apostrophes. Every
name in the knowledge base and every query goes through the same `fold`, so `қурут`, `kurut`,
`qurut` and `курут` all become `kurut`, and `шакар`, `shakar`, `şeker` come close. The
skeleton is lossy on purpose: it is only ever compared with other skeletons.

How: Unicode NFKC and case folding; apostrophes removed; Cyrillic (with the Turkic letters)
and the Turkic Latin letters written as plain ASCII digraphs; remaining accents dropped; then
the digraphs and look-alike letters of the seven alphabets unified (sh/ş/ш -> ş, ch/ç/ч -> ç,
zh/j/ж/җ -> j, ҷ -> ç, x/kh/х/ҳ -> h, q/қ/k/hard c -> k, soft c -> s, w -> v, y/й/ы/і -> i); doubled
letters collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Uzbek oʻ/gʻ and the tutuq belgisi are typed with any of these; they carry no meaning for
# matching (oʻ and o, gʻ and g are told apart by context, not by the apostrophe).
APOSTROPHES = "'`´ʹʻʼʽʾʿ‘’‚‛′″\"ˈ"

# One table for the Cyrillic letters of all six Cyrillic alphabets and the Latin letters of
# Turkmen, Uzbek and Kazakh Latin. Targets are ASCII (digraphs allowed), unified below.
LETTERS: dict[str, str] = {
    # Russian
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh, Kyrgyz
    "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Tajik
    "ҳ": "h", "ҷ": "ch", "ӣ": "i", "ӯ": "u",  # ҷ is typed ч without a Tajik keyboard
    # Uzbek Cyrillic (ў is Latin oʻ)
    "ў": "o",
    # Turkmen Cyrillic
    "җ": "zh",
    # Ukrainian look-alikes a phone keyboard may produce
    "ї": "i", "є": "e", "ґ": "g",
    # Latin letters of Turkmen, Kazakh and Uzbek Latin, Turkish, Azerbaijani
    "ş": "sh", "ç": "ch", "ž": "zh", "ý": "y", "ň": "ng", "ä": "a", "ö": "o", "ü": "u",
    "ı": "i", "ə": "a", "ğ": "g", "ñ": "ng", "ß": "ss",
}  # fmt: skip

# Applied in order to the ASCII-ish string; longer patterns first.
DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("shch", "ş"),
    ("sch", "ş"),
    ("sh", "ş"),
    ("ch", "ç"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("ng", "n"),
)
SINGLE = str.maketrans({"q": "k", "x": "h", "w": "v", "y": "i"})
SOFT_C = re.compile(r"c(?=[eiy])")
NOT_WORD = re.compile(r"[^0-9a-zşç]+")
DOUBLED = re.compile(r"(.)\1+")

HS_WORDS = re.compile(
    r"^(?:hs|h\.s\.|hs code|code|kod|код|тн\s*вэд|tn\s*ved|коды|kodi|kodu)\s*:?\s*", re.IGNORECASE
)
HS_BODY = re.compile(r"^\d[\d.\s-]*\d$")


_LETTERS = str.maketrans(LETTERS)


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    """One whitespace-free, NFKC-normalized, case-folded word: names share most words, so
    the cache makes indexing 50,000 names cheap."""
    text = DOUBLED.sub(r"\1", _strip_accents(word.translate(_NO_APOSTROPHES).translate(_LETTERS)))
    for pattern, replacement in DIGRAPHS:
        if pattern in text:
            text = text.replace(pattern, replacement)
    text = SOFT_C.sub("s", text).replace("c", "k").translate(SINGLE)
    text = NOT_WORD.sub(" ", text)
    return DOUBLED.sub(r"\1", text).strip()


def fold(text: str) -> str:
    """The canonical Latin skeleton of `text`: lower-case ASCII letters plus ş and ç, digits,
    single spaces. Equal skeletons mean 'typed the same word'."""
    if not text:
        return ""
    words = unicodedata.normalize("NFKC", text).casefold().split()
    return " ".join(folded for folded in map(_fold_word, words) if folded)


_NO_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES, None))


def normalize_hs(text: str) -> str | None:
    """The digits of an HS code query ('0813.10', '081310', '0813 10', 'HS 0813'), or None
    when the text is not a code: 4 to 10 digits, separated at most by dots, spaces, dashes."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text).strip()[:40]
    text = HS_WORDS.sub("", text)
    if not HS_BODY.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    return digits if 4 <= len(digits) <= 10 else None
