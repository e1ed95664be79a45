"""One contract, three stores: what the engine may rely on from the in-memory store and
from the SQL store on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.bootstrap import start_app
from bot.memory_store import MEMORY_WRITERS, MemoryStore
from bot.settings import Settings
from handlers.effects import (
    EFFECT_TYPES,
    CrossingFollowed,
    ExpertAsked,
    FeedbackGiven,
    Flow,
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
from handlers.engine import ConversationStore
from handlers.events import UserRef
from handlers.state import State, Step
from handlers.turns import Turn
from tests.conftest import create_pg_database, drop_pg_database, pg_url, postgres_available

HER = UserRef("console", "trader")
FLOW = Flow("0813.10", "KG", "KZ")
# One of every kind of effect (forgetting aside: it has a test of its own).
EVERY_EFFECT = [
    QueryLogged("курага", "ru", True, "0813.10"),
    FlowShown(FLOW, "ru"),
    Subscribed(FLOW),
    Unsubscribed(FLOW),
    FeedbackGiven(FLOW, helpful=False, comment="мало"),
    ExpertAsked("сколько стоит?", FLOW, "ru"),
    IncidentReported("detained", None, dt.date(2026, 12, 1), None),
    ReceiptIssued("ABCD-2345", None),
    CrossingFollowed("kg-kz-ak-jol"),
    PricesFollowed("0813.10"),
    PricesUnfollowed("0813.10"),
    QuestionWaiting("qwzxv", "ru", "KG", None),
]


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path, translator) -> AsyncIterator[Any]:
    if request.param == "memory":
        yield MemoryStore()
        return
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'contract.db'}"
        name = None
    else:
        if not await postgres_available():
            if os.environ.get("CI"):
                pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI")
            pytest.skip("PostgreSQL not reachable")
        name = await create_pg_database()
        url = pg_url(name)
    app = await start_app(Settings(database_url=url, _env_file=None), translator)
    try:
        yield app.store
    finally:
        await app.close()
        if name is not None:
            await drop_pg_database(name)


def step_to(step: Step, lang: str = "ru", effects: list | None = None):
    def run(state: State) -> Turn:
        state.step, state.lang = step, lang
        return Turn(effects=list(effects or []))

    return run


async def state_of(store: ConversationStore) -> State:
    seen: list[State] = []

    def look(state: State) -> Turn:
        seen.append(State.from_json(state.to_json()))
        return Turn()

    await store.run_turn(HER, look)
    return seen[0]


async def test_a_new_trader_starts_blank_and_her_state_is_kept(store: ConversationStore):
    assert await state_of(store) == State()
    await store.run_turn(HER, step_to(Step.BORDER, "ky"))
    kept = await state_of(store)
    assert (kept.step, kept.lang) == (Step.BORDER, "ky")


async def test_her_language_is_the_one_of_her_last_turn(store: Any):
    assert await store.language_of(HER) is None
    await store.run_turn(HER, step_to(Step.PRODUCT, "tg"))
    assert await store.language_of(HER) == "tg"


async def test_a_turn_whose_commit_fails_changes_nothing(store: ConversationStore):
    await store.run_turn(HER, step_to(Step.PRODUCT))

    def refuse(_connection: object, _turn: Turn) -> None:
        raise RuntimeError("the reply could not be queued")

    with pytest.raises(RuntimeError):
        await store.run_turn(HER, step_to(Step.BORDER, effects=[Subscribed(FLOW)]), refuse)
    assert (await state_of(store)).step == Step.PRODUCT


async def test_turns_of_one_trader_at_once_are_all_applied(store: ConversationStore):
    def tick(number: int):
        def run(state: State) -> Turn:
            state.have = [*state.have, str(number)]
            return Turn()

        return run

    await asyncio.gather(*(store.run_turn(HER, tick(n)) for n in range(6)))
    assert sorted((await state_of(store)).have) == [str(n) for n in range(6)]


async def test_every_kind_of_effect_is_recorded(store: ConversationStore):
    await store.run_turn(HER, step_to(Step.ANSWER, effects=EVERY_EFFECT))
    assert (await state_of(store)).step == Step.ANSWER


async def test_forgetting_her_leaves_no_state_and_no_language(store: Any):
    await store.run_turn(HER, step_to(Step.ANSWER, "uz", [Subscribed(FLOW)]))
    await store.run_turn(HER, step_to(Step.PRODUCT, effects=[ForgetUser()]))
    assert await store.language_of(HER) is None
    assert await state_of(store) == State()


def test_the_contract_exercises_every_effect_and_memory_has_a_writer_for_each():
    assert {type(e) for e in EVERY_EFFECT} | {ForgetUser} == set(EFFECT_TYPES)
    assert set(MEMORY_WRITERS) == set(EFFECT_TYPES)
