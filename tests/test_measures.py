"""Bans and quotas first: a temporary measure on the trader's flow, dated, before any step.

The day comes from the engine's clock (the turn's context), so each test sets the day it is
about: a measure in force, one that has ended, one about to begin, one extended.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from sqlalchemy import func, select

from bot.bootstrap import App, start_app
from bot.channels.console import ConsoleChannel
from bot.i18n import Translator
from bot.measure_notices import send_measure_notices
from bot.models import AuditLog, MeasureNotice, Outbox, Subscription, User
from bot.settings import Settings
from handlers.clock import noon_of
from knowledge import LANGS
from knowledge.loader import KnowledgeError, load_texts, read_sources
from tests.dialogue import Dialogue

ADMIN = "boss"
BULLS = "kz-export-bulls-2025-11"  # KZ: export of bull calves banned 2025-11-05..2026-04-30


def on(app: App, day: str) -> None:
    """The engine's clock: what 'today' is for every turn from now on (noon in the region)."""
    app.engine.engine.clock = lambda: noon_of(dt.date.fromisoformat(day))  # type: ignore[attr-defined]


def chat(app: App, user: str = "trader", lang: str = "en") -> Dialogue:
    return Dialogue(ConsoleChannel(app.engine, user, lang, out=None))  # type: ignore[arg-type]


async def pick(talk: Dialogue, choice_id: str) -> None:
    """Tap a country as she does: on the list shown, or on a later page after 'More'."""
    pages = 0
    while choice_id not in talk.choice_ids() and "more" in talk.choice_ids():
        await talk.tap("more")
        pages += 1
        assert pages <= 10, f"{choice_id} on no page"
    await talk.tap(choice_id)


async def answer(app: App, product: str, hs: str, origin: str, dest: str, user: str = "t"):
    talk = chat(app, user)
    await talk.say(product)
    await talk.tap(f"c:{hs}")
    await pick(talk, f"o:{origin}")
    await pick(talk, f"d:{dest}")
    return talk


async def test_a_measure_in_force_comes_first_before_any_step(app: App):
    on(app, "2026-01-15")
    talk = await answer(app, "cattle", "0102", "KZ", "UZ")
    lines = talk.replies[0]["text"].splitlines()
    assert lines[0] == "⛔ Export of bull calves (young male cattle) from Kazakhstan is banned."
    assert "Apr 30, 2026" in lines[1] and "№ 416" in lines[1] and "Nov 4, 2025" in lines[1]
    on(app, "2026-05-01")  # the day after its last day: the same answer without it
    plain = await answer(app, "cattle", "0102", "KZ", "UZ", user="t2")
    assert plain.replies[0]["text"].startswith("Cattle (HS 0102): Kazakhstan → Uzbekistan\n📤")
    # The measure's lines, then the answer and its parts and steps unchanged.
    assert talk.replies[0]["text"] == "\n".join(lines[:2]) + "\n\n" + plain.replies[0]["text"]
    assert talk.replies[0]["choices"] == plain.replies[0]["choices"]
    assert talk.replies[0]["choices"][0]["id"] == "side:export"


async def test_a_measure_is_shown_in_the_traders_language(app: App):
    on(app, "2026-01-15")
    talk = chat(app, "ru-trader", "ru")
    await talk.say("крупный рогатый скот")
    await talk.tap("c:0102")
    await talk.tap("o:KZ")
    await talk.tap("d:KG")
    lines = talk.replies[0]["text"].splitlines()
    assert lines[0] == "⛔ Вывоз бычков крупного рогатого скота из Казахстана запрещён."
    assert lines[1].startswith("До 30 апр. 2026") and "№ 416 от 4 нояб. 2025" in lines[1]


async def test_an_ended_measure_disappears_by_itself(app: App):
    on(app, "2026-05-01")  # the day after its last day
    talk = await answer(app, "cattle", "0102", "KZ", "UZ")
    text = talk.replies[0]["text"]
    assert "⛔" not in text and "416" not in text
    assert text.splitlines()[0].startswith("Cattle (HS 0102)")
    on(app, "2026-04-30")  # its last day: still there
    talk = await answer(app, "cattle", "0102", "KZ", "UZ", user="t2")
    assert talk.replies[0]["text"].startswith("⛔")


