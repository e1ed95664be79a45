"""How long what the bot keeps is kept: enforced by `tradebot worker` (bot/worker.py).

| what | kept | why |
|---|---|---|
| inbox keys of handled updates | 3 days | messengers stop delivering again long before |
| search log (query_log) | 90 days | admins' gaps and trends; the day only, no user |
| delivered notices, broadcasts, expert messages (outbox) | 30 days | broadcast counts |
| SMS delivery statuses (sms_statuses: hashed sid, status, day) | 30 days | delivery rates |
| the instant of a number's last SMS (sms_numbers.active_at) | 1 day | to end its conversation |
| a notice's pages left (sms_numbers.pending) | 1 day after its last page sent | 'N more' |
| ended SMS conversations (no number: day, segments) | 30 days | the admins' stats |

A conversation by SMS ends when the next SMS after its idle gap comes in (anyone's); the
instant of her last SMS is cleared then, and here at the latest a day later (her
conversation is then ended without going into the /metrics histogram).

Replies to updates are deleted as soon as they are sent; unhandled updates and unsent
messages are never pruned here. Conversations and users are kept until `/forget`; an
ended SMS conversation (which knows no number) 30 days, one that cost nothing not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import Select, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import (
    InboxItem,
    Outbox,
    QueryLog,
    SmsConversation,
    SmsNumber,
    SmsStatus,
    today,
    utcnow,
)

log = logging.getLogger(__name__)

INBOX_KEEP = dt.timedelta(days=3)
QUERY_LOG_KEEP = dt.timedelta(days=90)
OUTBOX_KEEP = dt.timedelta(days=30)
SMS_ACTIVE_KEEP = dt.timedelta(days=1)  # longer than any idle gap (at most 12 hours)
SMS_PENDING_KEEP = dt.timedelta(days=1)  # a notice's 'N more' is not read a day later
FINISHED = ("sent", "blocked", "failed")


async def enforce_retention(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Delete what is past its time; returns how many rows of each kind."""
    async with sessions.begin() as session:
        inbox = await session.execute(
            delete(InboxItem).where(
                InboxItem.done.is_(True), InboxItem.received_on < today() - INBOX_KEEP
            )
        )
        queries = await session.execute(
            delete(QueryLog).where(QueryLog.created_on < today() - QUERY_LOG_KEEP)
        )
        outbox = await session.execute(
            delete(Outbox).where(
                Outbox.status.in_(FINISHED), Outbox.created_at < utcnow() - OUTBOX_KEEP
            )
        )
        statuses = await session.execute(
            delete(SmsStatus).where(SmsStatus.updated_on < today() - OUTBOX_KEEP)
        )
        pending = await drop_stale_pending(session)  # number rows first, as `spend` does
        instants = await end_stale_conversations(session)
        conversations = await session.execute(
            delete(SmsConversation).where(
                SmsConversation.ended.is_(True),
                or_(
                    SmsConversation.day < today() - OUTBOX_KEEP,
                    SmsConversation.segments == 0,  # no conversation: counted nowhere
                ),
            )
        )
    counts = {
        "inbox": inbox.rowcount or 0,
        "query_log": queries.rowcount or 0,
        "outbox": outbox.rowcount or 0,
        "sms_statuses": statuses.rowcount or 0,
        "sms_instants": instants,
        "sms_pending": pending,
        "sms_conversations": conversations.rowcount or 0,
    }
    log.info("retention: deleted %s", counts)
    return counts


def for_update(session: AsyncSession, query: Select[Any]) -> Select[Any]:
    return query.with_for_update() if session.bind.dialect.name == "postgresql" else query


async def end_stale_conversations(session: AsyncSession) -> int:
    """Numbers whose last SMS is a day old: their conversation ends. The number rows are
    locked first, then the conversations', in the order `SmsStore.spend` takes them."""
    stale = (
        await session.execute(
            for_update(
                session,
                select(SmsNumber.number, SmsNumber.conversation)
                .where(SmsNumber.active_at < utcnow() - SMS_ACTIVE_KEEP)
                .order_by(SmsNumber.number),
            )
        )
    ).all()
    if not stale:
        return 0
    ids = [row.conversation for row in stale if row.conversation is not None]
    if ids:
        await session.execute(
            update(SmsConversation).where(SmsConversation.id.in_(ids)).values(ended=True)
        )
    await session.execute(
        update(SmsNumber)
        .where(SmsNumber.number.in_([row.number for row in stale]))
        .values(active_at=None, conversation=None)
    )
    return len(stale)


async def drop_stale_pending(session: AsyncSession) -> int:
    """A notice's pages left, a day after its last page was sent (or of unknown age)."""
    since = utcnow() - SMS_PENDING_KEEP
    rows = (
        await session.execute(
            for_update(
                session,
                select(SmsNumber.number, SmsNumber.pending).where(SmsNumber.pending.is_not(None)),
            )
        )
    ).all()
    numbers = [row.number for row in rows if stale_pending(row.pending, since)]
    if numbers:
        await session.execute(
            update(SmsNumber).where(SmsNumber.number.in_(numbers)).values(pending=None)
        )
    return len(numbers)


def stale_pending(pending: Any, since: dt.datetime) -> bool:
    if not isinstance(pending, dict):
        return True  # a JSON null written before pending's NULL was SQL NULL
    try:
        at = dt.datetime.fromisoformat(str(pending.get("at")))
    except ValueError:
        return True
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)) < since
