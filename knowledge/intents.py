"""What a typed message means when it is not a product: small talk, a situation at the
border, a question; and the words for families of goods and brands the matcher offers as
several candidates (`load_families`).

The words live in `knowledge/lexicon/*.yaml`, in the 7 languages; every word and every
message goes through `knowledge.normalize.fold`, so one spelling covers the scripts that fold
alike ('салам', 'salam'). Built once and passed in (see `handlers.context.Library`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

from knowledge.normalize import fold

LEXICON_DIR = Path(__file__).parent / "lexicon"
MAX_SMALLTALK_WORDS = 8  # a longer message is about something


def _folded(words: list[str]) -> list[str]:
    return [f for f in (fold(str(w)) for w in words) if f]


class Intents:
    def __init__(self, lexicon_dir: Path = LEXICON_DIR) -> None:
        import yaml  # here: `tradebot ask` reads built intents from the cache, not YAML

        data = yaml.safe_load((lexicon_dir / "intents.yaml").read_text(encoding="utf-8"))
        self._smalltalk: dict[str, str] = {}
        for intent, phrases in data["smalltalk"].items():
            for phrase in _folded(phrases):
                self._smalltalk.setdefault(phrase, intent)
        self._longest = max(len(p.split()) for p in self._smalltalk)
        self._fillers = frozenset(_folded(data["fillers"]))
        self._single = [p for p in self._smalltalk if " " not in p and len(p) >= 5]
        self._situations = [
            (f" {phrase}", situation)
            for situation, phrases in data["situations"].items()
            for phrase in _folded(phrases)
        ]
        self._situations.sort(key=lambda item: -len(item[0]))
        self._questions = [f" {w} " for w in _folded(data["question_words"])]
        self._border = [f" {w}" for w in _folded(data["border_words"])]

    def smalltalk(self, text: str) -> str | None:
        """'greeting', 'thanks', 'help' or 'operator' when the message is only that."""
        words = fold(text).split()
        if not words or len(words) > MAX_SMALLTALK_WORDS:
            return None
        found: str | None = None
        i = 0
        while i < len(words):
            for size in range(min(self._longest, len(words) - i), 0, -1):
                intent = self._smalltalk.get(" ".join(words[i : i + size]))
                if intent is not None:
                    found = found or intent
                    i += size
                    break
            else:
                word = words[i]
                if word in self._fillers:
                    i += 1
                    continue
                intent = self._near(word)
                if intent is None:
                    return None
                found = found or intent
                i += 1
        return found

    def without_smalltalk(self, text: str) -> str:
        """The message without the greeting or thanks it starts with ('Салам, курага бар'
        -> 'курага бар'); the message itself when it does not start so."""
        words = text.split()
        for cut in range(min(len(words) - 1, MAX_SMALLTALK_WORDS), 0, -1):
            head = " ".join(words[:cut])
            if self.smalltalk(head) in ("greeting", "thanks"):
                return " ".join(words[cut:])
        return text

    def _near(self, word: str) -> str | None:
        """A small-talk word with one typo ('здраствуйте')."""
        if len(word) < 6:
            return None
        for phrase in self._single:
            if abs(len(phrase) - len(word)) <= 1 and OSA.distance(word, phrase) <= 1:
                return self._smalltalk[phrase]
        return None

    def situation(self, text: str) -> str | None:
        """The border situation a message describes, if it names one."""
        padded = f" {fold(text)}"
        for phrase, situation in self._situations:
            if phrase in padded:
                return situation
        return None

    def mentions_border(self, text: str) -> bool:
        padded = f" {fold(text)}"
        return any(word in padded for word in self._border)

    def is_question(self, text: str) -> bool:
        if "?" in text:
            return True
        padded = f" {fold(text)} "
        return any(word in padded for word in self._questions)


@lru_cache(maxsize=1)
def default_intents() -> Intents:
    return Intents()


@lru_cache(maxsize=4)
def load_families(lexicon_dir: Path = LEXICON_DIR) -> tuple[dict[str, tuple[str, ...]], ...]:
    """(families, brands): folded word -> HS codes to offer, from generics.yaml and
    brands.yaml."""
    import yaml

    found = []
    for name, section in (("generics.yaml", "generics"), ("brands.yaml", "brands")):
        data = yaml.safe_load((lexicon_dir / name).read_text(encoding="utf-8"))
        words: dict[str, tuple[str, ...]] = {}
        for family in data[section]:
            for word in _folded(family["words"]):
                words.setdefault(word, tuple(family["hs"]))
        found.append(words)
    outside = yaml.safe_load((lexicon_dir / "generics.yaml").read_text(encoding="utf-8"))
    found.append(dict.fromkeys(_folded(outside.get("outside", [])), ()))
    return tuple(found)
