"""Database tables. Changes go through Alembic migrations in bot/migrations."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    return utcnow().date()


def start_of_day() -> dt.datetime:
    """Midnight UTC of today: a trader's rows keep the day she was here, never the instant."""
    return dt.datetime.combine(today(), dt.time(), dt.UTC)


def random_id() -> int:
    """Ids of anonymous rows (searches, incident reports): no order to join by time on."""
    return secrets.randbits(62) + 1


# A user's id: a WhatsApp BSUID is a country code, a dot and up to 128 characters.
ID_LENGTH = 140
# An admin or reporter named as 'channel:id'.
NAME_LENGTH = 160


class Base(DeclarativeBase):
    pass


class User(Base):
    """Only what the bot needs to answer: which channel, which id, which language.

    On WhatsApp `platform_id` is her business-scoped user ID (BSUID) once a message named
    one, else her phone number; `phone` is her phone number where known (bot/identities.py).
    """

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("channel", "platform_id", name="uq_users_channel_platform"),
        UniqueConstraint("channel", "phone", name="uq_users_channel_phone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    platform_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    phone: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(8))
    # Days (midnight UTC), never the instant: no turn's time is kept (see storage.py).
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=start_of_day)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=start_of_day)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Conversation(Base):
    """The step and choices so far; `version` makes a concurrent update fail, not overwrite."""

    __tablename__ = "conversations"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=start_of_day)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class QueryLog(Base):
    """What traders search for, so admins see the gaps; no user reference is kept.

    The day, not the instant, and a random id: a search cannot be joined to anything else
    by its time or its place in a sequence (on SQLite not even by a hidden rowid)."""

    __tablename__ = "query_log"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, default=random_id
    )
    created_on: Mapped[dt.date] = mapped_column(Date, default=today, index=True)
    query: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    matched: Mapped[bool] = mapped_column(Boolean)
    hs: Mapped[str | None] = mapped_column(String(12))


