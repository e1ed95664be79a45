"""Conversations in the database: one turn = one transaction, retried on a concurrent update.

Two updates of one user arriving at once (a second worker, a double tap) both run; the one
that commits second sees a version conflict and runs again on the fresh state, so neither
is lost and neither overwrites the other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.models import Conversation, ProcessedUpdate, QueryLog, User, utcnow
from handlers.dialog import ForgetUser, QueryLogged, Turn
from handlers.events import UserRef
from handlers.state import State

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class SqlStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

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
                self._log_queries(session, turn)
                return turn
            conversation.state = state.to_json()
            conversation.updated_at = utcnow()
            user.language = state.lang
            user.last_seen = utcnow()
            user.active = True
            self._log_queries(session, turn)
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

    @staticmethod
    def _log_queries(session: AsyncSession, turn: Turn) -> None:
        for effect in turn.effects:
            if isinstance(effect, QueryLogged):
                session.add(
                    QueryLog(
                        query=effect.query, language=effect.lang, matched=effect.matched, hs=effect.hs
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
