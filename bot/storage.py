"""Conversations in the database: one turn = one short transaction, retried on a concurrent update.

Two updates of one user arriving at once (a second worker, a double tap) both run; the one
that commits second finds the conversation's version changed and runs again on the fresh
state, so neither is lost and neither overwrites the other.

A turn is the bot's hottest path, so it is a handful of Core statements (user and
conversation read in one join, both updated, the logs inserted) rather than ORM flushes.
On SQLite, whose writers take turns anyway, this process's write transactions queue on an
asyncio lock instead of sleeping in SQLite's busy handler, which waits in growing steps.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
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

users = User.__table__
conversations = Conversation.__table__
flow_log = FlowLog.__table__
query_log = QueryLog.__table__
processed_updates = ProcessedUpdate.__table__

USER_AND_CONVERSATION = (
    select(users.c.id, conversations.c.state, conversations.c.version)
    .select_from(users.outerjoin(conversations, conversations.c.user_id == users.c.id))
    .where(users.c.channel == bindparam("channel"), users.c.platform_id == bindparam("pid"))
)
NEXT_VERSION = (
    update(conversations)
    .where(conversations.c.user_id == bindparam("uid"), conversations.c.version == bindparam("v"))
    .values(
        state=bindparam("state"),
        version=conversations.c.version + 1,
        updated_at=bindparam("now"),
    )
)
USER_SEEN = (
    update(users)
    .where(users.c.id == bindparam("uid"))
    .values(language=bindparam("lang"), last_seen=bindparam("now"), active=True)
)


def subscription_of(user_id: int, flow: Flow) -> tuple[ColumnElement[bool], ...]:
    return (
        Subscription.user_id == user_id,
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
        bind = sessions.kw.get("bind")
        serial = bind is not None and bind.dialect.name == "sqlite"
        self._write_lock: asyncio.Lock | None = asyncio.Lock() if serial else None

    def _writing(self) -> AbstractAsyncContextManager[Any]:
        return self._write_lock if self._write_lock is not None else contextlib.nullcontext()

    async def run_turn(self, user: UserRef, step: Callable[[State], Turn]) -> Turn:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                async with self._writing():
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
            connection = await session.connection()
            found = (
                await connection.execute(
                    USER_AND_CONVERSATION, {"channel": ref.channel, "pid": ref.platform_id}
                )
            ).first()
            user_id = found.id if found is not None else await self._new_user(connection, ref)
            version = found.version if found is not None else None
            state = State.from_json(found.state if version is not None else {})
            turn = step(state)
            if any(isinstance(effect, ForgetUser) for effect in turn.effects):
                await connection.execute(
                    delete(conversations).where(conversations.c.user_id == user_id)
                )
                await connection.execute(delete(users).where(users.c.id == user_id))
                await self._record(session, connection, user_id, turn)
                return turn
            now = utcnow()
            await self._save_state(connection, user_id, version, state.to_json(), now)
            await connection.execute(USER_SEEN, {"uid": user_id, "lang": state.lang, "now": now})
            await self._record(session, connection, user_id, turn)
        return turn

    @staticmethod
    async def _new_user(connection: AsyncConnection, ref: UserRef) -> int:
        """A second worker creating the same user at once fails here, and the turn is retried."""
        result = await connection.execute(
            insert(users).values(channel=ref.channel, platform_id=ref.platform_id)
        )
        return int(result.inserted_primary_key[0])

    @staticmethod
    async def _save_state(
        connection: AsyncConnection,
        user_id: int,
        version: int | None,
        state: dict[str, Any],
        now: Any,
    ) -> None:
        """Insert or bump the version; a version that moved meanwhile means a concurrent turn."""
        if version is None:
            await connection.execute(
                insert(conversations).values(
                    user_id=user_id, state=state, version=1, updated_at=now
                )
            )
            return
        result = await connection.execute(
            NEXT_VERSION, {"uid": user_id, "v": version, "state": state, "now": now}
        )
        if result.rowcount != 1:
            raise StaleDataError("conversation changed during the turn")

    async def _record(
        self, session: AsyncSession, connection: AsyncConnection, user_id: int, turn: Turn
    ) -> None:
        """Effects are stored in the same transaction as the turn: all or nothing."""
        for effect in turn.effects:
            if isinstance(effect, FlowShown):
                flow = effect.flow
                await connection.execute(
                    insert(flow_log).values(
                        hs=flow.hs,
                        origin=flow.origin,
                        destination=flow.destination,
                        language=effect.lang,
                    )
                )
            elif isinstance(effect, QueryLogged):
                await connection.execute(
                    insert(query_log).values(
                        query=effect.query,
                        language=effect.lang,
                        matched=effect.matched,
                        hs=effect.hs,
                    )
                )
            elif isinstance(effect, IncidentReported):
                session.add(
                    Incident(
                        situation=effect.situation,
                        post=effect.post,
                        occurred_on=effect.occurred_on,
                        text=effect.text,
                    )
                )
            elif isinstance(effect, Subscribed):
                await self._subscribe(session, user_id, effect)
            elif isinstance(effect, Unsubscribed):
                await session.execute(
                    delete(Subscription).where(*subscription_of(user_id, effect.flow))
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
                await self._ask_expert(session, user_id, effect)

    @staticmethod
    async def _subscribe(session: AsyncSession, user_id: int, effect: Subscribed) -> None:
        flow = effect.flow
        exists = await session.scalar(
            select(Subscription.id).where(*subscription_of(user_id, flow))
        )
        if exists is None:
            session.add(
                Subscription(
                    user_id=user_id, hs=flow.hs, origin=flow.origin, destination=flow.destination
                )
            )

    async def _ask_expert(self, session: AsyncSession, user_id: int, effect: ExpertAsked) -> None:
        flow = effect.flow.key if effect.flow else None
        question = ExpertQuestion(user_id=user_id, question=effect.question, flow=flow)
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
            async with self._writing(), self.sessions.begin() as session:
                connection = await session.connection()
                await connection.execute(
                    insert(processed_updates).values(channel=channel, key=key, created_at=utcnow())
                )
        except IntegrityError:
            return False
        return True

    async def mark_inactive(self, ref: UserRef) -> None:
        async with self._writing(), self.sessions.begin() as session:
            connection = await session.connection()
            await connection.execute(
                update(users)
                .where(users.c.channel == ref.channel, users.c.platform_id == ref.platform_id)
                .values(active=False)
            )

    async def language_of(self, ref: UserRef) -> str | None:
        async with self.sessions() as session:
            return await session.scalar(
                select(User.language).where(
                    User.channel == ref.channel, User.platform_id == ref.platform_id
                )
            )