class KnowledgeVersion(Base):
    """Each import is a new version; the active one is what the bot answers from."""

    __tablename__ = "knowledge_versions"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    checksum: Mapped[str] = mapped_column(String(64))
    files: Mapped[dict[str, str]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class InboxItem(Base):
    """A messenger update, stored before it is acknowledged and handled from here.

    `key` is a keyed hash (HMAC with DEDUPE_SECRET) of the platform's update or message id,
    never the id itself (WhatsApp's carry the sender's number): a repeat delivery finds it
    and is not handled twice. While the update waits, `payload` holds it and `sender` a
    keyed hash of who sent it (her updates are handled in order); once handled, both are
    cleared and only the day is kept, until the retention schedule deletes the key.
    A handler holds the item until `lease_until`; after a crash another one takes it over.
    """

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("channel", "key", name="uq_inbox_channel_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    sender: Mapped[str | None] = mapped_column(String(64), index=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    received_on: Mapped[dt.date] = mapped_column(Date, default=today)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class Incident(Base):
    """An anonymous border incident: deliberately no user, no conversation, no timestamp,
    and a random id (no sequence to match against anything)."""

    __tablename__ = "incidents"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, default=random_id
    )
    situation: Mapped[str] = mapped_column(String(40), index=True)
    post: Mapped[str | None] = mapped_column(String(40), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str | None] = mapped_column(String(300))


class Subscription(Base):
    """A trader asked to hear when the procedure for this flow changes."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("user_id", "hs", "origin", "destination", name="uq_subscriptions_flow"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    hs: Mapped[str] = mapped_column(String(12))
    origin: Mapped[str] = mapped_column(String(2))
    destination: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Feedback(Base):
    """'Was this helpful?' per flow, with no link to who answered."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_on: Mapped[dt.date] = mapped_column(Date, default=lambda: utcnow().date())
    hs: Mapped[str] = mapped_column(String(12))
    origin: Mapped[str] = mapped_column(String(2))
    destination: Mapped[str] = mapped_column(String(2))
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(String(300))


class Broadcast(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    admin: Mapped[str] = mapped_column(String(NAME_LENGTH))
    text: Mapped[str] = mapped_column(Text)
    total: Mapped[int] = mapped_column(Integer, default=0)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where the admin sees 'sent N of M' updated in place.
    status_channel: Mapped[str | None] = mapped_column(String(16))
    status_chat: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    status_message: Mapped[str | None] = mapped_column(String(64))


class Outbox(Base):
    """Messages to deliver outside a reply: notices, broadcasts, expert questions and answers.

    Workers claim rows with a lease; a worker that dies leaves its rows to be claimed again
    when the lease runs out, and a row is marked sent as soon as the platform accepted it.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    channel: Mapped[str] = mapped_column(String(16))
    platform_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    kind: Mapped[str] = mapped_column(String(16))  # reply, notice, broadcast, expert, answer
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(String(200))
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), index=True
    )
    # The trader a message is about when it goes to someone else (her question to the
    # expert chat): /forget deletes it with her.
    about_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )


class SenderLease(Base):
    """Which worker sends on a channel: a messenger's rate limit is per bot, not per worker.

    The holder renews its lease as it works; a worker that stops hands it back, one that
    dies loses it when `until` passes, and a standby worker takes over.
    """

    __tablename__ = "sender_leases"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    until: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ExpertQuestion(Base):
    __tablename__ = "expert_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    question: Mapped[str] = mapped_column(String(1000))
    flow: Mapped[str | None] = mapped_column(String(40))
    answered: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditLog(Base):
    """Every admin action: who, when, what, on which knowledge version."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    admin: Mapped[str] = mapped_column(String(NAME_LENGTH))
    action: Mapped[str] = mapped_column(String(40))
    knowledge_version: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")


class PendingImport(Base):
    """An uploaded knowledge file waiting for the admin's confirmation (never only in memory)."""

    __tablename__ = "pending_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    admin: Mapped[str] = mapped_column(String(NAME_LENGTH))
    files: Mapped[dict[str, str]] = mapped_column(JSON)


class FlowLog(Base):
    """Which flows traders open (for 'top flows'); no user reference."""

    __tablename__ = "flow_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_on: Mapped[dt.date] = mapped_column(Date, default=lambda: utcnow().date(), index=True)
    hs: Mapped[str] = mapped_column(String(12))
    origin: Mapped[str] = mapped_column(String(2))
    destination: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(8))


class MeasureNotice(Base):
    """A notice about a temporary measure already queued for a user: sent once, by any worker.

    `event` is 'published', 'starts' or 'ends'; `key` the dates it was about (a measure
    extended or ended early is published again)."""

    __tablename__ = "measure_notices"
    __table_args__ = (
        UniqueConstraint("measure_id", "user_id", "event", "key", name="uq_measure_notices"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(12))
    key: Mapped[str] = mapped_column(String(24))
    sent_on: Mapped[dt.date] = mapped_column(Date)


class ExchangeRate(Base):
    """A national bank's official rate of one currency on one day: how much of the bank's
    currency one unit buys. The last good day stays until a newer one arrives."""

    __tablename__ = "exchange_rates"

    bank: Mapped[str] = mapped_column(String(2), primary_key=True)  # country code
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Any] = mapped_column(Numeric(24, 10))
    source: Mapped[str] = mapped_column(String(16), default="feed")  # feed or admin
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# ---- issue 18: what traders get back (published statistics, prices, answered questions) ----


class IncidentReceipt(Base):
    """The code a trader keeps after a report: it names the crossing, never her or the report."""

    __tablename__ = "incident_receipts"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    post: Mapped[str | None] = mapped_column(String(40), index=True)


class CrossingFollow(Base):
    """A trader asked to hear what is done about a crossing (from her receipt or its stats).

    Kept apart from incidents and receipts, never joined to them; /forget removes it."""

    __tablename__ = "crossing_follows"
    __table_args__ = (UniqueConstraint("user_id", "post", name="uq_crossing_follows"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    post: Mapped[str] = mapped_column(String(40), index=True)


class CrossingNote(Base):
    """What was done about a crossing ('the customs post was told'), posted by an admin."""

    __tablename__ = "crossing_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post: Mapped[str] = mapped_column(String(40), index=True)
    text: Mapped[str] = mapped_column(String(1000))
    admin: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Market(Base):
    """A market prices are published for: its name, country and city, nothing more."""

    __tablename__ = "markets"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_latin: Mapped[str] = mapped_column(String(80))
    name_cyrillic: Mapped[str] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(80))
    city_cyrillic: Mapped[str] = mapped_column(String(80))


class PriceReporter(Base):
    """Someone an admin appointed to publish prices: 'telegram:123' or 'whatsapp:996555...'."""

    __tablename__ = "price_reporters"

    key: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    added_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Price(Base):
    """One published price; `reporter` is shown to admins only."""

    __tablename__ = "prices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    market: Mapped[str] = mapped_column(ForeignKey("markets.id"), index=True)
    hs: Mapped[str] = mapped_column(String(12), index=True)
    unit: Mapped[str] = mapped_column(String(8))
    currency: Mapped[str] = mapped_column(String(3))
    price: Mapped[Any] = mapped_column(Numeric(14, 2))
    price_date: Mapped[dt.date] = mapped_column(Date)
    reporter: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PriceFollow(Base):
    """A trader asked to hear when a product's price moves by more than the set share."""

    __tablename__ = "price_follows"
    __table_args__ = (UniqueConstraint("user_id", "hs", name="uq_price_follows"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    hs: Mapped[str] = mapped_column(String(12), index=True)


class WaitingQuestion(Base):
    """'Tell me when you know this': a search with no match, with whom to tell; /forget
    removes it (the user's row cascades)."""

    __tablename__ = "waiting_questions"
    __table_args__ = (UniqueConstraint("user_id", "query", name="uq_waiting_questions"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    query: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(8))
    origin: Mapped[str | None] = mapped_column(String(2))
    destination: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# ---- the admins' web console ------------------------------------------------------------


class WebLoginToken(Base):
    """A one-time login link sent to an admin in chat; only its SHA-256 is kept."""

    __tablename__ = "web_login_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    admin: Mapped[str] = mapped_column(String(NAME_LENGTH))
    language: Mapped[str | None] = mapped_column(String(8))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class WebSession(Base):
    """A signed-in admin's browser: the cookie carries the id (signed), this row the rest."""

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    admin: Mapped[str] = mapped_column(String(NAME_LENGTH))
    language: Mapped[str] = mapped_column(String(8))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class WebKey(Base):
    """The key that signs session cookies when WEB_SECRET is not set (one row, made once)."""

    __tablename__ = "web_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    secret: Mapped[str] = mapped_column(String(128))


class KnowledgeDraft(Base):
    """Edits collected in the web console, published together as one knowledge version.

    `files` is the whole edited knowledge (as a version holds it); `changes` lists what was
    edited, by whom and when."""

    __tablename__ = "knowledge_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    base_version: Mapped[int] = mapped_column(Integer)
    files: Mapped[dict[str, str]] = mapped_column(JSON)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SmsNumber(Base):
    """A number the SMS channel texts (issue 17): whether it said STOP, the menu of the last
    SMS (typed number -> choice id, to read digits back), today's segments (the cap) and
    her open conversation: its id and the instant of her last SMS in it (to tell when the
    idle gap has passed; cleared when the conversation ends), and a notice or broadcast
    too long for one SMS while its next page is one number away (`pending`: its replies, the
    page sent, its menu and when; cleared by its last page, any reply of her conversation,
    STOP, or a day later by the hourly retention).
    Deleted by /forget with the trader, and her open conversation with it."""

    __tablename__ = "sms_numbers"

    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    menu: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    day: Mapped[dt.date | None] = mapped_column(Date)
    segments: Mapped[int] = mapped_column(Integer, default=0)
    conversation: Mapped[int | None] = mapped_column(BigInteger)
    active_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    pending: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class SmsConversation(Base):
    """One conversation by SMS: from her first SMS after an idle gap (or START, or LANG)
    to her last before the next gap, and the segments and messages sent in it. Like an
    incident report, no number, no instant, a random id: the day it began only."""

    __tablename__ = "sms_conversations"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, default=random_id
    )
    day: Mapped[dt.date] = mapped_column(Date, default=today, index=True)
    segments: Mapped[int] = mapped_column(Integer, default=0)
    messages: Mapped[int] = mapped_column(Integer, default=0)
    ended: Mapped[bool] = mapped_column(Boolean, default=False)


class SmsDay(Base):
    """Segments and messages the SMS channel sent on a day, all numbers together (the
    global cap, /metrics and the admins' stats); no number."""

    __tablename__ = "sms_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    segments: Mapped[int] = mapped_column(Integer, default=0)
    messages: Mapped[int] = mapped_column(Integer, default=0)
    numbers: Mapped[int] = mapped_column(Integer, default=0)  # numbers texted that day


class SmsStatus(Base):
    """The gateway's last delivery status of a sent SMS: a keyed hash of its MessageSid
    (which the gateway can map to a number), the status and the day; never the number."""

    __tablename__ = "sms_statuses"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[int | None] = mapped_column(Integer)
    updated_on: Mapped[dt.date] = mapped_column(Date, default=today, index=True)
