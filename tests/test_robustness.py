"""Random input, database outages, migrations both ways, operations endpoints."""

from __future__ import annotations

import asyncio
import string

import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import App, start_app
from bot.db import downgrade, migrate
from bot.settings import Settings
from bot.web import create_web_app
from handlers.events import Event, UserRef
from knowledge import LANGS
from tests.conftest import PG_ADMIN_DSN

COMMANDS = ["start", "help", "new", "language", "border", "forget", "subscriptions", "show"]
TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_LIMIT = 64 - len("9999|")


def event_strategy(user: UserRef) -> st.SearchStrategy[Event]:
    texts = st.one_of(
        st.text(max_size=60),
        st.text(min_size=5000, max_size=12000),
        st.sampled_from(["kuraga", "футболки", "KG", "Қазақстан", "0813.10", "1", "3", "99"]),
    )
    choices = st.one_of(
        st.sampled_from(
            [
                "back",
                "new",
                "border",
                "lang",
                "lang:ky",
                "o:KG",
                "d:KZ",
                "st:1",
                "st:999",
                "sit:detained",
                "keep",
                "report",
                "rp:other",
                "rd:today",
                "sub",
                "fb:no",
                "forget:yes",
                "forget:no",
                "adm:bcast:1",
                "stale:o:KG",
            ]
        ),
        st.text(alphabet=string.printable, max_size=80),
    )
    langs = st.sampled_from([*LANGS, None, "de", "pt-BR"])
    return st.one_of(
        st.builds(Event.parse_text, st.just(user), texts, langs),
        st.builds(Event.choice, st.just(user), choices, langs),
        st.builds(Event.command, st.just(user), st.sampled_from([*COMMANDS, "x", "admin"]), langs),
    )


def test_random_events_never_break_the_engine_and_replies_fit_the_channels(tmp_path):
    loop = asyncio.new_event_loop()
    settings_ = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'fuzz.db'}", _env_file=None)
    app: App = loop.run_until_complete(start_app(settings_))
    user = UserRef("console", "fuzz")

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(event_strategy(user), min_size=1, max_size=6))
    def run(events: list[Event]) -> None:
        for event in events:
            outcome = loop.run_until_complete(app.engine.handle(event))
            assert not outcome.failed, event
            assert outcome.replies, event
            for reply in outcome.replies:
                assert reply.text.strip()
                assert len(reply.text) <= 3 * TELEGRAM_TEXT_LIMIT
                for choice in reply.choices:
                    assert choice.title.strip()
                    assert choice.id.isascii() and len(choice.id.encode()) <= CALLBACK_LIMIT

    try:
        run()
    finally:
        loop.run_until_complete(app.close())
        loop.close()


async def test_migrations_go_down_to_nothing_and_up_again(app: App):
    await downgrade(app.db, "base")
    async with app.db.connect() as connection:
        tables = await connection.run_sync(
            lambda sync: __import__("sqlalchemy").inspect(sync).get_table_names()
        )
    assert set(tables) <= {"alembic_version"}
    await migrate(app.db)
    outcome = await app.engine.handle(Event.command(UserRef("console", "x"), "start", "en"))
    assert not outcome.failed


async def test_healthz_and_metrics(app: App):
    await app.engine.handle(Event.command(UserRef("console", "x"), "start", "en"))
    async with TestClient(TestServer(await create_web_app(app))) as client:
        health = await client.get("/healthz")
        assert health.status == 200
        body = await health.json()
        assert body["ok"] is True and body["knowledge_version"] == 1
        metrics = await (await client.get("/metrics")).text()
    assert 'tradebot_updates_total{channel="console",kind="command"} 1.0' in metrics
    assert "tradebot_turn_seconds_bucket" in metrics


async def set_connections(database: str, allowed: bool) -> None:
    connection = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await connection.execute(
            f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}'
        )
        if not allowed:
            await connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                database,
            )
    finally:
        await connection.close()


async def test_a_database_outage_gets_a_polite_retry_and_service_resumes(
    database_url: str, translator
):
    if not database_url.startswith("postgresql"):
        pytest.skip("the outage is simulated on PostgreSQL")
    app = await start_app(Settings(database_url=database_url, _env_file=None), translator)
    user = UserRef("console", "trader")
    database = database_url.rsplit("/", 1)[1]
    try:
        assert not (await app.engine.handle(Event.command(user, "start", "ru"))).failed
        await set_connections(database, allowed=False)
        down = await app.engine.handle(Event.parse_text(user, "курага", "ru"))
        assert down.failed
        assert [r.text for r in down.replies] == [translator("ru", "error-try-again")]
        async with TestClient(TestServer(await create_web_app(app))) as client:
            assert (await client.get("/healthz")).status == 503
        await set_connections(database, allowed=True)
        back = await app.engine.handle(Event.parse_text(user, "курага", "ru"))
        assert not back.failed
        assert any("c:0813" in c.id for r in back.replies for c in r.choices)
    finally:
        await set_connections(database, allowed=True)
        await app.close()


async def test_logs_at_info_carry_no_message_text(app: App, caplog):
    caplog.set_level("INFO")
    user = UserRef("console", "private")
    secret_words = "my cousin Gulnara sells kuraga"
    for event in (
        Event.command(user, "start", "en"),
        Event.parse_text(user, secret_words, "en"),
        Event.parse_text(user, "qwzxv Gulnara", "en"),
    ):
        await app.engine.handle(event)
    assert caplog.records, "something is logged at INFO"
    assert not [r for r in caplog.records if "Gulnara" in r.getMessage()]


async def test_forget_also_removes_subscriptions_and_expert_questions(app: App):
    from sqlalchemy import func, select

    from bot.models import ExpertQuestion, Subscription, User

    user = UserRef("console", "leaving")
    await app.engine.handle(Event.command(user, "start", "en"))
    async with app.sessions.begin() as session:
        user_id = await session.scalar(select(User.id).where(User.platform_id == "leaving"))
        session.add(Subscription(user_id=user_id, hs="0813.10", origin="KG", destination="KZ"))
        session.add(ExpertQuestion(user_id=user_id, question="?", flow=None))
    await app.engine.handle(Event.command(user, "forget", "en"))
    outcome = await app.engine.handle(Event.choice(user, "forget:yes", "en"))
    assert outcome.replies[0].text == app.translator("en", "forget-done")
    async with app.sessions() as session:
        for table in (User, Subscription, ExpertQuestion):
            assert await session.scalar(select(func.count()).select_from(table)) == 0
