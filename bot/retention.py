"""How long what the bot keeps is kept: enforced by `tradebot worker` (bot/worker.py).

| what | kept | why |
|---|---|---|
| inbox keys of handled updates | 3 days | messengers stop delivering again long before |
| search log (query_log) | 90 days | admins' gaps and trends; the day only, no user |
| delivered notices, broadcasts, expert messages (outbox) | 30 days | broadcast counts |
| SMS delivery statuses (sms_statuses: hashed sid, status, day) | 30 days | delivery rates |
| the instant of a number's last SMS (sms_numbers.active_at) | 1 day | to end its conversation |

A conversation by SMS ends when the next SMS after its idle gap comes in (anyone's); the
instant of her last SMS is cleared then, and here at the latest a day later (her
conversation is then ended without going into the /metrics histogram).

Replies to updates are deleted as soon as they are sent; unhandled updates and unsent
messages are never pruned here. Conversations and users are kept until `/forget`.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, select, update
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
        stale = SmsNumber.active_at < utcnow() - SMS_ACTIVE_KEEP
        await session.execute(
            update(SmsConversation)
            .where(SmsConversation.id.in_(select(SmsNumber.conversation).where(stale)))
            .values(ended=True)
        )
        instants = await session.execute(
            update(SmsNumber).where(stale).values(active_at=None, conversation=None)
        )
    counts = {
        "inbox": inbox.rowcount or 0,
        "query_log": queries.rowcount or 0,
        "outbox": outbox.rowcount or 0,
        "sms_statuses": statuses.rowcount or 0,
        "sms_instants": instants.rowcount or 0,
    }
    log.info("retention: deleted %s", counts)
    return counts
