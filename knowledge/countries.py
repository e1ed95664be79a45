"""Recognise a country typed in any of the 7 languages, in Cyrillic or Latin, with typos."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from knowledge import LANGS
from knowledge.base import Knowledge
from knowledge.normalize import fold

MIN_SCORE = 84.0


class CountryMatcher:
    """Built once per knowledge version: every name and alias, folded to one skeleton."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._codes: dict[str, str] = {}
        for code, country in knowledge.countries.items():
            names = [knowledge.country_name(code, lang) for lang in LANGS]
            names += [alias for aliases in country.aliases.values() for alias in aliases]
            for name in names:
                key = fold(name)
                if key:
                    self._codes.setdefault(key, code)
        self._keys = list(self._codes)
        self._known = set(knowledge.countries)

    def match(self, text: str) -> str | None:
        text = text.strip()[:60]
        if len(text) == 2 and text.upper() in self._known:
            return text.upper()
        key = fold(text)
        if not key:
            return None
        if key in self._codes:
            return self._codes[key]
        found = process.extractOne(
            key, self._keys, scorer=fuzz.WRatio, processor=None, score_cutoff=MIN_SCORE
        )
        return self._codes[found[0]] if found else None
