"""Conversations in the database: one turn = one short transaction, retried on a concurrent update.

Two updates of one user arriving at once (a second worker, a double tap) both run; the one
that commits second finds the conversation's version changed and runs again on the fresh
state, so neither is lost and neither overwrites the other.

A turn is the bot's hottest path, so it is a handful of Core statements (user and
conversation read in one join, both updated, the logs inserted) written once as a function
of a connection, and run by `Transactions`: through the async engine on PostgreSQL, on
the event loop's thread for a SQLite file (see bot/db.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.db import AsyncTransactions, Transactions
from bot.models import (
    Conversation,
    ExpertQuestion,
    Feedback,
    FlowLog,
    Incident,
    Outbox,
    QueryLog,
    SmsNumber,
    Subscription,
    User,
    random_id,
    start_of_day,
    today,
)
from bot.published_store import record_published
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
CONFLICT_ATTEMPTS = 8  # a conversation changed by a concurrent turn

users = User.__table__
conversations = Conversation.__table__
subscriptions = Subscription.__table__

USER_AND_CONVERSATION = (
    select(users.c.id, conversations.c.state, conversations.c.version)
    .select_from(users.outerjoin(conversations, conversations.c.user_id == users.c.id))
    .where(users.c.channel == bindparam("channel"), users.c.platform_id == bindparam("pid"))
)
NEXT_VERSION = (
    update(conversations)
    .where(conversations.c.user_id == bindparam("uid"), conversations.c.version == bindparam("v"))
    .values(
        state=bindparam("state"), version=conversations.c.version + 1, updated_at=bindparam("now")
    )
)
LANGUAGE_OF = select(users.c.language).where(
    users.c.channel == bindparam("channel"), users.c.platform_id == bindparam("pid")
)
USER_SEEN = (
    update(users)
    .where(users.c.id == bindparam("uid"))
    .values(language=bindparam("lang"), last_seen=bindparam("now"), active=True)
)


def subscription_of(user_id: int, flow: Flow) -> tuple[ColumnElement[bool], ...]:
    return (
        subscriptions.c.user_id == user_id,
        subscriptions.c.hs == flow.hs,
        subscriptions.c.origin == flow.origin,
        subscriptions.c.destination == flow.destination,
    )


class SqlStore:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translator: Translator | None = None,
        expert_chat: UserRef | None = None,
        transactions: Transactions | None = None,
    ) -> None:
        self.sessions = sessions
        self.translator = translator
        self.expert_chat = expert_chat
        self.transactions = transactions or AsyncTransactions(sessions.kw["bind"])

    async def run_turn(
        self,
        user: UserRef,
        step: Callable[[State], Turn],
        then: Callable[[Connection, Turn], None] | None = None,
    ) -> Turn:
        """`then` runs last in the turn's transaction (the inbox: update handled, reply
        queued), so the state change, its records and the reply commit together or not."""
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                return await self.transactions.run(lambda c: self._turn(c, user, step, then))
            except (StaleDataError, IntegrityError):
                log.info("concurrent update of one conversation, attempt %d", attempt)
        raise RuntimeError("conversation kept changing under us")

    def _turn(
        self,
        connection: Connection,
        ref: UserRef,
        step: Callable[[State], Turn],
        then: Callable[[Connection, Turn], None] | None = None,
    ) -> Turn:
        found = connection.execute(
            USER_AND_CONVERSATION, {"channel": ref.channel, "pid": ref.platform_id}
        ).first()
        user_id = found.id if found is not None else new_user(connection, ref)
        version = found.version if found is not None else None
        state = State.from_json(found.state if version is not None else {})
        turn = step(state)
        forget = any(isinstance(effect, ForgetUser) for effect in turn.effects)
        if not forget:
            # The day, not the instant: no turn (an incident report least of all) can be
            # told apart by its time.
            now = start_of_day()
            save_state(connection, user_id, version, state.to_json(), now)
            connection.execute(USER_SEEN, {"uid": user_id, "lang": state.lang, "now": now})
        for effect in turn.effects:
            self._record(connection, user_id, effect)
        if forget:
            forget_user(connection, user_id, ref)
        if then is not None:
            then(connection, turn)
        return turn

    def _record(self, connection: Connection, user_id: int, effect: object) -> None:
        """Effects are stored in the same transaction as the turn: all or nothing."""
        if isinstance(effect, FlowShown):
            flow = effect.flow
            connection.execute(
                insert(FlowLog.__table__).values(
                    hs=flow.hs,
                    origin=flow.origin,
                    destination=flow.destination,
                    language=effect.lang,
                )
            )
        elif isinstance(effect, QueryLogged):
            connection.execute(
                insert(QueryLog.__table__).values(
                    id=random_id(),
                    created_on=today(),
                    query=effect.query,
                    language=effect.lang,
                    matched=effect.matched,
                    hs=effect.hs,
                )
            )
        elif isinstance(effect, IncidentReported):
            connection.execute(
                insert(Incident.__table__).values(
                    id=random_id(),
                    situation=effect.situation,
                    post=effect.post,
                    occurred_on=effect.occurred_on,
                    text=effect.text,
                )
            )
        elif isinstance(effect, Subscribed):
            subscribe(connection, user_id, effect.flow)
        elif isinstance(effect, Unsubscribed):
            connection.execute(delete(subscriptions).where(*subscription_of(user_id, effect.flow)))
        elif isinstance(effect, FeedbackGiven):
            connection.execute(
                insert(Feedback.__table__).values(
                    hs=effect.flow.hs,
                    origin=effect.flow.origin,
                    destination=effect.flow.destination,
                    helpful=effect.helpful,
                    comment=effect.comment,
                )
            )
        elif isinstance(effect, ExpertAsked):
            self._ask_expert(connection, user_id, effect)
        else:
            record_published(connection, user_id, effect)

    def _ask_expert(self, connection: Connection, user_id: int, effect: ExpertAsked) -> None:
        flow = effect.flow.key if effect.flow else None
        inserted = connection.execute(
            insert(ExpertQuestion.__table__).values(
                user_id=user_id, question=effect.question, flow=flow
            )
        )
        if self.expert_chat is None or self.translator is None:
            return
        text = self.translator(
            "en",
            "expert-forward",
            id=inserted.inserted_primary_key[0],
            lang=effect.lang,
            flow=flow or "–",
            question=effect.question,
        )
        connection.execute(
            insert(Outbox.__table__).values(
                channel=self.expert_chat.channel,
                platform_id=self.expert_chat.platform_id,
                kind="expert",
                payload={"replies": [{"text": text, "choices": []}]},
                about_user_id=user_id,
            )
        )

    async def mark_inactive(self, ref: UserRef) -> None:
        def mark(connection: Connection) -> None:
            connection.execute(
                update(users)
                .where(users.c.channel == ref.channel, users.c.platform_id == ref.platform_id)
                .values(active=False)
            )

        await self.transactions.run(mark)

    async def language_of(self, ref: UserRef) -> str | None:
        """Asked for every WhatsApp reply: through the same cheap path as a turn."""

        def read(connection: Connection) -> str | None:
            params = {"channel": ref.channel, "pid": ref.platform_id}
            return connection.execute(LANGUAGE_OF, params).scalar()

        return await self.transactions.run(read)


def forget_user(connection: Connection, user_id: int, ref: UserRef) -> None:
    """Every row about her, in every table: what is addressed to her and what is about her
    (her question waiting for the expert chat). Foreign keys would cascade most of it; it
    is said here so that nothing depends on a database setting. A test walks all tables."""
    outbox = Outbox.__table__
    connection.execute(
        delete(outbox).where(
            or_(
                outbox.c.about_user_id == user_id,
                and_(outbox.c.channel == ref.channel, outbox.c.platform_id == ref.platform_id),
            )
        )
    )
    for table in (subscriptions, ExpertQuestion.__table__, conversations):
        connection.execute(delete(table).where(table.c.user_id == user_id))
    if ref.channel == "sms":  # the SMS channel's row of her number (STOP, menu, caps)
        numbers = SmsNumber.__table__
        connection.execute(delete(numbers).where(numbers.c.number == ref.platform_id))
    connection.execute(delete(users).where(users.c.id == user_id))


def new_user(connection: Connection, ref: UserRef) -> int:
    """A second worker creating the same user at once fails here, and the turn is retried."""
    result = connection.execute(
        insert(users).values(channel=ref.channel, platform_id=ref.platform_id)
    )
    return int(result.inserted_primary_key[0])


def save_state(
    connection: Connection, user_id: int, version: int | None, state: dict[str, Any], now: Any
) -> None:
    """Insert or bump the version; a version that moved meanwhile means a concurrent turn."""
    if version is None:
        connection.execute(
            insert(conversations).values(user_id=user_id, state=state, version=1, updated_at=now)
        )
        return
    result = connection.execute(
        NEXT_VERSION, {"uid": user_id, "v": version, "state": state, "now": now}
    )
    if result.rowcount != 1:
        raise StaleDataError("conversation changed during the turn")


def subscribe(connection: Connection, user_id: int, flow: Flow) -> None:
    exists = connection.execute(select(subscriptions.c.id).where(*subscription_of(user_id, flow)))
    if exists.first() is None:
        connection.execute(
            insert(subscriptions).values(
                user_id=user_id, hs=flow.hs, origin=flow.origin, destination=flow.destination
            )
        )
