"""Incident statistics safe to publish: no figure stands for fewer than K reports.

Counts come per crossing point for the last three months (the current one included), by
situation and by month, with the change against the three months before. Every published
figure is at least K; smaller counts are folded into 'other' (and, when 'other' itself
would be smaller than K, the smallest shown figure is folded too, so that no small count
can be found by subtracting). A crossing with fewer than K reports is not named at all:
its reports go into 'other places', itself shown only from K.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

K = 5  # the smallest count ever published


def publishable(counts: Mapping[str, int], k: int = K) -> tuple[dict[str, int], int]:
    """(the counts shown, the folded rest); the rest is 0 or at least k."""
    shown = {key: n for key, n in counts.items() if n >= k}
    folded = sum(n for n in counts.values() if n < k)
    while 0 < folded < k and shown:
        smallest = min(shown, key=lambda key: (shown[key], key))
        folded += shown.pop(smallest)
    return shown, folded


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_before(day: dt.date, count: int) -> list[str]:
    """`count` months ending with the month of `day`, oldest first."""
    year, month = day.year, day.month
    keys = []
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return keys[::-1]


def first_day(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


@dataclass(frozen=True, slots=True)
class CrossingFigures:
    post: str
    total: int
    situations: tuple[tuple[str, int], ...]  # shown, largest first
    other: int  # folded situations: 0 or at least K
    months: tuple[tuple[str, int | None], ...]  # None: not published (folded)
    previous: int | None  # the three months before, when at least K

    @property
    def trend(self) -> int | None:
        """Change against the previous three months, in percent."""
        if not self.previous:
            return None
        return round((self.total - self.previous) * 100 / self.previous)


@dataclass(frozen=True, slots=True)
class IncidentStats:
    months: tuple[str, ...] = ()  # the period, oldest first ('2026-10', ...)
    crossings: dict[str, CrossingFigures] = field(default_factory=dict)
    other_places: int = 0  # reports of unnamed or small crossings: 0 or at least K

    @property
    def start(self) -> dt.date | None:
        return first_day(self.months[0]) if self.months else None

    @property
    def end(self) -> dt.date | None:
        return first_day(self.months[-1]) if self.months else None


# One row per (crossing point or None, situation, day, reports).
IncidentRow = tuple[str | None, str, dt.date, int]


def compute(rows: Iterable[IncidentRow], today: dt.date, k: int = K) -> IncidentStats:
    months = months_before(today, 6)
    previous_months, current_months = set(months[:3]), months[3:]
    by_post: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_month: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    before: dict[str | None, int] = defaultdict(int)
    for post, situation, day, count in rows:
        month = month_key(day)
        if month in previous_months:
            before[post] += count
        elif month in current_months:
            by_post[post][situation] += count
            by_month[post][month] += count
    totals = {post or "": sum(s.values()) for post, s in by_post.items()}
    unnamed = totals.pop("", 0)
    # No grand total is published, so a small crossing cannot be found by subtraction:
    # crossings from K are named, the rest only count towards 'other places'.
    named = {post: n for post, n in totals.items() if n >= k}
    small = sum(n for n in totals.values() if n < k)
    crossings = {}
    for post, total in named.items():
        situations, other = publishable(by_post[post], k)
        shown_months, _ = publishable(by_month[post], k)
        crossings[post] = CrossingFigures(
            post=post,
            total=total,
            situations=tuple(sorted(situations.items(), key=lambda kv: (-kv[1], kv[0]))),
            other=other,
            months=tuple((m, shown_months.get(m)) for m in current_months),
            previous=before[post] if before[post] >= k else None,
        )
    other_places = small + unnamed
    return IncidentStats(tuple(current_months), crossings, other_places if other_places >= k else 0)
