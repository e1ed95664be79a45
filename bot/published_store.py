"""Rows a turn's effects add for issue 18's features, in the turn's own transaction.

A receipt row holds the code and the crossing only; a follow holds her and the crossing
(or product) only: neither is ever joined to an incident row."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from bot.models import CrossingFollow, IncidentReceipt, PriceFollow, WaitingQuestion
from handlers.crossings import CrossingFollowed, ReceiptIssued
from handlers.price_view import PricesFollowed, PricesUnfollowed
from handlers.waiting import QuestionWaiting


def insert_once(connection: Connection, table: object, key: dict[str, object]) -> None:
    columns = table.c  # type: ignore[attr-defined]
    found = connection.execute(
        select(*columns).where(*(columns[name] == value for name, value in key.items()))
    ).first()
    if found is None:
        connection.execute(insert(table).values(**key))  # type: ignore[arg-type]


def record_published(connection: Connection, user_id: int, effect: object) -> bool:
    """True when the effect was one of these features'."""
    if isinstance(effect, ReceiptIssued):
        connection.execute(
            insert(IncidentReceipt.__table__).values(code=effect.code, post=effect.post)
        )
    elif isinstance(effect, CrossingFollowed):
        insert_once(connection, CrossingFollow.__table__, {"user_id": user_id, "post": effect.post})
    elif isinstance(effect, PricesFollowed):
        insert_once(connection, PriceFollow.__table__, {"user_id": user_id, "hs": effect.hs})
    elif isinstance(effect, PricesUnfollowed):
        follows = PriceFollow.__table__
        connection.execute(
            delete(follows).where(follows.c.user_id == user_id, follows.c.hs == effect.hs)
        )
    elif isinstance(effect, QuestionWaiting):
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
    else:
        return False
    return True
