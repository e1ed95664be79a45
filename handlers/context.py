"""What a turn of the conversation may read: passed in, never imported as globals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from handlers.clock import REGION_ZONE, local_day, utc_now
from handlers.clock import region_today as region_today  # the shell's jobs use it
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


@dataclass(frozen=True, slots=True)
class Context:
    library: Library
    t: Translator
    expert_enabled: bool = False  # an expert chat is configured
    # The engine's clock, read once for the turn, and the trader's zone (set by the turn).
    now: dt.datetime = field(default_factory=utc_now)
    tz: dt.tzinfo = REGION_ZONE
    rates: RateBook | None = None  # the official exchange rates last stored
    # Incident statistics and market prices, as published (None: not available here).
    published: Published | None = None

    @property
    def knowledge(self) -> Knowledge:
        return self.library.knowledge

    @property
    def today(self) -> dt.date:
        """Her day, in her time zone."""
        return local_day(self.now, self.tz)

    def in_zone(self, tz: dt.tzinfo) -> Context:
        return self if tz == self.tz else replace(self, tz=tz)