async def test_a_measure_beginning_within_30_days_is_announced_as_coming(app: App):
    on(app, "2025-10-20")  # 16 days before 2025-11-05
    talk = await answer(app, "cattle", "0102", "KZ", "UZ")
    lines = talk.replies[0]["text"].splitlines()
    assert lines[0].startswith("🔜 From Nov 5, 2025: Export of bull calves")
    assert "⛔" not in talk.replies[0]["text"]
    on(app, "2025-10-01")  # 35 days before: not yet
    talk = await answer(app, "cattle", "0102", "KZ", "UZ", user="t2")
    assert "🔜" not in talk.replies[0]["text"]


async def test_a_flow_no_measure_touches_starts_with_its_header(app: App):
    on(app, "2026-01-15")
    talk = await answer(app, "dried apricots", "0813.10", "KG", "KZ")
    text = talk.replies[0]["text"]
    assert text.splitlines()[0].startswith("Dried apricots (HS 0813.10)")
    assert "⛔" not in text and "🔜" not in text and "⚠️" not in text
    # The same product out of Kazakhstan on that day: no measure either (bulls are 0102).
    talk = await answer(app, "dried apricots", "0813.10", "KZ", "UZ", user="t2")
    assert "⛔" not in talk.replies[0]["text"]


async def test_a_measure_narrower_than_the_product_still_shows(app: App):
    on(app, "2025-12-20")  # fresh hen's eggs (040721) banned into KZ; the product is 0407
    talk = await answer(app, "eggs", "0407", "KG", "KZ")
    assert talk.replies[0]["text"].startswith("⛔ Import of fresh hen's eggs into Kazakhstan")
    out = await answer(app, "eggs", "0407", "KZ", "KG", user="t2")  # export: not touched
    assert "⛔" not in out.replies[0]["text"]


# ---- admins --------------------------------------------------------------------------------


@pytest.fixture
async def admin_app(database_url: str, translator: Translator):
    settings = Settings(database_url=database_url, admin_ids=f"console:{ADMIN}", _env_file=None)
    app = await start_app(settings, translator)
    try:
        yield app
    finally:
        await app.close()


async def count(app: App, table: type) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(table)) or 0


async def test_an_admin_extends_a_measure_from_the_chat_after_a_preview(admin_app: App):
    admin = chat(admin_app, ADMIN)
    await admin.say(f"/measure extend {BULLS} 2026-10-31 417 2026-04-25")
    assert f"measures: {BULLS}" not in admin.text()  # the diff names the measure by its text
    assert "Export of bull calves" in admin.text() and "adm:cancel" in admin.choice_ids()
    assert len(await admin_app.knowledge.history()) == 1  # only a preview so far
    await admin.tap(admin.first_choice("adm:import:"))
    assert len(await admin_app.knowledge.history()) == 2

    on(admin_app, "2026-06-01")  # after the first end, before the new one
    talk = await answer(admin_app, "cattle", "0102", "KZ", "UZ")
    lines = talk.replies[0]["text"].splitlines()
    assert lines[0].startswith("⛔ Export of bull calves")
    assert "Oct 31, 2026" in lines[1] and "№ 417 of Apr 25, 2026" in lines[1]
    on(admin_app, "2026-11-01")
    talk = await answer(admin_app, "cattle", "0102", "KZ", "UZ", user="t2")
    assert "⛔" not in talk.replies[0]["text"]


