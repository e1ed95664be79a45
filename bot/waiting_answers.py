"""Questions that come back answered: when a new knowledge version matches a waiting
question, its trader gets one message with the answer for her route, through the outbox."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import User, WaitingQuestion
from bot.outbox import enqueue
from handlers.context import Translator
from handlers.events import Reply, UserRef
from knowledge.base import Knowledge
from knowledge.matching import Matcher

MAX_STEPS_LISTED = 8


def answer_text(
    t: Translator,
    lang: str,
    knowledge: Knowledge,
    hs: str,
    query: str,
    route: tuple[str | None, str | None],
) -> str:
    commodity = knowledge.commodities[hs]
    product = commodity.names.get(lang)
    lines = [t(lang, "waiting-answered", query=query, product=product, hs=hs)]
    origin, destination = route
    known = knowledge.countries
    if origin in known and destination in known and origin != destination:
        assert origin is not None and destination is not None
        steps = knowledge.steps_for(commodity, origin, destination)
        lines.append(
            t(
                lang,
                "answer-header",
                product=product,
                hs=hs,
                origin=knowledge.country_name(origin, lang),
                destination=knowledge.country_name(destination, lang),
            )
        )
        lines += [
            f"{n}. {s.title.get(lang)}" for n, s in enumerate(steps[:MAX_STEPS_LISTED], start=1)
        ]
    lines.append(t(lang, "waiting-answered-footer", product=product))
    return "\n".join(lines)


async def answer_waiting_questions(
    session: AsyncSession, new: Knowledge, t: Translator, matcher: Matcher | None = None
) -> int:
    """One message per waiting question the new knowledge matches; the question is then
    removed. Runs in the import's transaction: all or nothing with the new version."""
    rows = (
        await session.execute(
            select(WaitingQuestion, User)
            .join(User, User.id == WaitingQuestion.user_id)
            .order_by(WaitingQuestion.id)
        )
    ).all()
    if not rows:
        return 0
    matcher = matcher or Matcher(new.commodities.values())
    answered: list[int] = []
    for question, user in rows:
        result = matcher.match(question.query, question.language, limit=1)
        if not result.confident or not result.candidates:
            continue
        hs = result.candidates[0].hs
        route = (question.origin, question.destination)
        text = answer_text(t, question.language, new, hs, question.query, route)
        if user.active:
            enqueue(session, UserRef(user.channel, user.platform_id), "answer", [Reply(text)])
        answered.append(question.id)
    if answered:
        await session.execute(delete(WaitingQuestion).where(WaitingQuestion.id.in_(answered)))
    return len(answered)


async def waiting_ranked(session: AsyncSession, limit: int = 15) -> list[tuple[str, int]]:
    """The waiting questions, by how many traders asked (the same words, any case)."""
    key = func.lower(WaitingQuestion.query)
    rows = await session.execute(
        select(key, func.count()).group_by(key).order_by(func.count().desc(), key).limit(limit)
    )
    return [(q, int(n)) for q, n in rows.all()]
