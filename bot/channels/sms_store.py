"""What the SMS channel keeps per number, per conversation and per day: STOP, the last
menu, the pages left of a long notice, segment caps, segments per conversation.

Every SMS is paid for: before one is sent, its segments are reserved against today's cap
for the number and today's cap for all numbers, in one transaction, so two processes
cannot overspend; the same transaction adds them to her open conversation (a notice's only
while her last SMS is within the idle gap; one to a number /forget removed meanwhile is
not paid for, and writes nothing). A conversation
begins with her first SMS after an idle gap (or with START or LANG) and ends when the gap
has passed: its row keeps no number, no instant and a random id, and only her number's
row knows it while it is open (with the instant of her last SMS, cleared when it ends).
Statuses the gateway reports are kept by a keyed hash of the message's sid, with the day:
never the number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import SmsConversation, SmsDay, SmsNumber, SmsStatus, User, today, utcnow

STATUSES = frozenset(
    {"accepted", "queued", "sending", "sent", "delivered", "undelivered", "failed", "read"}
)


class Spend(StrEnum):
    OK = "ok"
    NUMBER_CAP = "number"  # this number's segments for today are spent
    TOTAL_CAP = "total"  # all numbers' segments for today are spent
    GONE = "gone"  # a notice to a trader who is no longer known (/forget): nothing sent


@dataclass(frozen=True, slots=True)
class NumberState:
    stopped: bool = False
    menu: dict[str, Any] | None = None
    capped_on: dt.date | None = None  # the day she was told of a cap (told once a day)
    pending: dict[str, Any] | None = None  # a notice's or broadcast's pages (`save_pending`)


class SmsStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def state(self, number: str) -> NumberState:
        async with self.sessions() as session:
            row = await session.get(SmsNumber, number)
        if row is None:
            return NumberState()
        menu = row.menu or {}
        capped = menu.get("capped_on")
        return NumberState(
            row.stopped,
            menu,
            dt.date.fromisoformat(capped) if isinstance(capped, str) else None,
            row.pending,
        )

    async def _ensure(self, session: AsyncSession, number: str) -> None:
        if await session.get(SmsNumber, number) is None:
            try:
                async with session.begin_nested():
                    session.add(SmsNumber(number=number, stopped=False, segments=0))
            except IntegrityError:  # created meanwhile
                pass

    async def set_stopped(self, number: str, stopped: bool) -> None:
        """STOP (a notice's pages left go with it) or START."""
        values: dict[str, Any] = {"stopped": stopped}
        if stopped:
            values["pending"] = None
        async with self.sessions.begin() as session:
            await self._ensure(session, number)
            await session.execute(
                update(SmsNumber).where(SmsNumber.number == number).values(**values)
            )

    async def save_menu(self, number: str, menu: dict[str, Any]) -> None:
        """The menu of her conversation's last SMS (the day she was told of a cap stays); a
        notice's pages left are dropped: her numbers now mean this SMS's."""
        async with self.sessions.begin() as session:
            await self._ensure(session, number)
            row = await session.get(SmsNumber, number, with_for_update=True)
            assert row is not None
            capped = (row.menu or {}).get("capped_on")
            row.menu = {**menu, "capped_on": capped} if capped else menu
            row.pending = None

    async def save_pending(self, number: str, pending: dict[str, Any]) -> None:
        """A notice or broadcast sent to her, too long for one SMS: its replies, the page
        sent and that page's menu ('N more'). Her conversation's menu stays as it was. A
        number whose row is gone (/forget meanwhile) is not written again."""
        async with self.sessions.begin() as session:
            row = await session.get(SmsNumber, number, with_for_update=True)
            if row is not None:
                row.pending = pending

    @staticmethod
    def advance_pending(
        connection: Connection, number: str, page: int, pending: dict[str, Any] | None
    ) -> None:
        """In the transaction that queues the next page of her notice (its page `page + 1`):
        what is left of it after that page (None: nothing), written only if her pages left
        are still those of page `page` (no other SMS of hers moved them on meanwhile)."""
        query = select(SmsNumber.pending).where(SmsNumber.number == number)
        if connection.dialect.name == "postgresql":
            query = query.with_for_update()
        current = connection.execute(query).scalar()
        if isinstance(current, dict) and int(current.get("page") or 1) == page:
            connection.execute(
                update(SmsNumber).where(SmsNumber.number == number).values(pending=pending)
            )

    async def spend(
        self,
        number: str,
        segments: int,
        per_number: int,
        total: int,
        day: dt.date | None = None,
        *,
        known_only: bool = False,
        idle: dt.timedelta | None = None,
    ) -> Spend:
        """Reserve `segments` of today's caps, or say which cap is spent (nothing reserved).
        `known_only` (a notice or broadcast): nothing is reserved nor written when her user
        row is gone (/forget committed after the notice was queued). With `idle` (a notice
        or broadcast), they go on her conversation only while it is open by the idle rule
        (her last SMS within the gap): a conversation idle long ago is not charged."""
        day = day or today()
        async with self.sessions.begin() as session:
            if known_only and not await session.scalar(
                select(exists().where(User.channel == "sms", User.platform_id == number))
            ):
                return Spend.GONE
            await self._ensure(session, number)
            row = await session.get(SmsNumber, number, with_for_update=True)
            assert row is not None
            used = row.segments if row.day == day else 0
            if used + segments > per_number:
                return Spend.NUMBER_CAP
            if not await self._spend_total(session, day, segments, total, row.day != day):
                return Spend.TOTAL_CAP
            row.day, row.segments = day, used + segments
            if row.conversation is not None and (
                idle is None or recent(row.active_at, utcnow(), idle)
            ):
                await session.execute(
                    update(SmsConversation)
                    .where(SmsConversation.id == row.conversation)
                    .values(
                        segments=SmsConversation.segments + segments,
                        messages=SmsConversation.messages + 1,
                    )
                )
        return Spend.OK

    async def _spend_total(
        self, session: AsyncSession, day: dt.date, segments: int, cap: int, new_number: bool
    ) -> bool:
        if await session.get(SmsDay, day) is None:
            try:
                async with session.begin_nested():
                    await session.execute(
                        insert(SmsDay).values(day=day, segments=0, messages=0, numbers=0)
                    )
            except IntegrityError:
                pass
        result = await session.execute(
            update(SmsDay)
            .where(SmsDay.day == day, SmsDay.segments + segments <= cap)
            .values(
                segments=SmsDay.segments + segments,
                messages=SmsDay.messages + 1,
                numbers=SmsDay.numbers + (1 if new_number else 0),
            )
        )
        return result.rowcount == 1

    async def told_of_cap(self, number: str, day: dt.date) -> None:
        async with self.sessions.begin() as session:
            await self._ensure(session, number)
            row = await session.get(SmsNumber, number, with_for_update=True)
            assert row is not None
            row.menu = {**(row.menu or {}), "capped_on": day.isoformat()}

    async def record_status(self, key: str, status: str, error_code: int | None) -> None:
        status = status if status in STATUSES else "unknown"
        async with self.sessions.begin() as session:
            row = await session.get(SmsStatus, key, with_for_update=True)
            if row is None:
                session.add(SmsStatus(key=key, status=status, error_code=error_code))
            else:
                row.status, row.error_code, row.updated_on = status, error_code, today()

    async def days(self, since: dt.date) -> list[SmsDay]:
        async with self.sessions() as session:
            rows = await session.scalars(
                select(SmsDay).where(SmsDay.day >= since).order_by(SmsDay.day)
            )
            return list(rows)

    # ---- conversations ---------------------------------------------------------------------

    async def converse(
        self, number: str, now: dt.datetime, idle: dt.timedelta, reset: bool = False
    ) -> list[int]:
        """Her SMS at `now`: it goes on her open conversation, or begins a new one when the
        gap since her last SMS is longer than `idle` (or on `reset`). Returns the segments
        of the conversations that ended (anyone's idle past the gap, and hers on reset)."""
        ended = await self.end_idle(now, idle)
        async with self.sessions.begin() as session:
            await self._ensure(session, number)
            row = await session.get(SmsNumber, number, with_for_update=True)
            assert row is not None
            if row.conversation is not None and (reset or not recent(row.active_at, now, idle)):
                ended += await self._end(session, [row.conversation])
                row.conversation = None
            if row.conversation is None:
                opened = SmsConversation(day=now.date(), segments=0, messages=0, ended=False)
                session.add(opened)
                await session.flush()
                row.conversation = opened.id
            row.active_at = now
        return ended

    async def end_idle(self, now: dt.datetime, idle: dt.timedelta) -> list[int]:
        """End every conversation whose last SMS is older than the gap; their segments."""
        async with self.sessions.begin() as session:
            rows = (
                await session.scalars(
                    select(SmsNumber)
                    .where(SmsNumber.active_at < now - idle)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            ended = await self._end(session, [r.conversation for r in rows if r.conversation])
            for row in rows:
                row.conversation, row.active_at = None, None
        return ended

    async def end(self, number: str) -> list[int]:
        """Her conversation ends now (STOP)."""
        async with self.sessions.begin() as session:
            row = await session.get(SmsNumber, number, with_for_update=True)
            if row is None or row.conversation is None:
                return []
            ended = await self._end(session, [row.conversation])
            row.conversation, row.active_at = None, None
        return ended

    async def _end(self, session: AsyncSession, ids: list[int]) -> list[int]:
        if not ids:
            return []
        rows = (
            await session.scalars(
                select(SmsConversation).where(
                    SmsConversation.id.in_(ids), SmsConversation.ended.is_(False)
                )
            )
        ).all()
        for row in rows:
            row.ended = True
        return [row.segments for row in rows]

    async def forget(self, number: str) -> None:
        """Her number's row (with a notice's pages left), and her open conversation (the
        ended ones know no number)."""
        async with self.sessions.begin() as session:
            row = await session.get(SmsNumber, number, with_for_update=True)
            if row is not None and row.conversation is not None:
                await session.execute(
                    delete(SmsConversation).where(SmsConversation.id == row.conversation)
                )
            await session.execute(delete(SmsNumber).where(SmsNumber.number == number))


def recent(last: dt.datetime | None, now: dt.datetime, idle: dt.timedelta) -> bool:
    """Whether `last` is within `idle` of `now` (SQLite gives instants back without zone)."""
    if last is None:
        return False
    if last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)
    return now - last <= idle
