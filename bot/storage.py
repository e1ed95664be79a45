"""Conversations in the database: one turn = one transaction, retried on a concurrent update.

Two updates of one user arriving at once (a second worker, a double tap) both run; the one
that commits second sees a version conflict and runs again on the fresh state, so neither
is lost and neither overwrites the other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.models import (
    Conversation,
    ExpertQuestion,
    Feedback,
    FlowLog,
    Incident,
    Outbox,
    ProcessedUpdate,
    QueryLog,
    Subscription,
    User,
    utcnow,
)
from handlers.context import Translator
from handlers.dialog import ForgetUser, QueryLogged, Turn
from handlers.events import UserRef
from handlers.followup import (
    ExpertAsked,
    FeedbackGiven,
    Flow,
    FlowShown,
    Subscribed,
    Unsubscribed,
)
from handlers.report import IncidentReported
from handlers.state import State

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def subscription_of(user: User, flow: Flow) -> tuple[ColumnElement[bool], ...]:
    return (
        Subscription.user_id == user.id,
        Subscription.hs == flow.hs,
        Subscription.origin == flow.origin,
        Subscription.destination == flow.destination,
    )


class SqlStore:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translator: Translator | None = None,
        expert_chat: UserRef | None = None,
    ) -> None:
        self.sessions = sessions
        self.translator = translator
        self.expert_chat = expert_chat

    async def run_turn(self, user: UserRef, step: Callable[[State], Turn]) -> Turn:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await self._run_once(user, step)
            except (StaleDataError, IntegrityError):
                log.info("concurrent update of one conversation, attempt %d", attempt)
            except OperationalError as error:
                if "locked" not in str(error) or attempt == MAX_ATTEMPTS:
                    raise
                log.info("database busy, attempt %d", attempt)
        raise RuntimeError("conversation kept changing under us")

    async def _run_once(self, ref: UserRef, step: Callable[[State], Turn]) -> Turn:
        async with self.sessions.begin() as session:
            user = await self._user(session, ref)
            conversation = await session.get(Conversation, user.id)
            if conversation is None:
                conversation = Conversation(user_id=user.id, state={})
                session.add(conversation)
            state = State.from_json(conversation.state)
            turn = step(state)
            if any(isinstance(effect, ForgetUser) for effect in turn.effects):
                await session.execute(delete(Conversation).where(Conversation.user_id == user.id))
                await session.execute(delete(User).where(User.id == user.id))
                await self._record(session, user, turn)
                return turn
            conversation.state = state.to_json()
            conversation.updated_at = utcnow()
            user.language = state.lang
            user.last_seen = utcnow()
            user.active = True
            await self._record(session, user, turn)
        return turn

    async def _user(self, session: AsyncSession, ref: UserRef) -> User:
        found = await session.scalar(
            select(User).where(User.channel == ref.channel, User.platform_id == ref.platform_id)
        )
        if found is not None:
            return found
        user = User(channel=ref.channel, platform_id=ref.platform_id)
        session.add(user)
        await session.flush()
        return user

    async def _record(self, session: AsyncSession, user: User, turn: Turn) -> None:
        """Effects are stored in the same transaction as the turn: all or nothing."""
        for effect in turn.effects:
            if isinstance(effect, IncidentReported):
                session.add(
                    Incident(
                        situation=effect.situation,
                        post=effect.post,
                        occurred_on=effect.occurred_on,
                        text=effect.text,
                    )
                )
            elif isinstance(effect, QueryLogged):
                session.add(
                    QueryLog(
                        query=effect.query,
                        language=effect.lang,
                        matched=effect.matched,
                        hs=effect.hs,
                    )
                )
            elif isinstance(effect, Subscribed):
                await self._subscribe(session, user, effect)
            elif isinstance(effect, Unsubscribed):
                await session.execute(
                    delete(Subscription).where(*subscription_of(user, effect.flow))
                )
            elif isinstance(effect, FeedbackGiven):
                session.add(
                    Feedback(
                        hs=effect.flow.hs,
                        origin=effect.flow.origin,
                        destination=effect.flow.destination,
                        helpful=effect.helpful,
                        comment=effect.comment,
                    )
                )
            elif isinstance(effect, ExpertAsked):
                await self._ask_expert(session, user, effect)
            elif isinstance(effect, FlowShown):
                flow = effect.flow
                session.add(
                    FlowLog(
                        hs=flow.hs,
                        origin=flow.origin,
                        destination=flow.destination,
                        language=effect.lang,
                    )
                )

    @staticmethod
    async def _subscribe(session: AsyncSession, user: User, effect: Subscribed) -> None:
        flow = effect.flow
        exists = await session.scalar(select(Subscription.id).where(*subscription_of(user, flow)))
        if exists is None:
            session.add(
                Subscription(
                    user_id=user.id, hs=flow.hs, origin=flow.origin, destination=flow.destination
                )
            )

    async def _ask_expert(self, session: AsyncSession, user: User, effect: ExpertAsked) -> None:
        flow = effect.flow.key if effect.flow else None
        question = ExpertQuestion(user_id=user.id, question=effect.question, flow=flow)
        session.add(question)
        await session.flush()
        if self.expert_chat is None or self.translator is None:
            return
        text = self.translator(
            "en",
            "expert-forward",
            id=question.id,
            lang=effect.lang,
            flow=flow or "–",
            question=effect.question,
        )
        session.add(
            Outbox(
                channel=self.expert_chat.channel,
                platform_id=self.expert_chat.platform_id,
                kind="expert",
                payload={"replies": [{"text": text, "choices": []}]},
            )
        )

    async def first_delivery(self, channel: str, key: str) -> bool:
        """True the first time a platform update id is seen; later deliveries are repeats."""
        try:
            async with self.sessions.begin() as session:
                session.add(ProcessedUpdate(channel=channel, key=key))
        except IntegrityError:
            return False
        return True

    async def mark_inactive(self, ref: UserRef) -> None:
        async with self.sessions.begin() as session:
            user = await self._user(session, ref)
            user.active = False

    async def language_of(self, ref: UserRef) -> str | None:
        async with self.sessions() as session:
            return await session.scalar(
                select(User.language).where(
                    User.channel == ref.channel, User.platform_id == ref.platform_id
                )
            )
