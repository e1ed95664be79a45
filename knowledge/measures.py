"""Temporary measures (bans, quotas, licences) on a flow, on a given day.

Pure functions of the knowledge and a date: the caller passes today, so an ended measure
disappears by itself and one about to begin is announced, without anyone editing a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from knowledge.base import Knowledge, hs_digits
from knowledge.models import Act, Direction, Measure, localized

COMING_DAYS = 30  # a measure that begins within this many days is announced as coming


def covers(measure: Measure, hs: str, origin: str, destination: str) -> bool:
    """Whether the measure applies to goods of this HS code going from origin to destination."""
    code = hs_digits(hs)
    # Either way round: a ban on fresh hen's eggs (040721) touches the commodity 'eggs' (0407).
    if not any(code.startswith(p) or p.startswith(code) for p in measure.hs_prefixes):
        return False
    if measure.direction == Direction.EXPORT:
        here, partner = origin, destination
    elif measure.direction == Direction.IMPORT:
        here, partner = destination, origin
    else:  # transit through a third country, of goods from the partners named
        if measure.country in (origin, destination):
            return False
        here, partner = measure.country, origin
    if measure.country != here:
        return False
    if measure.partners and partner not in measure.partners:
        return False
    return partner not in measure.except_partners


def in_force(measure: Measure, day: dt.date) -> bool:
    return measure.start <= day and (measure.end is None or day <= measure.end)


def coming(measure: Measure, day: dt.date, within: int = COMING_DAYS) -> bool:
    return day < measure.start <= day + dt.timedelta(days=within)


@dataclass(frozen=True, slots=True)
class FlowMeasures:
    in_force: tuple[Measure, ...] = ()
    coming: tuple[Measure, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.in_force or self.coming)


def measures_for(
    knowledge: Knowledge, hs: str, origin: str, destination: str, day: dt.date
) -> FlowMeasures:
    """The measures on one flow that are in force on the day, and those about to begin."""
    touching = sorted(
        (m for m in knowledge.measures.values() if covers(m, hs, origin, destination)),
        key=lambda m: (m.start, m.id),
    )
    return FlowMeasures(
        tuple(m for m in touching if in_force(m, day)),
        tuple(m for m in touching if coming(m, day)),
    )


def act_data(act: Act, lang: str) -> dict[str, Any]:
    return {
        "title": localized(act.title, lang),
        "number": act.number,
        "date": act.date.isoformat(),
        "source": act.source,
    }


def measure_data(knowledge: Knowledge, measure: Measure, lang: str, day: dt.date) -> dict[str, Any]:
    """One measure as plain data: what `tradebot ask --json` prints."""
    source = knowledge.sources[measure.source]
    return {
        "id": measure.id,
        "status": "in_force" if in_force(measure, day) else "coming",
        "country": measure.country,
        "direction": measure.direction.value,
        "kind": measure.kind.value,
        "hs_prefixes": list(measure.hs_prefixes),
        "partners": list(measure.partners),
        "except_partners": list(measure.except_partners),
        "start": measure.start.isoformat(),
        "end": measure.end.isoformat() if measure.end else None,
        "text": measure.text.get(lang),
        "exceptions": measure.exceptions.get(lang) if measure.exceptions else None,
        "act": act_data(measure.act, lang),
        "extended_by": [act_data(a, lang) for a in measure.extended_by],
        "source": {
            "id": source.id,
            "title": localized(source.title, lang),
            "url": source.url,
            "citation": source.citation,
        },
        "verified": measure.verified.isoformat(),
    }
