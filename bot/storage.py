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
from dataclasses import dataclass
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

from bot import identities
from bot.channels.whatsapp_identity import CHANNEL as WHATSAPP
from bot.channels.whatsapp_identity import IdChange, Identity, is_phone
from bot.db import AsyncTransactions, Transactions, storage_boundary
from bot.models import (
    Conversation,
    ExpertQuestion,
    Feedback,
    FlowLog,
    Incident,
    Outbox,
    QueryLog,
    SmsConversation,
    SmsNumber,
    Subscription,
    User,
    random_id,
    start_of_day,
    today,
)
from bot.published_store import PUBLISHED_WRITERS
from handlers.context import Translator
from handlers.effects import (
    Effect,
    ExpertAsked,
    FeedbackGiven,
    Flow,
    FlowShown,
    ForgetUser,
    IncidentReported,
    QueryLogged,
    Subscribed,
    Unsubscribed,
)
from handlers.events import UserRef
from handlers.state import State
from handlers.turns import Turn

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

    @storage_boundary
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
        # Forgetting goes last: whatever the turn recorded about her goes with the rest.
        for effect in sorted(turn.effects, key=lambda e: isinstance(e, ForgetUser)):
            self.record(connection, user_id, ref, effect)
        if then is not None:
            then(connection, turn)
        return turn

    def record(self, connection: Connection, user_id: int, ref: UserRef, effect: Effect) -> None:
        """Effects are stored in the same transaction as the turn: all or nothing. An
        effect with no writer is a bug, never silently dropped."""
        writer = WRITERS.get(type(effect))
        if writer is None:
            raise TypeError(f"no writer for the effect {type(effect).__name__}")
        writer(self, connection, Recorded(user_id, ref), effect)

    def ask_expert(self, connection: Connection, user_id: int, effect: ExpertAsked) -> None:
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
        """`ref` names her by either id (a WhatsApp status names the phone number or the
        BSUID the message went to)."""

        def mark(connection: Connection) -> None:
            connection.execute(
                update(users)
                .where(
                    users.c.channel == ref.channel,
                    or_(users.c.platform_id == ref.platform_id, users.c.phone == ref.platform_id),
                )
                .values(active=False)
            )

        await self.transactions.run(mark)

    async def identify(self, sender: Identity) -> UserRef:
        """A WhatsApp sender as the user she is, her ids joined (bot/identities.py)."""
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                return await self.transactions.run(lambda c: identities.identify(c, sender))
            except IntegrityError:  # the same new user, created at once by another message
                log.info("a WhatsApp user was created concurrently, attempt %d", attempt)
        raise RuntimeError("a WhatsApp user's ids kept changing under us")

    async def change_id(self, change: IdChange) -> UserRef | None:
        """Meta reported a new BSUID or phone number: her row follows."""
        return await self.transactions.run(lambda c: identities.change_id(c, change))

    async def contact_of(self, ref: UserRef) -> tuple[str | None, str | None]:
        """(language, phone number) for a WhatsApp send, in one read."""
        return await self.transactions.run(lambda c: identities.phone_of(c, ref))

    @storage_boundary
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
    keys = {ref.platform_id, *identities.keys_of(connection, user_id)}  # a phone number too
    connection.execute(
        delete(outbox).where(
            or_(
                outbox.c.about_user_id == user_id,
                and_(outbox.c.channel == ref.channel, outbox.c.platform_id.in_(sorted(keys))),
            )
        )
    )
    for table in (subscriptions, ExpertQuestion.__table__, conversations):
        connection.execute(delete(table).where(table.c.user_id == user_id))
    if ref.channel == "sms":  # the SMS channel's row of her number (STOP, menu, caps)
        numbers, talks = SmsNumber.__table__, SmsConversation.__table__
        hers = numbers.c.number == ref.platform_id
        # her open conversation: the ended ones know no number
        opened = select(numbers.c.conversation).where(hers).scalar_subquery()
        connection.execute(delete(talks).where(talks.c.id == opened))
        connection.execute(delete(numbers).where(hers))
    connection.execute(delete(users).where(users.c.id == user_id))


def new_user(connection: Connection, ref: UserRef) -> int:
    """A second worker creating the same user at once fails here, and the turn is retried."""
    phone = ref.alias or (ref.platform_id if is_phone(ref.platform_id) else None)
    result = connection.execute(
        insert(users).values(
            channel=ref.channel,
            platform_id=ref.platform_id,
            phone=phone if ref.channel == WHATSAPP else None,
        )
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


@dataclass(frozen=True, slots=True)
class Recorded:
    """Whose turn an effect belongs to."""

    user_id: int
    ref: UserRef


def write_flow_shown(store: SqlStore, c: Connection, who: Recorded, effect: FlowShown) -> None:
    flow = effect.flow
    c.execute(
        insert(FlowLog.__table__).values(
            hs=flow.hs, origin=flow.origin, destination=flow.destination, language=effect.lang
        )
    )


def write_query(store: SqlStore, c: Connection, who: Recorded, effect: QueryLogged) -> None:
    c.execute(
        insert(QueryLog.__table__).values(
            id=random_id(),
            created_on=today(),
            query=effect.query,
            language=effect.lang,
            matched=effect.matched,
            hs=effect.hs,
        )
    )


def write_incident(store: SqlStore, c: Connection, who: Recorded, effect: IncidentReported) -> None:
    c.execute(
        insert(Incident.__table__).values(
            id=random_id(),
            situation=effect.situation,
            post=effect.post,
            occurred_on=effect.occurred_on,
            text=effect.text,
        )
    )


def write_subscribed(store: SqlStore, c: Connection, who: Recorded, effect: Subscribed) -> None:
    subscribe(c, who.user_id, effect.flow)


def write_unsubscribed(store: SqlStore, c: Connection, who: Recorded, effect: Unsubscribed) -> None:
    c.execute(delete(subscriptions).where(*subscription_of(who.user_id, effect.flow)))


def write_feedback(store: SqlStore, c: Connection, who: Recorded, effect: FeedbackGiven) -> None:
    c.execute(
        insert(Feedback.__table__).values(
            hs=effect.flow.hs,
            origin=effect.flow.origin,
            destination=effect.flow.destination,
            helpful=effect.helpful,
            comment=effect.comment,
        )
    )


def write_expert(store: SqlStore, c: Connection, who: Recorded, effect: ExpertAsked) -> None:
    store.ask_expert(c, who.user_id, effect)


def write_forget(store: SqlStore, c: Connection, who: Recorded, effect: ForgetUser) -> None:
    forget_user(c, who.user_id, who.ref)


def published_writer(write: Callable[[Connection, int, Any], None]) -> Writer:
    return lambda store, c, who, effect: write(c, who.user_id, effect)


Writer = Callable[[SqlStore, Connection, Recorded, Any], None]
# Effect type -> how it is stored. A test checks it covers every member of `Effect`.
WRITERS: dict[type, Writer] = {
    FlowShown: write_flow_shown,
    QueryLogged: write_query,
    IncidentReported: write_incident,
    Subscribed: write_subscribed,
    Unsubscribed: write_unsubscribed,
    FeedbackGiven: write_feedback,
    ExpertAsked: write_expert,
    ForgetUser: write_forget,
    **{kind: published_writer(write) for kind, write in PUBLISHED_WRITERS.items()},
}
