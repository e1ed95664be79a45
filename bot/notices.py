"""Tell subscribed traders what changed for their flow when an import changes its steps."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Subscription, User
from bot.outbox import enqueue
from handlers.context import Translator
from handlers.events import Reply, UserRef
from handlers.followup import Flow
from knowledge.base import Knowledge
from knowledge.models import Requirement


def step_map(knowledge: Knowledge, flow: Flow) -> dict[str, Requirement]:
    commodity = knowledge.commodities.get(flow.hs)
    if commodity is None:
        return {}
    return {r.id: r for r in knowledge.steps_for(commodity, flow.origin, flow.destination)}


def flow_changes(
    old: Knowledge, new: Knowledge, flow: Flow
) -> tuple[list[Requirement], list[Requirement], list[Requirement]]:
    """Steps added, changed and removed for one flow between two knowledge versions."""
    before, after = step_map(old, flow), step_map(new, flow)
    added = [after[k] for k in after.keys() - before.keys()]
    removed = [before[k] for k in before.keys() - after.keys()]
    changed = [after[k] for k in after.keys() & before.keys() if after[k] != before[k]]
    return (
        sorted(added, key=lambda r: r.id),
        sorted(changed, key=lambda r: r.id),
        sorted(removed, key=lambda r: r.id),
    )


def notice_text(
    t: Translator,
    lang: str,
    new: Knowledge,
    flow: Flow,
    changes: tuple[list[Requirement], list[Requirement], list[Requirement]],
) -> str:
    commodity = new.commodities.get(flow.hs)
    product = commodity.names.get(lang) if commodity else flow.hs
    lines = [
        t(
            lang,
            "notice-header",
            product=product,
            origin=new.country_name(flow.origin, lang),
            destination=new.country_name(flow.destination, lang),
        )
    ]
    for key, items in zip(
        ("notice-added", "notice-changed", "notice-removed"), changes, strict=True
    ):
        for item in items:
            lines.append(t(lang, key, step=item.title.get(lang)))
    lines.append(t(lang, "notice-footer"))
    return "\n".join(lines)


async def enqueue_notices(
    session: AsyncSession, old: Knowledge | None, new: Knowledge, t: Translator
) -> int:
    """One notice per subscriber per changed flow, in the subscriber's language."""
    if old is None:
        return 0
    rows = await session.execute(
        select(Subscription, User)
        .join(User, User.id == Subscription.user_id)
        .where(User.active.is_(True))
    )
    by_flow: dict[Flow, list[User]] = defaultdict(list)
    for subscription, user in rows.all():
        by_flow[Flow(subscription.hs, subscription.origin, subscription.destination)].append(user)
    count = 0
    for flow, users in by_flow.items():
        changes = flow_changes(old, new, flow)
        if not any(changes):
            continue
        for user in users:
            text = notice_text(t, user.language or "en", new, flow, changes)
            enqueue(session, UserRef(user.channel, user.platform_id), "notice", [Reply(text)])
            count += 1
    return count
