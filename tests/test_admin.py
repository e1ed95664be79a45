"""Admins keep the knowledge true; everyone else gets the ordinary help and changes nothing."""

from __future__ import annotations

import asyncio
import base64
import sys
import time

import pytest
import yaml
from sqlalchemy import func, select

from bot.bootstrap import App, start_app
from bot.channels.console import ConsoleChannel
from bot.i18n import Translator
from bot.models import AuditLog, Broadcast, Incident, Outbox, Subscription, User
from bot.models import today as models_today
from bot.settings import Settings
from bot.stats_chart import render_stats_chart
from handlers.events import Event
from tests.dialogue import Dialogue

ADMIN = "boss"


@pytest.fixture
async def admin_app(database_url: str, translator: Translator):
    settings = Settings(database_url=database_url, admin_ids=f"console:{ADMIN}", _env_file=None)
    app = await start_app(settings, translator)
    try:
        yield app
    finally:
        await app.close()


def chat(app: App, user: str, lang: str = "en") -> Dialogue:
    return Dialogue(ConsoleChannel(app.engine, user, lang, out=None))  # type: ignore[arg-type]


async def count(app: App, table: type) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(table)) or 0


def document(name: str, text: str) -> dict:
    return {"document": {"name": name, "base64": base64.b64encode(text.encode()).decode()}}


async def requirements_file(app: App) -> tuple[str, dict]:
    files = await app.knowledge.active_files()
    name = sorted(n for n in files if n.startswith("requirements"))[0]
    return name, yaml.safe_load(files[name])


@pytest.mark.parametrize(
    "payload",
    [
        {"text": "/admin"},
        {"text": "/stats"},
        {"text": "/history"},
        {"text": "/rollback 1"},
        {"text": "/broadcast Hello everyone"},
        {"text": "/incidents"},
        {"choice": "adm:bcast:1"},
        {"choice": "adm:import:1"},
        document("requirements-export.yaml", "requirements: []\n"),
    ],
)
async def test_a_non_admin_gets_the_ordinary_help_and_nothing_happens(admin_app: App, payload):
    trader = chat(admin_app, "trader")
    await trader.send(payload)
    assert trader.replies[0]["text"] == admin_app.translator("en", "help")
    assert await count(admin_app, AuditLog) == 0
    assert await count(admin_app, Broadcast) == 0
    assert len(await admin_app.knowledge.history()) == 1


async def test_a_broken_upload_is_reported_and_changes_nothing(admin_app: App):
    admin = chat(admin_app, ADMIN)
    name, data = await requirements_file(admin_app)
    data["requirements"][0]["source"] = "no-such-source"
    await admin.send(document(name, yaml.safe_dump(data, allow_unicode=True)))
    text = admin.text()
    assert "unknown source: no-such-source" in text
    assert admin.choice_ids() == []
    assert len(await admin_app.knowledge.history()) == 1


async def test_an_upload_is_previewed_applied_and_reaches_exactly_the_affected_subscribers(
    admin_app: App,
):
    library = await admin_app.knowledge.current()
    knowledge = library.knowledge
    apricots = knowledge.commodities["0813.10"]
    step = knowledge.steps_for(apricots, "KG", "KZ")[0]
    affected = chat(admin_app, "affected")
    await affected.say("dried apricots")
    await affected.tap("c:0813.10")
    await affected.tap("o:KG")
    await affected.tap("d:KZ")
    await affected.tap("acts")
    await affected.tap("sub")
    # A flow the changed requirement does not touch: a different exporting country's rule.
    other = chat(admin_app, "other")
    await other.say("/start")
    async with admin_app.sessions.begin() as session:
        user_id = await session.scalar(select(User.id).where(User.platform_id == "other"))
        session.add(Subscription(user_id=user_id, hs="9999", origin="TM", destination="TJ"))
    assert await count(admin_app, Subscription) == 2

    files = await admin_app.knowledge.active_files()
    name = next(n for n, text in files.items() if f"id: {step.id}" in text)
    data = yaml.safe_load(files[name])
    for item in data["requirements"]:
        if item["id"] == step.id:
            item["title"]["en"] = item["title"]["en"] + " (updated)"
    admin = chat(admin_app, ADMIN)
    await admin.send(document(name, yaml.safe_dump(data, allow_unicode=True)))
    assert "(updated)" in admin.text() and "adm:cancel" in admin.choice_ids()
    assert len(await admin_app.knowledge.history()) == 1  # nothing yet: only a preview

    await admin.tap(admin.first_choice("adm:import:"))
    assert len(await admin_app.knowledge.history()) == 2
    async with admin_app.sessions() as session:
        notices = (await session.scalars(select(Outbox).where(Outbox.kind == "notice"))).all()
        actions = (await session.scalars(select(AuditLog.action))).all()
    assert [n.platform_id for n in notices] == ["affected"]
    assert "(updated)" in notices[0].payload["replies"][0]["text"]
    assert {"upload-previewed", "import"} <= set(actions)


async def test_a_broadcast_is_previewed_then_queued_once_per_active_user(admin_app: App):
    for user in ("a", "b", "c"):
        await chat(admin_app, user).say("/start")
    admin = chat(admin_app, ADMIN)
    await admin.say("/broadcast The Korday crossing is open again.")
    assert await count(admin_app, Outbox) == 0
    confirm = admin.first_choice("adm:bcast:")
    await admin.tap(confirm)
    await admin.tap_unchecked(confirm)  # a second tap must not queue it twice
    async with admin_app.sessions() as session:
        rows = (await session.scalars(select(Outbox).where(Outbox.kind == "broadcast"))).all()
    assert sorted(r.platform_id for r in rows) == ["a", "b", "c"]


