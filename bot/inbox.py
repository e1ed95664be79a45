"""The durable inbox and the replies' outbox: nothing a messenger sent is lost or answered twice.

1. A channel stores each update (keyed hash of its id, the update itself) in one
   transaction before it acknowledges it (webhook: answers 200; polling: asks for the next
   offset). A repeat delivery finds the key and is not handled again.
2. The turn runs from the stored update; the same transaction marks the update handled
   (its payload and sender cleared) and queues the reply as an outbox row of kind 'reply',
   held by this process (`lease_until`).
3. The reply is sent from memory and its row deleted; a reply that could not be sent
   stays queued, with a pause before the next try.

A crash anywhere leaves either an update not yet handled or a reply not yet sent, each
with a lease that runs out: `Recovery` (in `tradebot serve` and `tradebot run`) takes them
over, a trader's updates in the order they came. A turn that finds its update already
handled (another process took it over meanwhile) is rolled back whole.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, insert, or_, select, update

from bot.db import Transactions, dialect_module
from bot.models import InboxItem, Outbox, utcnow
from handlers.engine import TurnAbandoned
from handlers.events import Choice, Outcome, Reply, UserRef

log = logging.getLogger(__name__)

inbox = InboxItem.__table__
outbox = Outbox.__table__
REPLY = "reply"
PENDING, SENDING, FAILED = "pending", "sending", "failed"
MAX_ATTEMPTS = 5  # an update whose handling kept crashing is answered with an apology
ORDER_WAIT_S = 0.05  # pause while an earlier update of the same trader is handled elsewhere
ORDER_WAIT_MAX_S = 2.0  # ... but no longer than this (it may be this process's, retrying)
DELETE_TRIES = 40  # a sent reply's row is deleted even across a short database outage
OUTAGE_RETRY_S = (0.5, 4.0)  # an update stored before an outage: tried again, pauses growing
TRY_AGAIN_EVERY_S = 30.0  # 'try again' at most this often to one trader during an outage

MARK_DONE = (
    update(inbox)
    .where(inbox.c.id == bindparam("item"), inbox.c.done.is_(False))
    .values(done=True, payload=None, sender=None, lease_until=None)
)
OLDER_PENDING = (
    select(inbox.c.id)
    .where(
        inbox.c.sender == bindparam("sender"),
        inbox.c.done.is_(False),
        inbox.c.id < bindparam("item"),
    )
    .order_by(inbox.c.id)
)


ANY_OLDER_PENDING = OLDER_PENDING.limit(1)


def _accept(dialect: Any) -> Any:
    """Prebuilt (a turn's hottest statements are compiled once): store, or nothing if seen."""
    return (
        dialect.insert(inbox)
        .values(
            channel=bindparam("channel"),
            key=bindparam("key"),
            sender=bindparam("sender"),
            payload=bindparam("payload"),
            done=False,
            received_on=bindparam("day"),
            lease_until=bindparam("lease"),
            attempts=1,
        )
        .on_conflict_do_nothing()
        .returning(inbox.c.id)
    )


_ACCEPT: dict[str, Any] = {}


def accept_for(dialect_name: str) -> Any:
    """`_accept` of the database's dialect, built once; PostgreSQL's dialect modules (a
    dozen, drivers included) are imported only by a server that uses PostgreSQL."""
    statement = _ACCEPT.get(dialect_name)
    if statement is None:
        statement = _ACCEPT[dialect_name] = _accept(dialect_module(dialect_name))
    return statement


TAKE_OVER = (
    update(inbox)
    .where(
        inbox.c.channel == bindparam("b_channel"),
        inbox.c.key == bindparam("b_key"),
        inbox.c.done.is_(False),
        inbox.c.lease_until < bindparam("now"),
    )
    .values(lease_until=bindparam("b_lease"), attempts=inbox.c.attempts + 1)
    .returning(inbox.c.id, inbox.c.payload, inbox.c.sender)
)
QUEUE_REPLY = insert(outbox).values(
    channel=bindparam("channel"),
    platform_id=bindparam("pid"),
    kind=REPLY,
    payload=bindparam("payload"),
    status=SENDING,
    attempts=1,
    available_at=bindparam("now"),
    lease_until=bindparam("lease"),
    created_at=bindparam("now"),
)
DELETE_REPLY = delete(outbox).where(outbox.c.id == bindparam("id"))


class AlreadyHandled(TurnAbandoned):
    """The update was handled by another process meanwhile: this turn is rolled back."""


@dataclass(frozen=True, slots=True)
class Item:
    """An update this process holds the lease of, to handle now."""

    id: int
    channel: str
    payload: dict[str, Any]
    sender: str | None = None
    older_pending: bool = False  # an earlier update of the same trader is not handled yet
    exhausted: bool = False  # its handling crashed the process again and again


@dataclass(frozen=True, slots=True)
class QueuedReply:
    id: int
    channel: str
    platform_id: str
    payload: dict[str, Any]
    attempts: int


def replies_json(replies: Sequence[Reply]) -> list[dict[str, Any]]:
    out = []
    for reply in replies:
        entry: dict[str, Any] = {
            "text": reply.text,
            "choices": [{"id": c.id, "title": c.title} for c in reply.choices],
        }
        if reply.image is not None:
            entry["image"] = base64.b64encode(reply.image).decode()
        out.append(entry)
    return out


def json_replies(payload: Mapping[str, Any]) -> list[Reply]:
    return [
        Reply(
            r["text"],
            tuple(Choice(c["id"], c["title"]) for c in r.get("choices", [])),
            base64.b64decode(r["image"]) if r.get("image") else None,
        )
        for r in payload.get("replies", [])
    ]


class Receipt:
    """What one handled update leaves in the turn's own transaction: the update marked
    handled and the reply queued. `commit` is called by the store inside that transaction."""

    def __init__(
        self, owner: Inbox, item: Item, user: UserRef, extra: Mapping[str, Any] | None = None
    ) -> None:
        self.owner = owner
        self.item = item
        self.user = user
        self.extra = dict(extra or {})
        self.committed = False
        self.already_handled = False
        self.outbox_id: int | None = None

    def commit(self, connection: Connection, outcome: Outcome) -> None:
        if connection.execute(MARK_DONE, {"item": self.item.id}).rowcount != 1:
            self.already_handled = True
            raise AlreadyHandled(self.item.id)
        self.outbox_id = self.owner.queue_reply(connection, self.user, outcome, self.extra)
        self.committed = True


class Inbox:
    def __init__(self, transactions: Transactions, secret: str, lease_s: float) -> None:
        self.transactions = transactions
        self.secret = secret.encode()
        self.lease_s = lease_s

    # ---- keys -----------------------------------------------------------------------------

    def hashed(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()

    def key(self, channel: str, update_id: str) -> str:
        return self.hashed(f"update:{channel}:{update_id}")

    def sender_key(self, user: UserRef) -> str:
        return self.hashed(f"user:{user.channel}:{user.platform_id}")

    def lease(self) -> dt.datetime:
        return utcnow() + dt.timedelta(seconds=self.lease_s)

    # ---- updates in -----------------------------------------------------------------------

    async def accept(
        self, channel: str, entries: Sequence[tuple[str, UserRef | None, dict[str, Any]]]
    ) -> list[Item]:
        """Store (update id, sender, update) entries in one transaction; returns the items
        this process now holds: the new ones, and repeats of ones a crash left unhandled."""
        if not entries:
            return []

        def store(connection: Connection) -> list[Item]:
            return [self._accept_one(connection, channel, *entry) for entry in entries if entry]

        items = await self.transactions.run(store)
        return [item for item in items if item is not None]

    def _accept_one(
        self,
        connection: Connection,
        channel: str,
        update_id: str,
        user: UserRef | None,
        payload: dict[str, Any],
    ) -> Item | None:
        now = utcnow()
        key = self.key(channel, update_id)
        sender = self.sender_key(user) if user is not None else None
        lease = now + dt.timedelta(seconds=self.lease_s)
        inserted = connection.execute(
            accept_for(connection.dialect.name),
            {
                "channel": channel,
                "key": key,
                "sender": sender,
                "payload": payload,
                "day": now.date(),
                "lease": lease,
            },
        ).scalar()
        if inserted is not None:
            older = sender is not None and (
                connection.execute(ANY_OLDER_PENDING, {"sender": sender, "item": inserted}).first()
                is not None
            )
            return Item(inserted, channel, payload, sender, older)
        # A repeat: handled already, being handled, or left by a crash (taken over here).
        taken = connection.execute(
            TAKE_OVER, {"b_channel": channel, "b_key": key, "now": now, "b_lease": lease}
        ).first()
        if taken is None:
            return None
        return Item(taken.id, channel, taken.payload or {}, taken.sender, older_pending=True)

    async def claim_expired(self, channels: Iterable[str], limit: int = 50) -> list[Item]:
        """Unhandled updates of these channels whose handler's lease ran out (it crashed),
        oldest first."""
        now = utcnow()
        channels = list(channels)

        def claim(connection: Connection) -> list[Item]:
            query = (
                select(inbox.c.id)
                .where(
                    inbox.c.done.is_(False),
                    inbox.c.lease_until < now,
                    inbox.c.channel.in_(channels),
                )
                .order_by(inbox.c.id)
                .limit(limit)
            )
            if connection.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            ids = list(connection.execute(query).scalars())
            if not ids:
                return []
            rows = connection.execute(
                update(inbox)
                .where(inbox.c.id.in_(ids), inbox.c.done.is_(False), inbox.c.lease_until < now)
                .values(lease_until=self.lease(), attempts=inbox.c.attempts + 1)
                .returning(
                    inbox.c.id, inbox.c.channel, inbox.c.payload, inbox.c.sender, inbox.c.attempts
                )
            ).all()
            return sorted(
                (
                    Item(
                        r.id,
                        r.channel,
                        r.payload or {},
                        r.sender,
                        exhausted=r.attempts > MAX_ATTEMPTS,
                    )
                    for r in rows
                ),
                key=lambda item: item.id,
            )

        return await self.transactions.run(claim)

    async def catch_up(self, item: Item, handle: Callable[[Item], Awaitable[None]]) -> None:
        """Before `item`, handle the same trader's earlier updates a crash left behind; wait
        a moment for those another process is handling."""
        if item.sender is None:
            return
        deadline = asyncio.get_running_loop().time() + ORDER_WAIT_MAX_S
        while asyncio.get_running_loop().time() < deadline:

            def take(connection: Connection) -> tuple[list[Item], bool]:
                now = utcnow()
                ids = list(
                    connection.execute(
                        OLDER_PENDING, {"sender": item.sender, "item": item.id}
                    ).scalars()
                )
                if not ids:
                    return [], False
                rows = connection.execute(
                    update(inbox)
                    .where(inbox.c.id.in_(ids), inbox.c.done.is_(False), inbox.c.lease_until < now)
                    .values(lease_until=self.lease(), attempts=inbox.c.attempts + 1)
                    .returning(inbox.c.id, inbox.c.channel, inbox.c.payload, inbox.c.sender)
                ).all()
                taken = [Item(r.id, r.channel, r.payload or {}, r.sender) for r in rows]
                return sorted(taken, key=lambda i: i.id), len(taken) < len(ids)

            taken, others_busy = await self.transactions.run(take)
            for earlier in taken:
                await handle(earlier)
            if not taken and not others_busy:
                return
            if not taken:
                await asyncio.sleep(ORDER_WAIT_S)

    async def release(self, item: Item, after_s: float) -> None:
        """Leave the update for a later try (the database failed during its turn)."""

        def later(connection: Connection) -> None:
            connection.execute(
                update(inbox)
                .where(inbox.c.id == item.id, inbox.c.done.is_(False))
                .values(lease_until=utcnow() + dt.timedelta(seconds=after_s))
            )

        with contextlib.suppress(Exception):  # then the lease runs out by itself
            await self.transactions.run(later)

    async def is_pending(self, item: Item) -> bool:
        def pending(connection: Connection) -> bool:
            query = select(inbox.c.done).where(inbox.c.id == item.id)
            return connection.execute(query).scalar() is False

        return await self.transactions.run(pending)

    async def retry_after_outage(self, item: Item, handle: Handle) -> None:
        """Stored, but the database went away during its turn: this process still holds the
        update and tries again, so it is answered as soon as the database is back (after
        the lease, Recovery anywhere would)."""
        pause = OUTAGE_RETRY_S[0]
        deadline = time.monotonic() + self.lease_s * 0.8
        while time.monotonic() + pause < deadline:
            await asyncio.sleep(pause)
            pause = min(pause * 2, OUTAGE_RETRY_S[1])
            try:
                if await self.is_pending(item):
                    await handle(item)
                return
            except Exception as error:
                log.info("still no database: %s", type(error).__name__)

    def receipt(self, item: Item, user: UserRef, extra: Mapping[str, Any] | None = None) -> Receipt:
        return Receipt(self, item, user, extra)

    async def finish(
        self,
        receipt: Receipt,
        outcome: Outcome | None,
        also: Callable[[Connection], None] | None = None,
    ) -> int | None:
        """Mark handled and queue the reply outside a turn (admin replies, apologies, updates
        that need no turn); `also` writes what goes with the queued reply, in the same
        transaction. Returns the queued reply's id."""

        def done(connection: Connection) -> int | None:
            if connection.execute(MARK_DONE, {"item": receipt.item.id}).rowcount != 1:
                receipt.already_handled = True
                return None
            queued = (
                None
                if outcome is None
                else self.queue_reply(connection, receipt.user, outcome, receipt.extra)
            )
            if also is not None:
                also(connection)
            return queued

        receipt.outbox_id = await self.transactions.run(done)
        receipt.committed = not receipt.already_handled
        return receipt.outbox_id

    # ---- replies out ----------------------------------------------------------------------

    def queue_reply(
        self, connection: Connection, user: UserRef, outcome: Outcome, extra: Mapping[str, Any]
    ) -> int | None:
        if not outcome.replies:
            return None
        now = utcnow()
        payload = {
            "replies": replies_json(outcome.replies),
            "version": outcome.knowledge_version,
            "edit": outcome.edit_in_place,
            **extra,
        }
        result = connection.execute(
            QUEUE_REPLY,
            {
                "channel": user.channel,
                "pid": user.platform_id,
                "payload": payload,
                "now": now,
                "lease": now + dt.timedelta(seconds=self.lease_s),
            },
        )
        return int(result.inserted_primary_key[0])

    async def sent(self, outbox_id: int | None) -> None:
        """A sent reply's row is deleted (replies are not kept); across an outage too."""
        if outbox_id is None:
            return

        def forget(connection: Connection) -> None:
            connection.execute(DELETE_REPLY, {"id": outbox_id})

        for attempt in range(DELETE_TRIES):
            try:
                await self.transactions.run(forget)
                return
            except Exception as error:
                log.warning("sent reply not yet recorded (%s)", type(error).__name__)
                await asyncio.sleep(min(0.1 * 2**attempt, 2.0))

    async def not_sent(self, outbox_id: int | None, attempts: int = 1) -> None:
        """The messenger did not take it: tried again later, by whoever runs `Recovery`."""
        if outbox_id is None:
            return
        give_up = attempts >= MAX_ATTEMPTS

        def later(connection: Connection) -> None:
            connection.execute(
                update(outbox)
                .where(outbox.c.id == outbox_id)
                .values(
                    status=FAILED if give_up else PENDING,
                    lease_until=None,
                    available_at=utcnow() + dt.timedelta(seconds=min(300, 2**attempts)),
                )
            )

        with contextlib.suppress(Exception):  # the lease runs out and it is tried again
            await self.transactions.run(later)

    async def claim_replies(self, channels: Iterable[str], limit: int = 50) -> list[QueuedReply]:
        """Replies left unsent (a crash, or the messenger failing), oldest first."""
        now = utcnow()
        claimable = and_(
            outbox.c.kind == REPLY,
            outbox.c.channel.in_(list(channels)),
            or_(
                and_(outbox.c.status == PENDING, outbox.c.available_at <= now),
                and_(outbox.c.status == SENDING, outbox.c.lease_until < now),
            ),
        )

        def claim(connection: Connection) -> list[QueuedReply]:
            query = select(outbox.c.id).where(claimable).order_by(outbox.c.id).limit(limit)
            if connection.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            ids = list(connection.execute(query).scalars())
            if not ids:
                return []
            rows = connection.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids), claimable)
                .values(status=SENDING, lease_until=self.lease(), attempts=outbox.c.attempts + 1)
                .returning(
                    outbox.c.id,
                    outbox.c.channel,
                    outbox.c.platform_id,
                    outbox.c.payload,
                    outbox.c.attempts,
                )
            ).all()
            return sorted(
                (QueuedReply(r.id, r.channel, r.platform_id, r.payload, r.attempts) for r in rows),
                key=lambda r: r.id,
            )

        return await self.transactions.run(claim)


