"""Who is who on WhatsApp: one user whether a message names her by phone number, by
business-scoped user ID (BSUID), or both, and after Meta reports that an id changed.

A WhatsApp user's row keeps the BSUID in `platform_id` once any message named one (else
her phone number) and the phone number in `phone` where known. Everything else about her
(conversation, language, subscriptions, follows, questions, queued messages) hangs on the
row, so it follows her when her ids change:

- a message with both ids joins them on one row: the phone's row takes the BSUID, or the
  BSUID's row takes the phone, or, when she had a row under each (she wrote once by
  BSUID alone, once by phone alone), the two become one: the BSUID's row stays (the
  latest conversation), the phone's row gives it what it lacks and is deleted;
- an id change (a system message) moves the row to the new ids the same way.

Only ids a message carries together are ever joined: one user's BSUID is never matched
to another's phone number.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    Row,
    Table,
    and_,
    delete,
    exists,
    insert,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from bot.channels.whatsapp_identity import CHANNEL, IdChange, Identity, is_bsuid
from bot.models import Base, Outbox, User
from handlers.events import UserRef

users = User.__table__
outbox = Outbox.__table__


@dataclass(frozen=True, slots=True)
class Known:
    id: int
    platform_id: str
    phone: str | None


def known(row: Row[tuple[int, str, str | None]] | None) -> Known | None:
    return None if row is None else Known(row.id, row.platform_id, row.phone)


def by_key(connection: Connection, key: str) -> Known | None:
    query = select(users.c.id, users.c.platform_id, users.c.phone).where(
        users.c.channel == CHANNEL, users.c.platform_id == key
    )
    return known(connection.execute(query).first())


def by_phone(connection: Connection, phone: str) -> Known | None:
    """Her row by phone number: `phone`, or a row still keyed by it (created by phone)."""
    query = (
        select(users.c.id, users.c.platform_id, users.c.phone)
        .where(
            users.c.channel == CHANNEL,
            or_(users.c.phone == phone, users.c.platform_id == phone),
        )
        .order_by(users.c.id)
    )
    return known(connection.execute(query).first())


def by_either(connection: Connection, bsuid: str, phone: str) -> tuple[Known | None, Known | None]:
    """(the BSUID's row, the phone number's row), in one read."""
    columns = (users.c.id, users.c.platform_id, users.c.phone)
    by_id = select(*columns).where(
        users.c.channel == CHANNEL, users.c.platform_id.in_([bsuid, phone])
    )
    by_number = select(*columns).where(users.c.channel == CHANNEL, users.c.phone == phone)
    query = union(by_id, by_number)  # each on its unique index
    rows = sorted((known(row) for row in connection.execute(query)), key=lambda r: r.id)
    mine = next((r for r in rows if r.platform_id == bsuid), None)
    theirs = next((r for r in rows if phone in (r.phone, r.platform_id)), None)
    return mine, theirs


def ref_of(row: Known) -> UserRef:
    alias = row.phone if row.phone and row.phone != row.platform_id else None
    return UserRef(CHANNEL, row.platform_id, alias)


def identify(connection: Connection, sender: Identity) -> UserRef:
    """The user a message is from, her ids joined as the message joins them. A new user
    named by both ids is created here (the turn creates the others)."""
    bsuid, phone = sender.bsuid, sender.phone
    if bsuid is None:
        assert phone is not None
        row = by_phone(connection, phone)
        return ref_of(row) if row is not None else UserRef(CHANNEL, phone)
    if phone is None:
        mine = by_key(connection, bsuid)
        return ref_of(mine) if mine is not None else UserRef(CHANNEL, bsuid)
    mine, theirs = by_either(connection, bsuid, phone)
    if mine is not None and mine.phone == phone:
        return ref_of(mine)  # joined already: the usual case, one read
    if mine is None and theirs is None:
        connection.execute(insert(users).values(channel=CHANNEL, platform_id=bsuid, phone=phone))
        return UserRef(CHANNEL, bsuid, phone)
    return ref_of(join(connection, mine, theirs, bsuid, phone))


def join(
    connection: Connection, mine: Known | None, theirs: Known | None, bsuid: str, phone: str
) -> Known:
    """One row with this BSUID and this phone number: the BSUID's row, else the phone's."""
    if mine is not None and theirs is not None and mine.id != theirs.id:
        merge(connection, keep=mine, gone=theirs)
        theirs = None
    row = mine or theirs
    assert row is not None
    if (row.platform_id, row.phone) != (bsuid, phone):
        rekey(connection, row, bsuid, phone)
    return Known(row.id, bsuid, phone)


def rekey(connection: Connection, row: Known, platform_id: str, phone: str | None) -> None:
    """New ids on her row; what is queued for her follows."""
    connection.execute(
        update(users).where(users.c.id == row.id).values(platform_id=platform_id, phone=phone)
    )
    if row.platform_id != platform_id:
        connection.execute(
            update(outbox)
            .where(outbox.c.channel == CHANNEL, outbox.c.platform_id == row.platform_id)
            .values(platform_id=platform_id)
        )


def merge(connection: Connection, keep: Known, gone: Known) -> None:
    """`gone`'s rows become `keep`'s, except where `keep` has one already (her
    conversation, a subscription to the same flow); then `gone` is deleted. Every table
    that refers to users is walked, so one added later is merged too."""
    for table, column in user_references():
        for columns in unique_columns(table, column.name):
            twin = table.alias("twin")
            same = [twin.c[name] == table.c[name] for name in columns]
            clash = exists().where(twin.c[column.name] == keep.id, *same)
            connection.execute(delete(table).where(column == gone.id, clash))
        connection.execute(update(table).where(column == gone.id).values({column.name: keep.id}))
    connection.execute(
        update(outbox)
        .where(outbox.c.channel == CHANNEL, outbox.c.platform_id == gone.platform_id)
        .values(platform_id=keep.platform_id)
    )
    connection.execute(delete(users).where(users.c.id == gone.id))


def user_references() -> list[tuple[Table, ColumnElement[int]]]:
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                found.append((table, column))
    return found


def unique_columns(table: Table, column: str) -> list[list[str]]:
    """The other columns of each unique key that includes `column` (the primary key too)."""
    keys = [[c.name for c in table.primary_key.columns]]
    keys += [
        [c.name for c in constraint.columns]
        for constraint in table.constraints
        if constraint.__class__.__name__ == "UniqueConstraint"
    ]
    return [[name for name in key if name != column] for key in keys if column in key]


def change_id(connection: Connection, change: IdChange) -> UserRef | None:
    """A system message: her row moves to the new ids. None when she is not known."""
    before, after = change.before, change.after
    row = by_key(connection, before.bsuid) if before.bsuid else None
    if row is None and before.phone:
        row = by_phone(connection, before.phone)
    if row is None:
        return None
    phone = after.phone or row.phone
    if after.bsuid:
        platform_id = after.bsuid
    elif is_bsuid(row.platform_id) or phone is None:
        platform_id = row.platform_id
    else:
        platform_id = phone  # known by phone only, and the phone changed
    already = by_key(connection, platform_id)
    if already is not None and already.id != row.id:
        merge(connection, keep=already, gone=row)
        row = already
    holder = by_phone(connection, phone) if phone else None
    if holder is not None and holder.id != row.id and holder.phone == phone:
        # The number was someone's before her: it is hers now, not theirs.
        connection.execute(update(users).where(users.c.id == holder.id).values(phone=None))
    rekey(connection, row, platform_id, phone)
    return ref_of(Known(row.id, platform_id, phone))


def phone_of(connection: Connection, ref: UserRef) -> tuple[str | None, str | None]:
    """(language, phone number) of a user, for a send."""
    row = connection.execute(
        select(users.c.language, users.c.phone).where(
            users.c.channel == ref.channel, users.c.platform_id == ref.platform_id
        )
    ).first()
    return (row.language, row.phone) if row is not None else (None, None)


def keys_of(connection: Connection, user_id: int) -> list[str]:
    """Every id a user's queued messages may be addressed to."""
    row = connection.execute(
        select(users.c.platform_id, users.c.phone).where(users.c.id == user_id)
    ).first()
    return [] if row is None else [key for key in (row.platform_id, row.phone) if key]


def addressed_to(channel: str, keys: list[str]) -> ColumnElement[bool]:
    return and_(outbox.c.channel == channel, outbox.c.platform_id.in_(keys))
