"""What a turn of the conversation may read: passed in, never imported as globals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from knowledge.base import Knowledge
from knowledge.countries import CountryMatcher
from knowledge.intents import Intents, default_intents
from knowledge.matching import Matcher
from knowledge.places import Gazetteer


class Translator(Protocol):
    def __call__(self, lang: str, key: str, /, **args: object) -> str: ...


@dataclass(frozen=True, slots=True)
class Library:
    """One knowledge version with the indexes built for it."""

    knowledge: Knowledge
    matcher: Matcher
    countries: CountryMatcher
    places: Gazetteer
    # Small talk, border situations, questions, families of goods (not versioned knowledge).
    intents: Intents = field(default_factory=default_intents)

    @classmethod
    def build(cls, knowledge: Knowledge) -> Library:
        """Indexes are built once per knowledge content and shared by every Library of it."""
        indexes = _indexes.get(knowledge.checksum)
        if indexes is None or not knowledge.checksum:
            indexes = (
                Matcher(knowledge.commodities.values()),
                CountryMatcher(knowledge),
                Gazetteer(knowledge),
            )
            _indexes[knowledge.checksum] = indexes
            while len(_indexes) > 4:
                _indexes.pop(next(iter(_indexes)))
        return cls(knowledge, *indexes)


_indexes: dict[str, tuple[Matcher, CountryMatcher, Gazetteer]] = {}


@dataclass(frozen=True, slots=True)
class Context:
    library: Library
    t: Translator
    expert_enabled: bool = False  # an expert chat is configured

    @property
    def knowledge(self) -> Knowledge:
        return self.library.knowledge