async def test_chat_measure_commands_refuse_what_makes_no_sense(admin_app: App):
    admin = chat(admin_app, ADMIN)
    await admin.say(f"/measure extend {BULLS} 2026-03-01 417 2026-04-25")  # earlier: no
    assert admin.text() == admin_app.translator("en", "admin-measure-not-later", end="2026-04-30")
    await admin.say("/measure end no-such-measure 2026-01-01")
    assert "no-such-measure" in admin.text()
    await admin.say(f"/measure end {BULLS} 2025-01-01")  # before it starts
    assert "2025-11-05" in admin.text()
    await admin.say(f"/measure extend {BULLS} 2026-13-01 417 2026-04-25")
    assert admin.text() == admin_app.translator("en", "admin-measure-bad-date")
    measure = yaml.safe_load((await admin_app.knowledge.active_files())["measures.yaml"])[
        "measures"
    ][0]
    broken = {**measure, "id": "test-broken", "start": "2026-12-01", "end": "2026-11-01"}
    await admin.say("/measure add\n" + yaml.safe_dump(broken, allow_unicode=True))
    assert "the measure ends before it starts" in admin.text()
    assert admin.choice_ids() == []
    del broken["act"]
    broken["end"] = "2026-12-31"
    await admin.say("/measure add\n" + yaml.safe_dump(broken, allow_unicode=True))
    assert "a required field is missing" in admin.text()
    assert len(await admin_app.knowledge.history()) == 1


async def test_an_admin_adds_and_ends_a_measure_and_lists_them(admin_app: App):
    admin = chat(admin_app, ADMIN)
    await admin.say("/measure add\n" + yaml.safe_dump(SANITARY_BAN, allow_unicode=True))
    assert "adm:cancel" in admin.choice_ids()
    await admin.tap(admin.first_choice("adm:import:"))
    knowledge = (await admin_app.knowledge.current()).knowledge
    assert knowledge.measures["test-ru-import-apricots"].partners == ("TJ",)
    await admin.say("/measure")  # in force since 2026-12-01, until cancelled: listed
    assert "• test-ru-import-apricots · RU import sanitary_ban · 2026-12-01 → Until cancelled" in (
        admin.text()
    )
    assert BULLS not in admin.text()  # ended on 2026-04-30

    await admin.say("/measure end test-ru-import-apricots 2026-12-20 55 2026-12-10")
    await admin.tap(admin.first_choice("adm:import:"))
    measure = (await admin_app.knowledge.current()).knowledge.measures["test-ru-import-apricots"]
    assert measure.end == dt.date(2026, 12, 20) and measure.latest_act.number == "55"
    assert len(await admin_app.knowledge.history()) == 3
    assert await count(admin_app, AuditLog) >= 4

    on(admin_app, "2026-12-05")
    talk = await answer(admin_app, "dried apricots", "0813.10", "TJ", "RU")
    assert talk.replies[0]["text"].startswith("⛔ TEST")
    talk = await answer(admin_app, "dried apricots", "0813.10", "UZ", "RU", user="t2")
    assert "⛔" not in talk.replies[0]["text"]  # the ban names Tajikistan only


async def test_a_non_admin_cannot_use_measure_commands(admin_app: App):
    trader = chat(admin_app, "trader")
    await trader.say(f"/measure end {BULLS} 2026-01-01")
    assert trader.replies[0]["text"] == admin_app.translator("en", "help")
    assert len(await admin_app.knowledge.history()) == 1


# ---- notices -------------------------------------------------------------------------------

SANITARY_BAN = {
    "id": "test-ru-import-apricots",
    "country": "RU",
    "direction": "import",
    "kind": "sanitary_ban",
    "hs_prefixes": ["0813"],
    "partners": ["TJ"],
    "start": "2026-12-01",
    "text": {lang: f"TEST ban on dried fruit from Tajikistan ({lang})" for lang in LANGS},
    "act": {"title": "TEST act", "number": "T-1", "date": "2026-11-20"},
    "source": "wto-tfa",
    "verified": "2026-12-02",
}


async def subscribe(app: App, user: str, hs: str, origin: str, destination: str) -> None:
    talk = chat(app, user)
    await talk.say("/start")
    async with app.sessions.begin() as session:
        user_id = await session.scalar(select(User.id).where(User.platform_id == user))
        session.add(Subscription(user_id=user_id, hs=hs, origin=origin, destination=destination))


