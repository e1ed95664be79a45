"""The dashboard's numbers: who uses the bot, what they search, what helps, where it hurts.

Everything here is counted from tables that hold no link to a person (query_log, flow_log,
feedback, incidents) or from users' channel and language only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Feedback, FlowLog, Incident, QueryLog, User, utcnow

DAYS = 30


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


@dataclass(frozen=True)
class Chart:
    """Bars scaled to the largest value; drawn as inline SVG by the template."""

    title: str
    bars: list[Bar]

    @property
    def peak(self) -> int:
        return max((b.value for b in self.bars), default=0) or 1


def bars(rows: Sequence[tuple[object, int]]) -> list[Bar]:
    return [Bar(str(key) if key not in (None, "") else "–", int(n)) for key, n in rows]


def daily(rows: Sequence[tuple[object, int]], today: dt.date) -> list[Bar]:
    """One bar a day for the last DAYS days, empty days included."""
    counts = {str(day)[:10]: int(n) for day, n in rows}
    days = [today - dt.timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    return [Bar(day.isoformat(), counts.get(day.isoformat(), 0)) for day in days]


async def dashboard(sessions: async_sessionmaker[AsyncSession]) -> dict[str, list[Bar]]:
    today = utcnow().date()
    since = utcnow() - dt.timedelta(days=DAYS)
    async with sessions() as session:

        async def grouped(column, *where, limit: int = 12) -> list[Bar]:
            query = select(column, func.count()).where(*where).group_by(column)
            query = query.order_by(func.count().desc()).limit(limit)
            return bars((await session.execute(query)).all())

        searches = (
            await session.execute(
                select(QueryLog.created_on, func.count())
                .where(QueryLog.created_on >= since.date())
                .group_by(QueryLog.created_on)
            )
        ).all()
        flows = (
            await session.execute(
                select(FlowLog.created_on, func.count())
                .where(FlowLog.created_on >= since.date())
                .group_by(FlowLog.created_on)
            )
        ).all()
        helpful = (
            await session.execute(select(Feedback.helpful, func.count()).group_by(Feedback.helpful))
        ).all()
        return {
            "channels": await grouped(User.channel),
            "languages": await grouped(User.language),
            "countries": await grouped(FlowLog.origin),
            "destinations": await grouped(FlowLog.destination),
            "searches": daily(searches, today),
            "flows": daily(flows, today),
            "helpful": [
                Bar("yes", sum(n for h, n in helpful if h)),
                Bar("no", sum(n for h, n in helpful if not h)),
            ],
            "incidents": await grouped(Incident.post),
            "top_flows": bars(
                [
                    (f"{hs} {o}→{d}", n)
                    for hs, o, d, n in (
                        await session.execute(
                            select(FlowLog.hs, FlowLog.origin, FlowLog.destination, func.count())
                            .group_by(FlowLog.hs, FlowLog.origin, FlowLog.destination)
                            .order_by(func.count().desc())
                            .limit(10)
                        )
                    ).all()
                ]
            ),
        }


@dataclass(frozen=True)
class Gap:
    query: str
    language: str
    count: int
    last: dt.datetime


async def gaps(sessions: async_sessionmaker[AsyncSession], limit: int = 200) -> list[Gap]:
    """Searches that matched nothing, grouped by their words (case and spacing ignored in
    every script: SQLite's lower() folds only ASCII, so the folding is done here)."""
    async with sessions() as session:
        rows = (
            await session.execute(
                select(
                    QueryLog.query, QueryLog.language, func.count(), func.max(QueryLog.created_on)
                )
                .where(QueryLog.matched.is_(False))
                .group_by(QueryLog.query, QueryLog.language)
                .order_by(func.count().desc())
                .limit(limit * 5)
            )
        ).all()
    grouped: dict[tuple[str, str], Gap] = {}
    for query, lang, n, last in rows:
        words = " ".join(query.split()).casefold()
        seen = grouped.get((words, lang))
        if seen is None:
            grouped[(words, lang)] = Gap(words, lang, int(n), last)
        else:
            grouped[(words, lang)] = Gap(words, lang, seen.count + int(n), max(seen.last, last))
    return sorted(grouped.values(), key=lambda g: (-g.count, g.query))[:limit]
