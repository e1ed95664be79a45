"""Privacy by construction: /forget leaves no row about her in any table, an incident report
leaves no trace in her conversation, stored keys are keyed hashes, logs keep the day, and
the retention schedule is enforced by `tradebot worker`.

Traders talk through the real webhooks of `tradebot serve` (fake messengers on 127.0.0.1),
so the inbox and the replies' outbox are part of what is checked.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import ClientSession, web
from sqlalchemy import insert, select, text

from bot.bootstrap import App, start_app
from bot.db import downgrade, migrate
from bot.i18n import Translator
from bot.models import (
    Base,
    Conversation,
    InboxItem,
    Incident,
    Outbox,
    QueryLog,
    User,
    start_of_day,
    today,
)
from bot.retention import enforce_retention
from bot.settings import Settings
from bot.web import create_web_app
from bot.worker import run_worker
from handlers.events import UserRef
from tests.fake_graph import FakeGraph
from tests.fake_telegram import FakeTelegram
from tests.test_telegram import WEBHOOK_PATH, Trader, Webhook, use_fake
from tests.test_whatsapp import PATH as WA_PATH
from tests.test_whatsapp import delivery, sign, use_fake_graph

CHAT = 7_712_345_601  # her Telegram chat: a number found nowhere else
QUESTION = "Is the permit of my cousin Gulnara Abdieva still valid?"
EXPERTS = -1_009_876_543


@dataclass
class Bot:
    app: App
    fake: FakeTelegram
    graph: FakeGraph
    telegram: Webhook
    whatsapp_url: str
    client: ClientSession

    def trader(self, chat: int = CHAT) -> Trader:
        return Trader(self.fake, self.telegram.deliver, chat)

    async def whatsapp(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)}
        async with self.client.post(self.whatsapp_url, data=body, headers=headers) as response:
            assert response.status == 200
        await asyncio.sleep(0)


@pytest.fixture
async def bot(database_url: str, translator: Translator) -> AsyncIterator[Bot]:
    settings = Settings(
        database_url=database_url, expert_chat_id=f"telegram:{EXPERTS}", _env_file=None
    )
    app = await start_app(settings, translator)
    fake, graph = await FakeTelegram().start(), FakeGraph()
    await graph.start()
    use_fake(app, fake)
    use_fake_graph(app, graph)
    web_app = await create_web_app(app)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    async with ClientSession() as client:
        yield Bot(
            app, fake, graph, Webhook(base + WEBHOOK_PATH, client, []), base + WA_PATH, client
        )
    await runner.cleanup()
    await app.close()
    await fake.stop()
    await graph.stop()


# ---- /forget ------------------------------------------------------------------------------


async def rows_about_her(app: App, user_id: int, needles: list[str]) -> dict[str, int]:
    """Every table in the metadata (so one added later too): rows whose foreign key to
    users is hers, or whose any value contains one of the needles."""
    found: dict[str, int] = {}
    async with app.db.connect() as connection:
        for table in Base.metadata.sorted_tables:
            hers = [
                column.name
                for column in table.columns
                if any(fk.column.table.name == "users" for fk in column.foreign_keys)
            ] + (["id"] if table.name == "users" else [])
            for row in (await connection.execute(select(table))).mappings():
                values = json.dumps({k: str(v) for k, v in row.items()}, ensure_ascii=False)
                if any(row[c] == user_id for c in hers) or any(n in values for n in needles):
                    found[table.name] = found.get(table.name, 0) + 1
    return found


async def test_forget_leaves_no_row_about_her_in_any_table(bot: Bot):
    app, trader = bot.app, bot.trader()
    await trader.say("/start")
    await trader.say("курага")
    await trader.tap("c:0813")
    await trader.tap("o:KG")
    await trader.tap("d:KZ")
    await trader.tap("acts")  # the answer's 'More'
    await trader.tap("sub")
    await trader.tap("expert")
    await trader.say(QUESTION)
    assert app.translator("ru", "expert-sent") in trader.text()
    await trader.say("/border")
    await trader.tap("sit:")
    await trader.tap("report")
    await trader.tap("rp:")
    await trader.tap("rd:today")
    await trader.say("Просили деньги без квитанции.")
    async with app.sessions.begin() as session:
        user_id = await session.scalar(select(User.id).where(User.platform_id == str(CHAT)))
        assert user_id is not None
        session.add(Outbox(channel="telegram", platform_id=str(CHAT), kind="notice", payload={}))
    needles = [str(CHAT), QUESTION, app.inbox.sender_key(UserRef("telegram", str(CHAT)))]
    before = await rows_about_her(app, user_id, needles)
    # The walk sees her everywhere she is (the question waits for the expert chat).
    assert {"users", "conversations", "subscriptions", "expert_questions", "outbox"} <= set(
        before
    ), before

    await trader.say("/forget")
    await trader.tap("forget:yes")
    assert app.translator("ru", "forget-done") in trader.text()
    assert await rows_about_her(app, user_id, needles) == {}
    async with app.sessions() as session:  # what is anonymous by design stays
        assert await session.scalar(select(Incident.situation)) is not None
        assert await session.scalar(select(QueryLog.query)) == "курага"


# ---- the incident report and what the database keeps ---------------------------------------


async def test_a_report_leaves_no_trace_and_keys_and_logs_keep_no_instant(bot: Bot):
    app, trader = bot.app, bot.trader()
    await trader.say("/start")
    await trader.say("курага")
    await trader.tap("c:0813")
    await trader.tap("o:KG")
    await trader.tap("d:KZ")
    await trader.say("/border")
    await trader.tap("sit:")
    await trader.tap("report")
    await trader.tap("rp:")
    await trader.tap("rd:today")
    await trader.tap("rt:skip")
    assert app.translator("ru", "report-thanks-short") in trader.text()
    assert any(c.startswith("sit:") for c in trader.choices())  # back at the list
    await bot.whatsapp(
        delivery(
            {
                "from": "998901234567",
                "id": "wamid.HBgMOTk4OTAxMjM0NTY3FQIAEhgg",
                "timestamp": "1",
                "type": "text",
                "text": {"body": "salom"},
            }
        )
    )
    for _ in range(100):
        if bot.graph.messages:
            break
        await asyncio.sleep(0.05)
    assert bot.graph.messages

    async with app.sessions() as session:
        user = await session.scalar(select(User).where(User.platform_id == str(CHAT)))
        conversation = await session.get(Conversation, user.id)
        incidents = (await session.scalars(select(Incident))).all()
        items = (await session.scalars(select(InboxItem))).all()
        logged = (await session.scalars(select(QueryLog))).all()
    state = conversation.state
    assert state["situation"] is None and state["report_post"] is None
    assert state["report_date"] is None and not any(s.startswith("report") for s in state["back"])
    midnight = start_of_day().replace(tzinfo=None)
    for moment in (conversation.updated_at, user.last_seen, user.first_seen):
        assert moment.replace(tzinfo=None) == midnight
    (incident,) = incidents
    assert incident.id > 2**31  # random, not the first of a sequence
    assert [q.created_on for q in logged] == [today()] and not hasattr(QueryLog, "created_at")
    # Handled updates keep a keyed hash and the day: no payload, no sender, no raw id.
    assert items and all(i.done and i.payload is None and i.sender is None for i in items)
    assert all(i.received_on == today() and i.lease_until is None for i in items)
    raw_ids = {str(call.params.get("update_id", "")) for call in bot.fake.calls}
    assert not {i.key for i in items} & raw_ids
    assert app.inbox.key("whatsapp", "wamid.HBgMOTk4OTAxMjM0NTY3FQIAEhgg") in {i.key for i in items}
    assert await rows_about_her(app, -1, ["wamid.HBgM", "OTk4OTAxMjM0NTY3"]) == {}
    async with app.db.connect() as connection:  # replies are deleted once sent
        assert (
            await connection.execute(select(Outbox).where(Outbox.kind == "reply"))
        ).first() is None


# ---- retention --------------------------------------------------------------------------------


async def test_the_worker_enforces_the_retention_schedule(sqlite_app: App):
    app = sqlite_app
    old, fresh = today() - dt.timedelta(days=100), today()
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    async with app.sessions.begin() as session:
        for n, (day, done) in enumerate([(old, True), (old, False), (fresh, True)]):
            session.add(InboxItem(channel="t", key=f"k{n}", done=done, received_on=day, attempts=1))
        for n, day in enumerate([old, fresh]):
            session.add(QueryLog(query=f"q{n}", language="en", matched=True, created_on=day))
        for status in ("sent", "pending"):
            session.add(
                Outbox(
                    channel="t",
                    platform_id="1",
                    kind="notice",
                    payload={},
                    status=status,
                    created_at=long_ago,
                )
            )
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(app, stop))

    async def left() -> tuple[list[str], list[str], list[str]]:
        async with app.sessions() as session:
            keys = sorted(await session.scalars(select(InboxItem.key)))
            queries = sorted(await session.scalars(select(QueryLog.query)))
            statuses = sorted(await session.scalars(select(Outbox.status)))
        return keys, queries, statuses

    try:
        for _ in range(100):
            if (await left())[1] == ["q1"]:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await worker
    # Unhandled updates and unsent messages are never pruned.
    assert await left() == (["k1", "k2"], ["q1"], ["pending"])
    assert await enforce_retention(app.sessions) == {
        "inbox": 0,
        "query_log": 0,
        "outbox": 0,
        "sms_statuses": 0,
        "sms_instants": 0,
        "sms_pending": 0,
        "sms_conversations": 0,
    }


# ---- the migration keeps what there was ---------------------------------------------------------


async def test_searches_and_reports_survive_the_upgrade_with_days_and_new_ids(app: App):
    await downgrade(app.db, "0004")
    async with app.db.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO query_log (id, created_at, query, language, matched) "
                "VALUES (1, :at, 'kuraga', 'uz', :yes)"
            ),
            {"at": dt.datetime(2026, 11, 30, 13, 45, 7, tzinfo=dt.UTC), "yes": True},
        )
        await connection.execute(
            text("INSERT INTO incidents (id, situation, occurred_on) VALUES (1, 'detained', :day)"),
            {"day": dt.date(2026, 11, 28)},
        )
    await migrate(app.db)
    async with app.sessions() as session:
        (query,) = (await session.scalars(select(QueryLog))).all()
        (incident,) = (await session.scalars(select(Incident))).all()
    assert (query.query, query.created_on) == ("kuraga", dt.date(2026, 11, 30))
    assert (incident.situation, incident.occurred_on) == ("detained", dt.date(2026, 11, 28))
    assert query.id != 1 and incident.id != 1
    async with app.sessions.begin() as session:  # and new rows go in as before
        await session.execute(
            insert(QueryLog).values(id=5, query="x", language="en", matched=False)
        )