async def test_stats_come_as_text_and_a_png_chart(admin_app: App):
    trader = chat(admin_app, "trader")
    await trader.say("dried apricots")
    await trader.say("qwzxv")
    admin = chat(admin_app, ADMIN)
    outcome = await admin_app.engine.handle(Event.command(admin.channel.user, "stats", "en"))
    reply = outcome.replies[0]
    assert "qwzxv" in reply.text  # the gap list
    assert reply.image is not None and reply.image.startswith(b"\x89PNG")


async def test_without_matplotlib_stats_give_the_last_days_in_words(
    admin_app: App, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the extra were not installed
    await chat(admin_app, "trader").say("dried apricots")
    admin = chat(admin_app, ADMIN)
    outcome = await admin_app.engine.handle(Event.command(admin.channel.user, "stats", "en"))
    reply = outcome.replies[0]
    assert reply.image is None
    today = models_today().isoformat()[5:]
    assert admin_app.translator("en", "admin-stats-daily", list=f"{today} 1") in reply.text


async def test_the_chart_is_drawn_while_the_event_loop_goes_on_serving():
    ticks = 0
    drawing = True

    async def other_traders() -> None:
        nonlocal ticks
        while drawing:
            ticks += 1
            await asyncio.sleep(0.001)

    serving = asyncio.create_task(other_traders())
    started = time.perf_counter()
    days = [(f"2026-11-{d:02d}", d) for d in range(1, 31)]
    chart = await render_stats_chart(days, [("0813.10", 5), ("0409.00", 3)])
    took = time.perf_counter() - started
    drawing = False
    await serving
    assert chart is not None and chart.startswith(b"\x89PNG")
    # On the loop the ticker would stand still for the whole render.
    assert ticks >= max(3, took / 0.05), (ticks, took)


async def test_rollback_is_previewed_and_applied_by_an_admin(admin_app: App, tmp_path):
    admin = chat(admin_app, ADMIN)
    name, data = await requirements_file(admin_app)
    data["requirements"].pop()
    await admin.send(document(name, yaml.safe_dump(data, allow_unicode=True)))
    await admin.tap(admin.first_choice("adm:import:"))
    await admin.say("/rollback 1")
    assert "adm:rollback:1" in admin.choice_ids()
    await admin.tap("adm:rollback:1")
    history = await admin_app.knowledge.history()
    assert history[0].version == 3 and history[0].checksum == history[-1].checksum


async def test_incident_reports_are_counted_for_admins_with_no_link_to_the_reporter(
    admin_app: App,
):
    trader = chat(admin_app, "trader")
    await trader.say("/border")
    situation = trader.first_choice("sit:")
    await trader.tap(situation)
    await trader.tap("report")
    await trader.tap(trader.first_choice("rp:"))
    await trader.tap("rd:today")
    await trader.say("They asked for money without a receipt.")
    thanks = trader.replies[0]["text"]
    assert thanks.startswith(admin_app.translator("en", "report-thanks-short"))
    # Not the help again, nor the situation she reported: the list of situations.
    assert {"keep", "back"} <= set(trader.choice_ids())
    assert "report" not in trader.choice_ids()
    assert any(c.startswith("sit:") for c in trader.choice_ids())
    async with admin_app.sessions() as session:
        incident = (await session.scalars(select(Incident))).one()
    columns = set(Incident.__table__.columns.keys())
    assert columns == {"id", "situation", "post", "occurred_on", "text"}
    assert incident.situation == situation.removeprefix("sit:")
    admin = chat(admin_app, ADMIN)
    await admin.say("/incidents")
    assert incident.situation in admin.text()


async def test_the_validation_report_speaks_the_admins_language(admin_app: App):
    admin = chat(admin_app, ADMIN, lang="ru")
    await admin.say("/start")
    name, data = await requirements_file(admin_app)
    data["requirements"][0]["verified"] = "вчера"
    await admin.send(document(name, yaml.safe_dump(data, allow_unicode=True)))
    assert "неверная дата" in admin.text()
    assert len(await admin_app.knowledge.history()) == 1


async def test_a_stored_version_that_no_longer_validates_gives_way_to_the_shipped_knowledge(
    admin_app: App,
):
    """An upgrade whose models refuse the active stored version (a field since required)
    keeps the bot answering: the shipped knowledge becomes a new version, the old one stays
    in the history."""
    from bot.models import KnowledgeVersion

    store = admin_app.knowledge
    shipped = (await store.current()).knowledge
    async with admin_app.sessions.begin() as session:
        active = await session.scalar(select(KnowledgeVersion).where(KnowledgeVersion.active))
        files = dict(active.files)
        name = next(n for n, text in files.items() if "legal_basis:" in text)
        files[name] = files[name].replace("legal_basis:", "legal_basis_old:", 1)
        active.active = False
        session.add(
            KnowledgeVersion(
                version=active.version + 1,
                checksum="older-model",
                files=files,
                author="old",
                note="stored by an older release",
                active=True,
            )
        )
    store._library = None  # a new process: nothing loaded yet
    library = await store.current()
    assert library.knowledge.version == shipped.version + 2
    assert library.knowledge.checksum == shipped.checksum
    async with admin_app.sessions() as session:
        notes = list(await session.scalars(select(KnowledgeVersion.note)))
    assert "stored by an older release" in notes  # kept for the admins
    chat = Dialogue(ConsoleChannel(admin_app.engine, "trader", "en", out=None))  # type: ignore[arg-type]
    await chat.say("dried apricots")
    assert "c:0813" in " ".join(chat.choice_ids())