Handle = Callable[[Item], Awaitable[None]]
Resend = Callable[[QueuedReply], Awaitable[None]]


class KeyedLocks:
    """One lock per key (a trader), dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    def __call__(self, key: str) -> asyncio.Lock:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        return lock

    def release(self, key: str) -> None:
        lock, users = self._locks[key]
        if users <= 1:
            del self._locks[key]
        else:
            self._locks[key] = (lock, users - 1)

    @contextlib.asynccontextmanager
    async def held(self, key: str | None):  # type: ignore[no-untyped-def]
        if key is None:
            yield
            return
        lock = self(key)
        try:
            async with lock:
                yield
        finally:
            self.release(key)


class Throttle:
    """True at most once in `every_s` per key: 'try again' is said once, not per update."""

    def __init__(self, every_s: float = TRY_AGAIN_EVERY_S) -> None:
        self.every_s = every_s
        self._last: dict[Any, float] = {}

    def allow(self, key: Any) -> bool:
        now = time.monotonic()
        if now - self._last.get(key, -self.every_s) < self.every_s:
            return False
        if len(self._last) > 10_000:
            self._last.clear()
        self._last[key] = now
        return True


@dataclass
class Recovery:
    """Takes over what a crashed process left: unhandled updates, then unsent replies."""

    inbox: Inbox
    handlers: dict[str, Handle] = field(default_factory=dict)
    resenders: dict[str, Resend] = field(default_factory=dict)
    every_s: float = 1.0
    concurrency: int = 16

    def add(self, channel: str, handle: Handle, resend: Resend) -> None:
        self.handlers[channel] = handle
        self.resenders[channel] = resend

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                busy = await self.once()
            except Exception as error:  # the database is down: try again in a while
                log.warning("recovery pass failed: %s", type(error).__name__)
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.every_s)

    async def once(self) -> bool:
        """One pass; True when it found work (another pass follows at once)."""
        items = await self.inbox.claim_expired(self.handlers)
        by_sender: dict[str, list[Item]] = {}
        for item in items:
            by_sender.setdefault(item.sender or f"#{item.id}", []).append(item)
        semaphore = asyncio.Semaphore(self.concurrency)

        async def in_order(group: list[Item]) -> None:
            async with semaphore:
                for item in group:
                    await self.handlers[item.channel](item)

        await asyncio.gather(*(in_order(group) for group in by_sender.values()))
        replies = await self.inbox.claim_replies(self.resenders)
        for reply in replies:
            await self.resenders[reply.channel](reply)
        return bool(items or replies)
