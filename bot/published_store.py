"""Rows a turn's effects add for issue 18's features, in the turn's own transaction.

A receipt row holds the code and the crossing only; a follow holds her and the crossing
(or product) only: neither is ever joined to an incident row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from bot.models import CrossingFollow, IncidentReceipt, PriceFollow, WaitingQuestion
from handlers.effects import (
    CrossingFollowed,
    PricesFollowed,
    PricesUnfollowed,
    QuestionWaiting,
    ReceiptIssued,
)


def insert_once(connection: Connection, table: object, key: dict[str, object]) -> None:
    columns = table.c  # type: ignore[attr-defined]
    found = connection.execute(
        select(*columns).where(*(columns[name] == value for name, value in key.items()))
    ).first()
    if found is None:
        connection.execute(insert(table).values(**key))  # type: ignore[arg-type]


def write_receipt(connection: Connection, user_id: int, effect: ReceiptIssued) -> None:
    connection.execute(insert(IncidentReceipt.__table__).values(code=effect.code, post=effect.post))


def write_crossing_follow(connection: Connection, user_id: int, effect: CrossingFollowed) -> None:
    insert_once(connection, CrossingFollow.__table__, {"user_id": user_id, "post": effect.post})


def write_prices_follow(connection: Connection, user_id: int, effect: PricesFollowed) -> None:
    insert_once(connection, PriceFollow.__table__, {"user_id": user_id, "hs": effect.hs})


def write_prices_unfollow(connection: Connection, user_id: int, effect: PricesUnfollowed) -> None:
    follows = PriceFollow.__table__
    connection.execute(
        delete(follows).where(follows.c.user_id == user_id, follows.c.hs == effect.hs)
    )


def write_waiting(connection: Connection, user_id: int, effect: QuestionWaiting) -> None:
    table = WaitingQuestion.__table__
    exists = connection.execute(
        select(table.c.id).where(table.c.user_id == user_id, table.c.query == effect.query)
    ).first()
    if exists is None:
        connection.execute(
            insert(table).values(
                user_id=user_id,
                query=effect.query,
                language=effect.lang,
                origin=effect.origin,
                destination=effect.destination,
            )
        )


# Effect type -> the function that stores it (merged into bot.storage.WRITERS).
PUBLISHED_WRITERS: dict[type, Callable[[Connection, int, Any], None]] = {
    ReceiptIssued: write_receipt,
    CrossingFollowed: write_crossing_follow,
    PricesFollowed: write_prices_follow,
    PricesUnfollowed: write_prices_unfollow,
    QuestionWaiting: write_waiting,
}