async def with_measure(app: App, item: dict) -> None:
    files = await app.knowledge.active_files()
    document = yaml.safe_load(files["measures.yaml"])
    document["measures"].append(item)
    files["measures.yaml"] = yaml.safe_dump(document, allow_unicode=True)
    await app.knowledge.import_texts(files, author="test", note="measure")


async def notices(app: App) -> list[str]:
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Outbox).where(Outbox.kind == "notice").order_by(Outbox.id)
        )
        return [r.payload["replies"][0]["text"] for r in rows]


async def run_job(app: App, day: str) -> int:
    knowledge = (await app.knowledge.current()).knowledge
    return await send_measure_notices(
        app.sessions, knowledge, app.translator, dt.date.fromisoformat(day)
    )


async def test_subscribers_hear_of_a_measure_when_published_the_day_before_and_its_last_day(
    app: App,
):
    await subscribe(app, "affected", "0813.10", "TJ", "RU")
    await subscribe(app, "elsewhere", "0813.10", "UZ", "RU")  # a partner the ban does not name
    await subscribe(app, "other", "0102", "KG", "KZ")
    item = {**SANITARY_BAN, "start": "2026-12-20", "end": "2027-01-10"}
    await with_measure(app, item)

    assert await run_job(app, "2026-12-05") == 1  # published
    assert await run_job(app, "2026-12-05") == 0  # idempotent: the same day, again
    assert await run_job(app, "2026-12-06") == 0  # and the next day
    sent = await notices(app)
    assert len(sent) == 1 and sent[0].startswith("📢 A temporary measure on your route")
    assert "🔜 From Dec 20, 2026: TEST ban" in sent[0] and "№ T-1" in sent[0]

    assert await run_job(app, "2026-12-19") == 1  # the day before it takes effect
    assert await run_job(app, "2026-12-19") == 0
    assert "Tomorrow a temporary measure takes effect" in (await notices(app))[-1]
    assert await run_job(app, "2027-01-10") == 1  # its last day
    assert "Today is the last day" in (await notices(app))[-1]
    assert await run_job(app, "2027-01-11") == 0  # over: nothing more

    async with app.sessions() as session:
        users = set(await session.scalars(select(MeasureNotice.user_id)))
        affected = await session.scalar(select(User.id).where(User.platform_id == "affected"))
    assert users == {affected}
    outbox_users = {r for r in await outbox_recipients(app)}
    assert outbox_users == {"affected"}


async def test_an_extension_is_published_again_and_a_forgotten_user_leaves_no_row(app: App):
    await subscribe(app, "affected", "0813.10", "TJ", "RU")
    await with_measure(app, {**SANITARY_BAN, "end": "2026-12-31"})
    assert await run_job(app, "2026-12-05") == 1
    files = await app.knowledge.active_files()
    from bot.measures import extend_measure

    files = extend_measure(files, "test-ru-import-apricots", None, "T-2", dt.date(2026, 12, 6))
    await app.knowledge.import_texts(files, author="test", note="extend")
    assert await run_job(app, "2026-12-07") == 1  # the new end is news
    assert "Until cancelled" in (await notices(app))[-1]

    talk = chat(app, "affected")
    await talk.say("/forget")
    await talk.tap("forget:yes")
    assert await count(app, MeasureNotice) == 0


async def outbox_recipients(app: App) -> list[str]:
    async with app.sessions() as session:
        return list(
            await session.scalars(select(Outbox.platform_id).where(Outbox.kind == "notice"))
        )


# ---- validation ----------------------------------------------------------------------------


