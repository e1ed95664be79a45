"""Broadcasts from the console: a target (language, country, flow), a count, then the
existing path: a `Broadcast` row and one outbox row per recipient, drained by the worker."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot.models import Broadcast, Outbox, Subscription, User
from bot.outbox import enqueue_to_active_users
from handlers.events import Reply
from knowledge import LANGS

MAX_TEXT = 4000


@dataclass(frozen=True)
class Target:
    languages: tuple[str, ...] = ()  # none: every language
    country: str = ""  # users following a flow from or to this country
    flow: str = ""  # "hs|origin|destination": users following this flow

    @classmethod
    def from_form(cls, languages: list[str], country: str, flow: str) -> Target:
        country = country.strip().upper()
        return cls(
            tuple(lang for lang in LANGS if lang in languages),
            country if len(country) == 2 and country.isalpha() else "",
            flow.strip() if flow.count("|") == 2 else "",
        )

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.languages:
            where.append(User.language.in_(self.languages))
        if self.country:
            followers = select(Subscription.user_id).where(
                or_(Subscription.origin == self.country, Subscription.destination == self.country)
            )
            where.append(User.id.in_(followers))
        if self.flow:
            hs, origin, destination = self.flow.split("|")
            followers = select(Subscription.user_id).where(
                Subscription.hs == hs,
                Subscription.origin == origin,
                Subscription.destination == destination,
            )
            where.append(User.id.in_(followers))
        return where

    def describe(self) -> str:
        parts = [",".join(self.languages) or "*", self.country or "*", self.flow or "*"]
        return " ".join(parts)


async def recipients(sessions: async_sessionmaker[AsyncSession], target: Target) -> int:
    async with sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.active.is_(True), *target.conditions())
        )
    return int(count or 0)


async def followed_flows(sessions: async_sessionmaker[AsyncSession]) -> list[tuple[str, int]]:
    async with sessions() as session:
        rows = (
            await session.execute(
                select(Subscription.hs, Subscription.origin, Subscription.destination, func.count())
                .group_by(Subscription.hs, Subscription.origin, Subscription.destination)
                .order_by(func.count().desc())
                .limit(50)
            )
        ).all()
    return [(f"{hs}|{o}|{d}", int(n)) for hs, o, d, n in rows]


async def send(
    sessions: async_sessionmaker[AsyncSession], admin: str, text: str, target: Target
) -> tuple[int, int]:
    """(broadcast id, messages queued)."""
    async with sessions.begin() as session:
        draft = Broadcast(admin=admin, text=text[:MAX_TEXT], confirmed=True)
        session.add(draft)
        await session.flush()
        total = await enqueue_to_active_users(
            session, "broadcast", [Reply(draft.text)], draft.id, target.conditions()
        )
        draft.total = total
        return draft.id, total


@dataclass(frozen=True)
class Progress:
    id: int
    text: str
    total: int
    by_status: dict[str, int]
    created_at: object

    @property
    def waiting(self) -> int:
        return self.by_status.get("pending", 0) + self.by_status.get("sending", 0)


async def progress(
    sessions: async_sessionmaker[AsyncSession], broadcast_id: int
) -> Progress | None:
    async with sessions() as session:
        row = await session.get(Broadcast, broadcast_id)
        if row is None or not row.confirmed:
            return None
        counts = (
            await session.execute(
                select(Outbox.status, func.count())
                .where(Outbox.broadcast_id == broadcast_id)
                .group_by(Outbox.status)
            )
        ).all()
    return Progress(row.id, row.text, row.total, {s: int(n) for s, n in counts}, row.created_at)


async def recent(sessions: async_sessionmaker[AsyncSession], limit: int = 10) -> list[Progress]:
    async with sessions() as session:
        ids = await session.scalars(
            select(Broadcast.id)
            .where(Broadcast.confirmed.is_(True))
            .order_by(Broadcast.id.desc())
            .limit(limit)
        )
        wanted = list(ids)
    found = [await progress(sessions, i) for i in wanted]
    return [p for p in found if p is not None]
