"""Notices about temporary measures to the subscribers of the flows they cover.

A subscriber hears of a measure the day it is published (again when it is extended or ended
early), the day before it takes effect, and on its last day. Any worker may run the job at
any time and as often as it likes: a row in `measure_notices` records each notice queued,
in the same transaction as the notice, so none is queued twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import MeasureNotice, Subscription, User
from bot.outbox import enqueue
from handlers.context import Translator
from handlers.events import Reply, UserRef
from handlers.measures import measure_text
from knowledge.base import Knowledge
from knowledge.measures import covers, in_force
from knowledge.models import Measure

log = logging.getLogger(__name__)
ONE_DAY = dt.timedelta(days=1)


def due_events(measure: Measure, today: dt.date) -> list[tuple[str, str]]:
    """(event, key) pairs to tell subscribers about today."""
    events: list[tuple[str, str]] = []
    if measure.end is None or measure.end >= today:  # published, and not yet over
        events.append(("published", f"{measure.start}/{measure.end or 'open'}"))
    if today == measure.start - ONE_DAY:
        events.append(("starts", measure.start.isoformat()))
    if measure.end is not None and today == measure.end:
        events.append(("ends", measure.end.isoformat()))
    return events


def notice_text(
    t: Translator,
    lang: str,
    knowledge: Knowledge,
    measure: Measure,
    event: str,
    flow: tuple[str, str, str],
    today: dt.date,
) -> str:
    hs, origin, destination = flow
    commodity = knowledge.commodities.get(hs)
    product = commodity.names.get(lang) if commodity else hs
    route = (
        f"{product}: {knowledge.country_name(origin, lang)} → "
        f"{knowledge.country_name(destination, lang)}"
    )
    lines = [t(lang, f"measure-notice-{event}", flow=route)]
    lines += measure_text(t, lang, measure, coming=not in_force(measure, today))
    if measure.exceptions is not None:
        lines.append(measure.exceptions.get(lang))
    lines.append(t(lang, "measure-notice-footer"))
    return "\n".join(lines)


async def send_measure_notices(
    sessions: async_sessionmaker[AsyncSession],
    knowledge: Knowledge,
    t: Translator,
    today: dt.date,
) -> int:
    """Queue every notice due today that no worker has queued yet; how many were queued."""
    async with sessions() as session:
        rows = (
            await session.execute(
                select(
                    User.id,
                    User.channel,
                    User.platform_id,
                    User.language,
                    Subscription.hs,
                    Subscription.origin,
                    Subscription.destination,
                )
                .join(User, User.id == Subscription.user_id)
                .where(User.active.is_(True))
                .order_by(Subscription.id)
            )
        ).all()
    flows: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    users: dict[int, tuple[str, str, str | None]] = {}
    for user_id, channel, platform_id, language, hs, origin, destination in rows:
        flows[user_id].append((hs, origin, destination))
        users[user_id] = (channel, platform_id, language)
    queued = 0
    for measure in knowledge.measures.values():
        events = due_events(measure, today)
        if not events:
            continue
        touched = {
            user_id: flow
            for user_id, user_flows in flows.items()
            for flow in user_flows[::-1]  # the earliest subscription names the route
            if covers(measure, *flow)
        }
        for event, key in events:
            queued += await queue_event(
                sessions, knowledge, t, measure, event, key, touched, users, today
            )
    return queued


async def queue_event(
    sessions: async_sessionmaker[AsyncSession],
    knowledge: Knowledge,
    t: Translator,
    measure: Measure,
    event: str,
    key: str,
    touched: dict[int, tuple[str, str, str]],
    users: dict[int, tuple[str, str, str | None]],
    today: dt.date,
) -> int:
    if not touched:
        return 0
    try:
        async with sessions.begin() as session:
            done = set(
                await session.scalars(
                    select(MeasureNotice.user_id).where(
                        MeasureNotice.measure_id == measure.id,
                        MeasureNotice.event == event,
                        MeasureNotice.key == key,
                    )
                )
            )
            count = 0
            for user_id, flow in touched.items():
                if user_id in done:
                    continue
                channel, platform_id, language = users[user_id]
                text = notice_text(t, language or "en", knowledge, measure, event, flow, today)
                enqueue(session, UserRef(channel, platform_id), "notice", [Reply(text)])
                session.add(
                    MeasureNotice(
                        measure_id=measure.id, user_id=user_id, event=event, key=key, sent_on=today
                    )
                )
                count += 1
    except IntegrityError:  # another worker queued them at the same moment
        log.info("measure notices %s/%s already queued by another worker", measure.id, event)
        return 0
    return count