def measure_texts(item: dict) -> dict[str, str]:
    from knowledge.loader import DATA_DIR

    texts = read_sources(DATA_DIR)
    texts["zz-test.yaml"] = yaml.safe_dump({"measures": [item]}, allow_unicode=True)
    return texts


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"act": None}, "Field required"),
        ({"source": None}, "Field required"),
        ({"end": "2026-11-30"}, "measure ends before it starts"),
        ({"source": "no-such-source"}, "unknown source 'no-such-source'"),
        ({"act": {"title": "x", "number": " ", "date": "2026-11-20"}}, "act number is empty"),
        ({"act": {"title": "x", "number": "1"}}, "Field required"),
        ({"partners": []}, "a sanitary ban names its source country"),
        ({"hs_prefixes": ["08a3"]}, "bad HS code prefix"),
        ({"start": "2026-13-01"}, "bad date"),
    ],
)
def test_a_measure_without_act_source_or_sensible_dates_is_refused(change: dict, message: str):
    item = {k: v for k, v in {**SANITARY_BAN, **change}.items() if v is not None}
    with pytest.raises(KnowledgeError) as refused:
        load_texts(measure_texts(item))
    assert any(message in str(p) for p in refused.value.problems), refused.value.problems
    assert all(p.file == "zz-test.yaml" for p in refused.value.problems)


def test_the_end_before_start_problem_reads_in_the_admins_language(translator: Translator):
    with pytest.raises(KnowledgeError) as refused:
        load_texts(measure_texts({**SANITARY_BAN, "end": "2026-11-30"}))
    code, values = refused.value.problems[0].kind()
    assert code == "measure-dates"
    assert translator("ru", f"kb-problem-{code}", **values) == (
        "мера заканчивается раньше, чем начинается"
    )


def test_the_bundled_measures_each_name_an_act_and_a_source_with_its_dates():
    from knowledge.loader import load_knowledge

    knowledge = load_knowledge()
    assert len(knowledge.measures) >= 4
    for measure in knowledge.measures.values():
        assert measure.act.number and measure.act.date <= measure.start
        assert measure.source in knowledge.sources and knowledge.sources[measure.source].url
        assert measure.end is None or measure.end >= measure.start


async def test_the_worker_job_queues_the_days_notices_and_stops_when_asked(app: App):
    import asyncio

    from bot.worker import notify_measures

    await subscribe(app, "affected", "0813.10", "TJ", "RU")
    await with_measure(app, SANITARY_BAN)
    stop = asyncio.Event()
    job = asyncio.create_task(notify_measures(app, stop, lambda: dt.date(2026, 12, 5)))
    for _ in range(200):
        if await notices(app):
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(job, 10)
    assert len(await notices(app)) == 1


def test_which_flows_a_measure_covers():
    from knowledge.measures import coming, covers, in_force
    from knowledge.models import Measure

    base = {**SANITARY_BAN, "kind": "ban", "partners": [], "end": "2026-12-31"}
    export = Measure.model_validate({**base, "country": "KZ", "direction": "export"})
    assert covers(export, "0813.10", "KZ", "UZ") and not covers(export, "0813.10", "UZ", "KZ")
    assert not covers(export, "0102", "KZ", "UZ")  # another heading
    assert covers(export, "08", "KZ", "UZ")  # a chapter the measure is part of
    only_eaeu_out = Measure.model_validate(
        {**base, "country": "KZ", "direction": "export", "except_partners": ["KG", "RU"]}
    )
    assert covers(only_eaeu_out, "0813.10", "KZ", "UZ")
    assert not covers(only_eaeu_out, "0813.10", "KZ", "KG")
    transit = Measure.model_validate(
        {**base, "country": "KZ", "direction": "transit", "partners": ["UZ"]}
    )
    assert covers(transit, "0813.10", "UZ", "RU")
    assert not covers(transit, "0813.10", "TJ", "RU") and not covers(transit, "0813", "UZ", "KZ")
    assert in_force(export, dt.date(2026, 12, 1)) and in_force(export, dt.date(2026, 12, 31))
    assert not in_force(export, dt.date(2027, 1, 1)) and not in_force(export, dt.date(2026, 11, 30))
    assert coming(export, dt.date(2026, 11, 1)) and not coming(export, dt.date(2026, 10, 31))
