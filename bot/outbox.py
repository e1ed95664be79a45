"""Delivery outside replies: notices, broadcasts, expert messages, drained by `tradebot worker`.

At-least-once with a short window: a row is claimed with a lease, sent, and marked sent as
soon as the platform accepted it. Several workers claim disjoint rows (FOR UPDATE SKIP
LOCKED on PostgreSQL; SQLite serialises writers). A worker killed mid-batch leaves its rows
to be claimed again when the lease ends.

A messenger's rate limit (Telegram: about 30 messages a second) is per bot, so on each
channel one worker at a time sends, holding that channel's `SenderLease`; other workers
stand by and take over when it stops or its lease runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    DateTime,
    Integer,
    String,
    and_,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot.db import dialect_module
from bot.models import Outbox, SenderLease, User, utcnow
from handlers.events import Choice, Reply, UserRef

log = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED, BLOCKED = "pending", "sending", "sent", "failed", "blocked"
NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # a lease that has long run out


class Sender(Protocol):
    async def deliver(
        self, user: UserRef, replies: Sequence[Reply], knowledge_version: int
    ) -> None: ...


def replies_payload(replies: Sequence[Reply]) -> dict[str, Any]:
    return {
        "replies": [
            {"text": r.text, "choices": [{"id": c.id, "title": c.title} for c in r.choices]}
            for r in replies
        ]
    }


def payload_replies(payload: Mapping[str, Any]) -> list[Reply]:
    return [
        Reply(r["text"], tuple(Choice(c["id"], c["title"]) for c in r.get("choices", [])))
        for r in payload.get("replies", [])
    ]


def enqueue(
    session: AsyncSession,
    user: UserRef,
    kind: str,
    replies: Sequence[Reply],
    broadcast_id: int | None = None,
) -> None:
    session.add(
        Outbox(
            channel=user.channel,
            platform_id=user.platform_id,
            kind=kind,
            payload=replies_payload(replies),
            broadcast_id=broadcast_id,
        )
    )


async def enqueue_to_active_users(
    session: AsyncSession,
    kind: str,
    replies: Sequence[Reply],
    broadcast_id: int,
    where: Sequence[ColumnElement[bool]] = (),
) -> int:
    """One row per active user in a single INSERT ... SELECT: no user is loaded into Python,
    so a broadcast to tens of thousands does not hold up the event loop. Returns the count.
    `where` narrows the users (a broadcast's target: language, country, flow)."""
    now = literal(utcnow(), DateTime(timezone=True))
    rows = select(
        User.channel,
        User.platform_id,
        literal(kind, String),
        literal(replies_payload(replies), JSON),
        literal(broadcast_id, Integer),
        literal(PENDING, String),
        literal(0, Integer),
        now,
        now,
    ).where(User.active.is_(True), *where)
    columns = [
        "channel",
        "platform_id",
        "kind",
        "payload",
        "broadcast_id",
        "status",
        "attempts",
        "available_at",
        "created_at",
    ]
    await session.execute(insert(Outbox).from_select(columns, rows))
    return (
        await session.scalar(
            select(func.count()).select_from(Outbox).where(Outbox.broadcast_id == broadcast_id)
        )
        or 0
    )


class RateLimiter:
    """At most `rate` sends a second over the whole worker (a platform's global limit)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            now = time.monotonic()
            wait = self._next - now
            self._next = max(now, self._next) + self.interval
        if wait > 0:
            await asyncio.sleep(wait)


class ChatPacer:
    """At most one message a `interval` seconds to one chat (Telegram: about 1/s)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._next: dict[str, float] = {}

    async def wait(self, key: str) -> None:
        now = time.monotonic()
        at = self._next.get(key, 0.0)
        self._next[key] = max(now, at) + self.interval
        if at > now:
            await asyncio.sleep(at - now)
        if len(self._next) > 100_000:
            self._next = {k: v for k, v in self._next.items() if v > now}


@dataclass
class WorkerConfig:
    # Messages a second per channel, from each channel's `Limits.rate_per_s` (worker_config);
    # a channel not named here is paced by its own client (WhatsApp's GraphClient).
    rates: Mapping[str, float] = field(default_factory=dict)
    chat_interval_s: float = 1.0
    lease_s: float = 60.0
    batch: int = 60
    concurrency: int = 40
    max_attempts: int = 5
    idle_s: float = 0.5


Progress = Callable[[set[int]], Awaitable[None]]


class OutboxWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        senders: Mapping[str, Sender],
        config: WorkerConfig | None = None,
        blocked: set[UserRef] | None = None,
        on_progress: Progress | None = None,
    ) -> None:
        self.sessions = sessions
        self.senders = senders
        self.config = config or WorkerConfig()
        self.limiters = {ch: RateLimiter(rate) for ch, rate in self.config.rates.items()}
        self.pacer = ChatPacer(self.config.chat_interval_s)
        # Senders report users who blocked the bot here (see RecordingMarker).
        self.blocked = blocked if blocked is not None else set()
        self.on_progress = on_progress
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._lease_rows_exist = False  # each channel's lease row, inserted on first use

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                sent = await self.drain_once()
                if sent == 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), self.config.idle_s)
        finally:
            await self.release_channels()

    async def drain_once(self) -> int:
        channels = await self.hold_channels()
        if not channels:
            return 0
        rows = await self.claim(channels)
        if not rows:
            return 0
        semaphore = asyncio.Semaphore(self.config.concurrency)

        async def send(row: Outbox) -> None:
            async with semaphore:
                await self.send_one(row)

        await asyncio.gather(*(send(row) for row in rows))
        broadcasts = {row.broadcast_id for row in rows if row.broadcast_id is not None}
        if broadcasts and self.on_progress is not None:
            try:
                await self.on_progress(broadcasts)
            except Exception:
                log.exception("broadcast progress update failed")
        return len(rows)

    async def hold_channels(self) -> set[str]:
        """Take or renew the sender lease of each channel this worker can send on."""
        now = utcnow()
        until = now + dt.timedelta(seconds=self.config.lease_s)
        held: set[str] = set()
        async with self.sessions.begin() as session:
            name = "postgresql" if session.bind.dialect.name == "postgresql" else "sqlite"
            dialect = dialect_module(name)
            for channel in sorted(self.senders):
                if not self._lease_rows_exist:
                    await session.execute(
                        dialect.insert(SenderLease)
                        .values(channel=channel, holder="", until=NEVER)
                        .on_conflict_do_nothing()
                    )
                taken = await session.execute(
                    update(SenderLease)
                    .where(
                        SenderLease.channel == channel,
                        or_(SenderLease.holder == self.holder, SenderLease.until < now),
                    )
                    .values(holder=self.holder, until=until)
                )
                if taken.rowcount == 1:
                    held.add(channel)
        self._lease_rows_exist = True
        return held

    async def release_channels(self) -> None:
        """Hand the leases back at once, so a standby worker need not wait for them to end."""
        try:
            async with self.sessions.begin() as session:
                await session.execute(
                    update(SenderLease)
                    .where(SenderLease.holder == self.holder)
                    .values(holder="", until=NEVER)
                )
        except Exception as error:  # they will run out by themselves
            log.warning("could not release sender leases: %s", type(error).__name__)

    async def claim(self, channels: Collection[str] | None = None) -> list[Outbox]:
        now = utcnow()
        channels = list(self.senders) if channels is None else list(channels)
        lease = now + dt.timedelta(seconds=self.config.lease_s)
        claimable = or_(
            and_(Outbox.status == PENDING, Outbox.available_at <= now),
            and_(Outbox.status == SENDING, Outbox.lease_until < now),
        )
        async with self.sessions.begin() as session:
            query = (
                select(Outbox.id)
                # Replies to updates are sent by the process that handles updates (bot/inbox.py)
                .where(claimable, Outbox.channel.in_(channels), Outbox.kind != "reply")
                .order_by(Outbox.id)
                .limit(self.config.batch)
            )
            if session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            ids = list(await session.scalars(query))
            if not ids:
                return []
            await session.execute(
                update(Outbox)
                .where(Outbox.id.in_(ids), claimable)
                .values(status=SENDING, lease_until=lease, attempts=Outbox.attempts + 1)
            )
            rows = await session.scalars(
                select(Outbox).where(Outbox.id.in_(ids), Outbox.lease_until == lease)
            )
            return list(rows)

    async def send_one(self, row: Outbox) -> None:
        user = UserRef(row.channel, row.platform_id)
        sender = self.senders[row.channel]
        limiter = self.limiters.get(row.channel)
        await self.pacer.wait(f"{row.channel}:{row.platform_id}")
        if limiter is not None:
            await limiter.acquire()
        try:
            await sender.deliver(user, payload_replies(row.payload), 0)
        except Exception as error:
            await self.failed(row, error)
            return
        status = BLOCKED if user in self.blocked else SENT
        await self.mark(row, status=status, sent_at=utcnow(), lease_until=None)

    async def failed(self, row: Outbox, error: Exception) -> None:
        log.warning("outbox %s: %s", row.id, type(error).__name__)
        if row.attempts >= self.config.max_attempts:
            await self.mark(row, status=FAILED, error=type(error).__name__, lease_until=None)
            return
        delay = dt.timedelta(seconds=min(300, 2**row.attempts))
        await self.mark(
            row,
            status=PENDING,
            available_at=utcnow() + delay,
            error=type(error).__name__,
            lease_until=None,
        )

    async def mark(self, row: Outbox, **values: Any) -> None:
        async with self.sessions.begin() as session:
            await session.execute(update(Outbox).where(Outbox.id == row.id).values(**values))


async def broadcast_counts(session: AsyncSession, broadcast_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(Outbox.status, func.count())
        .where(Outbox.broadcast_id == broadcast_id)
        .group_by(Outbox.status)
    )
    return dict(rows.all())  # type: ignore[arg-type]


class RecordingMarker:
    """Marks a user inactive and remembers it, so the worker can count 'blocked'."""

    def __init__(self, store: Any, blocked: set[UserRef]) -> None:
        self.store = store
        self.blocked = blocked

    async def mark_inactive(self, ref: UserRef) -> None:
        self.blocked.add(ref)
        await self.store.mark_inactive(ref)

    async def language_of(self, ref: UserRef) -> str | None:
        """Senders ask it for a user's language (WhatsApp templates); the store knows."""
        return await self.store.language_of(ref)

    async def contact_of(self, ref: UserRef) -> tuple[str | None, str | None]:
        """Her language and phone number (WhatsApp writes to the phone where known)."""
        return await self.store.contact_of(ref)
