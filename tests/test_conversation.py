"""The whole conversation end to end through the console channel: the dialogue on the
in-memory store, and what must reach the database (forgetting, logs, concurrent updates,
a restart) on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.bootstrap import App, start_app
from bot.channels.console import ConsoleChannel
from bot.models import Conversation, QueryLog, User
from bot.settings import Settings
from handlers.state import entry_step
from knowledge.models import localized
from tests.dialogue import Dialogue
from tests.memory import MemoryApp

DRIED_APRICOTS = {"en": "dried apricots", "ru": "курага", "ky": "кургак өрүк", "uz": "turshak"}


@pytest.fixture
def app(memory_app: MemoryApp) -> MemoryApp:
    """The dialogues here need no database."""
    return memory_app


@pytest.fixture
async def db_app(database_url: str, translator) -> AsyncIterator[App]:
    built = await start_app(Settings(database_url=database_url, _env_file=None), translator)
    try:
        yield built
    finally:
        await built.close()


def dialogue(app: App | MemoryApp, user: str = "trader", lang: str | None = None) -> Dialogue:
    return Dialogue(ConsoleChannel(app.engine, user, lang, out=None))  # type: ignore[arg-type]


async def stored_state(app: App | MemoryApp, user: str = "trader") -> dict:
    if isinstance(app, MemoryApp):
        return app.state_of(user)
    async with app.sessions() as session:
        row = await session.scalar(
            select(Conversation.state)
            .join(User, User.id == Conversation.user_id)
            .where(User.platform_id == user)
        )
    return row or {}


async def reach_answer(chat: Dialogue, product: str, origin: str = "KG", dest: str = "KZ") -> None:
    await chat.say(product)
    await chat.tap(chat.first_choice("c:0813"))
    await chat.tap(f"o:{origin}")
    await chat.tap(f"d:{dest}")


@pytest.mark.parametrize("lang", ["en", "ru", "ky", "uz"])
async def test_a_trader_gets_the_procedure_for_dried_apricots_step_by_step(app: App, lang: str):
    chat = dialogue(app, lang=lang)
    await chat.say("/start")
    assert app.translator(lang, "product-prompt") in chat.text()

    await chat.say(DRIED_APRICOTS[lang])
    assert "c:0813.10" in chat.choice_ids()
    await chat.tap("c:0813.10")
    assert "o:KG" in chat.choice_ids() and "border" in chat.choice_ids()
    await chat.tap("o:KG")
    assert "d:KZ" in chat.choice_ids() and "d:KG" not in chat.choice_ids()
    await chat.tap("d:KZ")

    answer = chat.replies[0]["text"]
    assert "0813.10" in answer
    assert {"side:export", "docs", "acts", "border"} <= set(chat.choice_ids())

    await chat.tap("side:export")
    part = chat.text()
    assert next(c for c in chat.choice_ids() if c.startswith("st:")) == "st:1"
    await chat.tap("st:1")
    library = await app.knowledge.current()
    commodity = library.knowledge.commodities["0813.10"]
    first = library.knowledge.steps_for(commodity, "KG", "KZ")[0]
    detail = chat.text()
    assert first.title.get(lang) in detail
    assert first.legal_basis.get(lang) in detail
    assert localized(library.knowledge.sources[first.source].title, lang) in detail

    await chat.tap("back")
    assert chat.text() == part
    await chat.tap("back")
    assert chat.replies[0]["text"] == answer


async def test_language_is_asked_when_the_messenger_gives_none(app: App):
    chat = dialogue(app, lang=None)
    await chat.say("/start")
    codes = ("kk", "ky", "tg", "tk", "uz", "uz-Cyrl", "ru", "en")
    assert chat.choice_ids() == [f"lang:{c}" for c in codes]
    await chat.tap("lang:ky")
    assert app.translator("ky", "product-prompt") in chat.text()
    assert (await stored_state(app))["lang"] == "ky"


async def test_the_language_can_be_changed_at_any_time(app: App):
    chat = dialogue(app, lang="en")
    await reach_answer(chat, "dried apricots")
    await chat.tap("acts")
    await chat.tap("more")  # the second page of 'More actions'
    await chat.tap("lang")
    await chat.tap("lang:tg")
    assert app.translator("tg", "answer-next") in chat.text()


async def test_back_returns_step_by_step_to_the_product(app: App):
    chat = dialogue(app, lang="en")
    await reach_answer(chat, "dried apricots")
    await chat.tap("back")
    assert "d:KZ" in chat.choice_ids()
    await chat.tap("back")
    assert "o:KG" in chat.choice_ids()
    await chat.tap("back")
    assert "c:0813.10" in chat.choice_ids()
    await chat.tap("back")
    assert app.translator("en", "product-prompt") in chat.text()


@pytest.mark.parametrize("typed", ["Qirgʻiziston", "kyrgyzstan", "Кыргызстан", "kirgizia", "KG"])
async def test_a_country_typed_in_any_script_is_recognised(app: App, typed: str):
    chat = dialogue(app, lang="uz")
    await chat.say("turshak")
    await chat.tap("c:0813.10")
    await chat.say(typed)
    assert "d:KZ" in chat.choice_ids()
    assert (await stored_state(app))["origin"] == "KG"


async def test_a_product_typed_at_the_answer_starts_a_new_search(app: App):
    chat = dialogue(app, lang="ru")
    await reach_answer(chat, "курага")
    await chat.say("футболки")
    assert any(c.startswith("c:6109") for c in chat.choice_ids())


async def test_same_goods_to_another_country_keeps_product_and_origin(app: App):
    chat = dialogue(app, lang="en")
    await reach_answer(chat, "dried apricots")
    await chat.tap("acts")
    await chat.tap("dest")
    await chat.say("Россия")
    assert "0813.10" in chat.replies[0]["text"]
    state = await stored_state(app)
    assert (state["hs"], state["origin"], state["destination"]) == ("0813.10", "KG", "RU")


async def test_the_document_checklist_lists_each_document_once_with_its_steps(app: App):
    chat = dialogue(app, lang="en")
    await reach_answer(chat, "dried apricots")
    knowledge = (await app.knowledge.current()).knowledge
    steps = knowledge.steps_for(knowledge.commodities["0813.10"], "KG", "KZ")
    await chat.tap("docs")
    (checklist,) = chat.replies
    lines = [line for line in checklist["text"].splitlines() if line.startswith("☐")]
    assert {c["id"] for c in checklist["choices"]} >= {"doc:phyto-cert", "more"}
    needed = {doc for step in steps for doc in step.documents}
    assert len(lines) == len(needed)  # each document once
    for doc in ("phyto-cert", "contract"):
        numbers = [str(n) for n, step in enumerate(steps, start=1) if doc in step.documents]
        label = "step" if len(numbers) == 1 else "steps"
        name = knowledge.documents[doc].name.get("en")
        assert f"☐ {name} ({label} {', '.join(numbers)})" in lines
    await chat.tap("doc:phyto-cert")  # she has it: ticked, and remembered
    name = knowledge.documents["phyto-cert"].name.get("en")
    assert f"☑ {name}" in chat.text()
    await chat.tap("back")
    await chat.tap("docs")
    assert f"☑ {name}" in chat.text()
    await chat.say("1")  # a step number typed at the checklist opens that step
    assert chat.replies[0]["text"].startswith("1. ")
    state = await stored_state(app)
    assert state["step"] == "detail"


async def test_the_conversation_continues_after_the_engine_restarts(database_url: str, translator):
    settings = Settings(database_url=database_url, _env_file=None)
    first = await start_app(settings, translator)
    chat = dialogue(first, lang="en")
    await chat.say("dried apricots")
    await chat.tap("c:0813.10")
    await first.close()

    second = await start_app(settings, translator)
    try:
        chat = dialogue(second, lang="en")
        await chat.send({"choice": "o:KG"})
        assert "d:KZ" in chat.choice_ids()
    finally:
        await second.close()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"text": ""}, "error-empty"),
        ({"text": "x" * 10_000}, "error-too-long"),
        ({"text": "😀🎉🔥"}, "error-empty"),
        ({"text": "\x00\x07\u200b\u202e"}, "error-empty"),
        ({"text": "/frobnicate"}, "error-unknown-command"),
        ({"choice": "o:ZZ"}, "error-stale-choice"),
        ({"choice": "c:9999.99"}, "error-stale-choice"),
        ({"choice": "x" * 500}, "error-stale-choice"),
    ],
)
async def test_bad_input_gets_a_short_localized_reply_and_changes_nothing(
    app: App, payload: dict, message: str
):
    chat = dialogue(app, lang="ru")
    await chat.say("курага")
    await chat.tap("c:0813.10")
    before = await stored_state(app)
    await chat.send(payload)
    expected = app.translator("ru", message, limit=300)
    assert chat.replies[0]["text"] == expected
    after = await stored_state(app)
    assert {k: v for k, v in after.items() if k != "offered"} == {
        k: v for k, v in before.items() if k != "offered"
    }
    assert "o:KG" in chat.choice_ids()  # the current step is shown again


async def test_a_button_from_an_earlier_step_is_refused(app: App):
    chat = dialogue(app, lang="en")
    await reach_answer(chat, "dried apricots")
    await chat.tap_unchecked("o:TJ")
    assert chat.replies[0]["text"] == app.translator("en", "error-stale-choice")
    assert (await stored_state(app))["origin"] == "KG"


async def test_forget_deletes_everything_about_the_user(db_app: App):
    chat = dialogue(db_app, lang="en")
    await reach_answer(chat, "dried apricots")
    await chat.say("/forget")
    await chat.tap("forget:yes")
    assert chat.replies[0]["text"] == db_app.translator("en", "forget-done")
    async with db_app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0
        assert await session.scalar(select(func.count()).select_from(Conversation)) == 0


async def test_searches_are_logged_without_the_user(db_app: App):
    chat = dialogue(db_app, lang="en")
    await chat.say("dried apricots")
    await chat.say("qwzxv")
    async with db_app.sessions() as session:
        rows = (await session.scalars(select(QueryLog))).all()
    assert sorted((r.query, r.matched) for r in rows) == [
        ("dried apricots", True),
        ("qwzxv", False),
    ]
    assert not hasattr(QueryLog, "user_id")


async def test_two_updates_of_one_user_at_once_are_applied_one_after_the_other(db_app: App):
    chat = dialogue(db_app, lang="en")
    await chat.say("dried apricots")
    await chat.tap("c:0813.10")
    before = await stored_state(db_app)
    first, second = dialogue(db_app, lang="en"), dialogue(db_app, lang="en")
    await asyncio.gather(first.send({"choice": "border"}), second.send({"text": "/language"}))
    after = await stored_state(db_app)
    # Neither update overwrote the other: both steps were taken, one after the other.
    assert len(after["back"]) == len(before["back"]) + 2
    assert {after["step"], entry_step(after["back"][-1])} == {"border", "language"}
