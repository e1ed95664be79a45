"""Conversations kept in memory: the store protocol the engine takes (`run_turn`,
`language_of`, `mark_inactive`), with no database.

For tests of the dialogue, and `tradebot chat` experiments: nothing survives the process.
A turn is all or nothing as in SQL: the state and the effects' records change only once the
step and its `then` have run without an error. Turns of one user run one after the other
(a lock per user), so none is lost. Effects are recorded through a type -> writer map that
covers the whole `Effect` union, as `bot.storage.WRITERS` does.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handlers.effects import (
    CrossingFollowed,
    Effect,
    ExpertAsked,
    FeedbackGiven,
    FlowShown,
    ForgetUser,
    IncidentReported,
    PricesFollowed,
    PricesUnfollowed,
    QueryLogged,
    QuestionWaiting,
    ReceiptIssued,
    Subscribed,
    Unsubscribed,
)
from handlers.events import UserRef
from handlers.state import State
from handlers.turns import Turn


@dataclass
class MemoryUser:
    id: int
    state: dict[str, Any] = field(default_factory=dict)
    version: int = 0
    language: str | None = None
    active: bool = True


@dataclass
class Records:
    """What the SQL tables would hold, as plain lists and sets."""

    queries: list[QueryLogged] = field(default_factory=list)
    flows: list[FlowShown] = field(default_factory=list)
    incidents: list[IncidentReported] = field(default_factory=list)
    receipts: list[ReceiptIssued] = field(default_factory=list)
    feedback: list[FeedbackGiven] = field(default_factory=list)
    expert_questions: list[tuple[int, ExpertAsked]] = field(default_factory=list)
    subscriptions: set[tuple[int, str]] = field(default_factory=set)  # (user, flow key)
    crossing_follows: set[tuple[int, str]] = field(default_factory=set)
    price_follows: set[tuple[int, str]] = field(default_factory=set)
    waiting: list[tuple[int, QuestionWaiting]] = field(default_factory=list)

    def forget(self, user_id: int) -> None:
        """Every row about her; what carries no link to her (incidents, receipts, logs) stays."""
        self.expert_questions = [(u, q) for u, q in self.expert_questions if u != user_id]
        self.subscriptions = {(u, k) for u, k in self.subscriptions if u != user_id}
        self.crossing_follows = {(u, p) for u, p in self.crossing_follows if u != user_id}
        self.price_follows = {(u, h) for u, h in self.price_follows if u != user_id}
        self.waiting = [(u, w) for u, w in self.waiting if u != user_id]


class MemoryStore:
    def __init__(self) -> None:
        self.users: dict[UserRef, MemoryUser] = {}
        self.records = Records()
        self._locks: dict[UserRef, asyncio.Lock] = {}
        self._next_id = 1

    async def run_turn(
        self,
        user: UserRef,
        step: Callable[[State], Turn],
        then: Callable[[Any, Turn], None] | None = None,
    ) -> Turn:
        """`then` gets the store's records in place of a database connection."""
        lock = self._locks.setdefault(user, asyncio.Lock())
        async with lock:
            found = self.users.get(user)
            state = State.from_json(copy.deepcopy(found.state) if found else {})
            turn = step(state)
            records = copy.deepcopy(self.records)
            user_id = found.id if found else self._next_id
            for effect in sorted(turn.effects, key=lambda e: isinstance(e, ForgetUser)):
                record(records, user_id, effect)
            if then is not None:
                then(records, turn)
            # Nothing failed: the turn is applied, all of it.
            self.records = records
            if any(isinstance(e, ForgetUser) for e in turn.effects):
                self.users.pop(user, None)
                return turn
            if found is None:
                found = self.users[user] = MemoryUser(user_id)
                self._next_id += 1
            found.state, found.version = state.to_json(), found.version + 1
            found.language, found.active = state.lang, True
            return turn

    async def language_of(self, ref: UserRef) -> str | None:
        found = self.users.get(ref)
        return found.language if found else None

    async def mark_inactive(self, ref: UserRef) -> None:
        found = self.users.get(ref)
        if found is not None:
            found.active = False

    def state_of(self, ref: UserRef) -> dict[str, Any]:
        found = self.users.get(ref)
        return copy.deepcopy(found.state) if found else {}


def record(records: Records, user_id: int, effect: Effect) -> None:
    writer = MEMORY_WRITERS.get(type(effect))
    if writer is None:
        raise TypeError(f"no writer for the effect {type(effect).__name__}")
    writer(records, user_id, effect)


def _subscribe(r: Records, user_id: int, e: Subscribed) -> None:
    r.subscriptions.add((user_id, e.flow.key))


def _unsubscribe(r: Records, user_id: int, e: Unsubscribed) -> None:
    r.subscriptions.discard((user_id, e.flow.key))


def _wait(r: Records, user_id: int, e: QuestionWaiting) -> None:
    if all(u != user_id or w.query != e.query for u, w in r.waiting):
        r.waiting.append((user_id, e))


MEMORY_WRITERS: dict[type, Callable[[Records, int, Any], None]] = {
    QueryLogged: lambda r, _u, e: r.queries.append(e),
    FlowShown: lambda r, _u, e: r.flows.append(e),
    IncidentReported: lambda r, _u, e: r.incidents.append(e),
    ReceiptIssued: lambda r, _u, e: r.receipts.append(e),
    FeedbackGiven: lambda r, _u, e: r.feedback.append(e),
    ExpertAsked: lambda r, u, e: r.expert_questions.append((u, e)),
    Subscribed: _subscribe,
    Unsubscribed: _unsubscribe,
    CrossingFollowed: lambda r, u, e: r.crossing_follows.add((u, e.post)),
    PricesFollowed: lambda r, u, e: r.price_follows.add((u, e.hs)),
    PricesUnfollowed: lambda r, u, e: r.price_follows.discard((u, e.hs)),
    QuestionWaiting: _wait,
    ForgetUser: lambda r, u, _e: r.forget(u),
}
