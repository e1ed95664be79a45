"""What a turn of the conversation may read: passed in, never imported as globals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from knowledge.base import Knowledge
from knowledge.countries import CountryMatcher
from knowledge.exchange import RateBook
from knowledge.intents import Intents, default_intents
from knowledge.matching import Matcher
from knowledge.places import Gazetteer

if TYPE_CHECKING:
    from handlers.published import Published


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

    def with_version(self, version: int) -> Library:
        """The same content served as another version (a cached library, a rollback)."""
        return replace(self, knowledge=self.knowledge.with_version(version))


_indexes: dict[str, tuple[Matcher, CountryMatcher, Gazetteer]] = {}


# The region's day: Kazakhstan, Uzbekistan, Tajikistan and Turkmenistan keep UTC+5
# (Kyrgyzstan UTC+6); a measure starts and ends on a local calendar day.
REGION_UTC_OFFSET = dt.timedelta(hours=5)


def region_today() -> dt.date:
    """The clock the engine reads once per turn; the turn itself only sees `Context.today`."""
    return (dt.datetime.now(dt.UTC) + REGION_UTC_OFFSET).date()


@dataclass(frozen=True, slots=True)
class Context:
    library: Library
    t: Translator
    expert_enabled: bool = False  # an expert chat is configured
    today: dt.date = field(default_factory=region_today)  # passed in by the engine
    rates: RateBook | None = None  # the official exchange rates last stored
    # Incident statistics and market prices, as published (None: not available here).
    published: Published | None = None

    @property
    def knowledge(self) -> Knowledge:
        return self.library.knowledge
