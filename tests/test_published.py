"""What traders get back: crossing figures under the k >= 5 rule everywhere they appear,
receipts and notes on what was done, market prices, and questions that come back answered."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal

import httpx
import pytest
import yaml
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.bootstrap import App, start_app
from bot.channels.console import ConsoleChannel
from bot.i18n import Translator
from bot.models import (
    CrossingFollow,
    Incident,
    IncidentReceipt,
    Outbox,
    Price,
    PriceFollow,
    WaitingQuestion,
)
from bot.settings import Settings
from bot.web import create_web_app
from handlers.context import region_today
from handlers.incident_stats import compute, publishable
from knowledge.exchange import BankRates
from tests.dialogue import Dialogue

ADMIN = "boss"
SIX_POST, FOUR_POST = "kg-kz-ak-jol", "kg-uz-dostuk"  # Ak-Jol / Korday; Dostuk / Dustlik


@pytest.fixture
async def admin_app(database_url: str, translator: Translator) -> AsyncIterator[App]:
    settings = Settings(database_url=database_url, admin_ids=f"console:{ADMIN}", _env_file=None)
    app = await start_app(settings, translator)
    app.published.max_age_s = 0  # every turn sees what the test just wrote
    try:
        yield app
    finally:
        await app.close()


def chat(app: App, user: str, lang: str = "en") -> Dialogue:
    return Dialogue(ConsoleChannel(app.engine, user, lang, out=None))  # type: ignore[arg-type]


@asynccontextmanager
async def serving(app: App) -> AsyncIterator[str]:
    runner = web.AppRunner(await create_web_app(app))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def add_reports(app: App, post: str | None, situation: str, count: int, day=None) -> None:
    async with app.sessions.begin() as session:
        for _ in range(count):
            session.add(Incident(situation=situation, post=post, occurred_on=day or region_today()))


async def rows(app: App, table: type) -> list:
    async with app.sessions() as session:
        return list((await session.scalars(select(table))).all())


async def open_answer(trader: Dialogue, origin: str, destination: str) -> None:
    await trader.say("dried apricots")
    await trader.tap(trader.first_choice("c:0813"))
    await trader.tap(f"o:{origin}")
    await trader.tap(f"d:{destination}")


def integers(value: object) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [n for v in value.values() for n in integers(v)]
    if isinstance(value, list):
        return [n for v in value for n in integers(v)]
    return []


# ---- the rule itself --------------------------------------------------------------------


def test_no_published_figure_is_under_five_and_none_can_be_subtracted():
    assert publishable({"a": 6, "b": 4}) == ({}, 10)  # 'a' alone would give b = total - 6
    assert publishable({"a": 9, "b": 5, "c": 2, "d": 2}) == ({"a": 9}, 9)
    assert publishable({"a": 5, "b": 5}) == ({"a": 5, "b": 5}, 0)
    today = dt.date(2026, 12, 2)
    stats = compute(
        [
            ("p1", "detained", today, 3),
            ("p1", "fine", today, 3),
            ("p2", "fine", today, 4),
            (None, "fine", today, 2),
            ("p1", "fine", dt.date(2026, 8, 10), 5),
        ],
        today,
    )
    assert set(stats.crossings) == {"p1"}
    p1 = stats.crossings["p1"]
    assert (p1.total, p1.situations, p1.other, p1.previous, p1.trend) == (6, (), 6, 5, 20)
    assert p1.months == (("2026-10", None), ("2026-11", None), ("2026-12", 6))
    assert stats.other_places == 6  # p2's 4 and 2 unnamed: named nowhere


async def test_a_crossing_with_four_reports_shows_no_figure_anywhere(admin_app: App):
    await add_reports(admin_app, SIX_POST, "unofficial-payment", 6)
    await add_reports(admin_app, FOUR_POST, "detained", 4)

    trader = chat(admin_app, "aigul")
    await open_answer(trader, "KG", "UZ")
    await trader.tap("acts")  # the answer's 'More'
    await trader.tap("pub")
    text = trader.text()
    assert "Dostuk" in text and "Fewer than 5 reports" in text
    assert "Reports: 4" not in text and " 4" not in text.split("How the crossings")[1]

    await trader.tap_unchecked("border")  # on the answer's last message
    await trader.tap("sit:detained")
    await trader.tap("xs")
    assert "Fewer than 5 reports" in trader.text() and "Reports:" not in trader.text()

    other = chat(admin_app, "nurlan")
    await open_answer(other, "KG", "KZ")
    await other.tap("acts")
    await other.tap("pub")
    assert "Ak-Jol / Korday" in other.text() and "Reports: 6" in other.text()

    async with serving(admin_app) as base, httpx.AsyncClient(base_url=base) as http:
        page = (await http.get("/stats", params={"lang": "en"})).text
        data = (await http.get("/stats/incidents.json")).json()
        table = (await http.get("/stats/incidents.csv")).text
    assert "Ak-Jol / Korday" in page and "Dostuk" not in page and "Dustlik" not in page
    assert ">6<" in page and ">4<" not in page
    assert [c["id"] for c in data["crossings"]] == [SIX_POST]
    assert data["crossings"][0]["reports"] == 6 and data["other_places"] is None
    assert data["crossings"][0]["countries"] == ["KG", "KZ"]
    assert 4 not in integers(data) and all(n >= 5 for n in integers(data))
    records = list(csv.DictReader(io.StringIO(table)))
    assert {r["crossing"] for r in records} == {SIX_POST}
    assert all(int(r["reports"]) >= 5 for r in records)


@pytest.mark.parametrize("lang", ["kk", "ky", "tg", "tk", "uz", "ru", "en"])
async def test_the_page_speaks_her_language(sqlite_app: App, lang: str, translator: Translator):
    sqlite_app.published.max_age_s = 0
    await add_reports(sqlite_app, SIX_POST, "unofficial-payment", 5)
    async with serving(sqlite_app) as base, httpx.AsyncClient(base_url=base) as http:
        page = (await http.get("/stats", params={"lang": lang})).text
    assert f'<html lang="{lang}">' in page
    assert translator(lang, "stats-title") in page and "<svg" in page and "<script" not in page


# ---- receipts and notes -----------------------------------------------------------------


async def test_a_report_ends_with_a_receipt_and_its_crossing_note_reaches_her(admin_app: App):
    admin_app.published.page_url = "https://bot.example"
    trader = chat(admin_app, "gulnara")
    await open_answer(trader, "KG", "KZ")
    await trader.tap("border")
    await trader.tap("sit:unofficial-payment")
    await trader.tap("report")
    await trader.tap(f"rp:{SIX_POST}")
    await trader.tap("rd:today")
    await trader.tap("rt:skip")
    receipt = next(r for r in trader.replies if "Your receipt" in r["text"])
    code = receipt["text"].split("Your receipt: ")[1][:9]
    assert [(r.code, r.post) for r in await rows(admin_app, IncidentReceipt)] == [(code, SIX_POST)]
    assert len(await rows(admin_app, Incident)) == 1
    assert IncidentReceipt.__table__.c.keys() == ["code", "post"]  # nothing that points to her
    assert f"https://bot.example/stats/receipt/{code}?lang=en" in receipt["text"]

    await trader.tap(f"xf:{SIX_POST}")
    assert "something is done about Ak-Jol / Korday" in trader.text()
    assert [f.post for f in await rows(admin_app, CrossingFollow)] == [SIX_POST]

    admin = chat(admin_app, ADMIN)
    await admin.say(f"/crossingnote {SIX_POST} The customs post was told; a hotline opened.")
    assert "queued to 1 followers" in admin.text()
    notes = [o for o in await rows(admin_app, Outbox) if o.platform_id == "gulnara"]
    assert len(notes) == 1
    assert "The customs post was told" in notes[0].payload["replies"][0]["text"]

    async with serving(admin_app) as base, httpx.AsyncClient(base_url=base) as http:
        page = await http.get(f"/stats/receipt/{code}")
        unknown = await http.get("/stats/receipt/ZZZZ-ZZZZ")
    assert page.status_code == 200 and "The customs post was told" in page.text
    assert unknown.status_code == 404

    await trader.say("/forget")
    await trader.tap("forget:yes")
    assert await rows(admin_app, CrossingFollow) == []
    assert len(await rows(admin_app, IncidentReceipt)) == 1  # the code still names the crossing


# ---- prices -----------------------------------------------------------------------------


def document(name: str, text: str) -> dict:
    return {"document": {"name": name, "base64": base64.b64encode(text.encode()).decode()}}


async def test_prices_are_dated_converted_marked_old_and_hidden_when_too_old(admin_app: App):
    today = region_today()
    # The National Bank of the Kyrgyz Republic's rate as the worker stores it (issue 15).
    await admin_app.rates.save(BankRates("KG", today, {"KZT": Decimal("0.17")}))
    admin = chat(admin_app, ADMIN)
    await admin.say(f"/price Dordoi 0813.10 kg KGS 250 {today - dt.timedelta(days=20)}")
    assert "Saved 1 prices" in admin.text()
    await admin.say(f"/price barakholka 0813.10 kg KZT 1800 {today - dt.timedelta(days=2)}")
    await admin.say(f"/price Korvon 0813.10 kg TJS 30 {today - dt.timedelta(days=70)}")
    await admin.say("/price Dordoi 9999.99 kg KGS 250")  # not a catalog commodity
    assert "not a catalog HS code" in admin.text()
    await admin.say("/price Dordoi 0813.10 kg KGS -5")
    assert "not a positive price" in admin.text()
    assert len(await rows(admin_app, Price)) == 3

    trader = chat(admin_app, "dilnoza")
    await open_answer(trader, "KG", "KZ")
    await trader.tap("acts")  # the answer's 'More'
    await trader.tap("pub")
    prices = trader.replies[0]["text"]
    dordoi = next(line for line in prices.splitlines() if "Dordoi" in line)
    assert "250 KGS per kg" in dordoi and "⚠️ old" in dordoi and "≈" not in dordoi
    barakholka = next(line for line in prices.splitlines() if "Barakholka" in line)
    assert "1,800 KZT" in barakholka and "(≈ 306 KGS)" in barakholka
    assert "old" not in barakholka
    assert "Korvon" not in prices  # 70 days old: not shown
    assert "prices" in (await admin.say("/prices"))[0]["text"].lower()
    assert "console:boss" in admin.text()  # the reporter, for admins only
    assert "console:boss" not in prices


async def test_a_reporter_publishes_and_a_follower_hears_of_a_big_change(admin_app: App):
    admin, reporter = chat(admin_app, ADMIN), chat(admin_app, "555")
    await reporter.say("/price Dordoi 0813.10 kg KGS 250")
    assert "Saved" not in reporter.text()  # not appointed yet
    await admin.say("/reporter console:555")
    assert "may now publish prices" in admin.text()
    await reporter.say("/price Dordoi 0813.10 kg KGS 250")
    assert "Saved 1 prices" in reporter.text()
    await reporter.say("/prices")
    assert "console:" not in reporter.text()  # the list of reporters is for admins

    trader = chat(admin_app, "madina", "ru")
    await open_answer(trader, "KG", "KZ")
    await trader.tap("acts")  # the answer's 'More'
    await trader.tap("pub")
    await trader.tap("pf:0813.10")
    assert len(await rows(admin_app, PriceFollow)) == 1

    await reporter.say("/price Dordoi 0813.10 kg KGS 260")  # +4%: no notice
    await reporter.send(
        document(
            "prices.csv",
            "market,hs,unit,currency,price,date\nDordoi,0813.10,kg,KGS,300,\n",
        )
    )
    assert "1 price alerts" in reporter.text() or "alerts queued" in reporter.text()
    notices = [o for o in await rows(admin_app, Outbox) if o.platform_id == "madina"]
    assert len(notices) == 1
    text = notices[0].payload["replies"][0]["text"]
    assert "Новая цена" in text and "+15%" in text and "300 KGS за кг" in text
    assert "Дордой" in text

    await trader.tap_unchecked("pub")  # the answer's button, still offered
    await trader.tap("pu:0813.10")  # she stops the alerts where she started them
    assert await rows(admin_app, PriceFollow) == []

    bad = (
        "market,hs,unit,currency,price,date\n"
        "Dordoi,0813.10,kg,KGS,280,\n"
        "Nowhere,0813.10,kg,KGS,1,\n"
    )
    await admin.send(document("more.csv", bad))
    assert "Line 3: unknown market" in admin.text()
    assert len(await rows(admin_app, Price)) == 3  # the good row of a bad file is not saved


# ---- questions that come back answered --------------------------------------------------


async def add_synonym(app: App, hs: str, lang: str, word: str) -> None:
    files = await app.knowledge.active_files()
    for name, text in files.items():
        data = yaml.safe_load(text)
        for commodity in (data or {}).get("commodities", []) if isinstance(data, dict) else []:
            if commodity["hs"] == hs:
                commodity.setdefault("synonyms", {}).setdefault(lang, []).append(word)
                files[name] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
                report = await app.knowledge.import_texts(files, author="test", note="synonym")
                assert report.version is not None
                return
    raise AssertionError(hs)


async def test_a_question_comes_back_answered_when_the_knowledge_learns_it(admin_app: App):
    word = "zzyzx flumbo"
    trader = chat(admin_app, "zarina", "ru")
    await open_answer(trader, "KG", "KZ")
    await trader.say(word)
    assert "wq" in trader.choice_ids()
    await trader.tap("wq")
    assert "Сохранено" in trader.text()
    await trader.tap_unchecked("wq")  # a second tap saves nothing twice
    leaving = chat(admin_app, "leila")
    await leaving.say(word.upper())
    await leaving.tap("wq")
    assert len(await rows(admin_app, WaitingQuestion)) == 2

    admin = chat(admin_app, ADMIN)
    await admin.say("/waiting")
    assert f"2 · {word}" in admin.text()

    await leaving.say("/forget")
    await leaving.tap("forget:yes")
    assert [q.query for q in await rows(admin_app, WaitingQuestion)] == [word]

    await add_synonym(admin_app, "0406", "ru", word)
    answers = [o for o in await rows(admin_app, Outbox) if o.kind == "answer"]
    assert [o.platform_id for o in answers] == ["zarina"]
    text = answers[0].payload["replies"][0]["text"]
    assert f"Теперь мы знаем «{word}»" in text and "0406" in text
    assert "Кыргызстан" in text or "Киргиз" in text  # the answer for her route
    assert await rows(admin_app, WaitingQuestion) == []

    await add_synonym(admin_app, "0406", "en", "another cheese word")  # nothing is sent twice
    assert len([o for o in await rows(admin_app, Outbox) if o.kind == "answer"]) == 1


async def count(app: App, table: type) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(table)) or 0


async def test_the_cli_publishes_prices_and_notes(sqlite_url: str, tmp_path, monkeypatch):
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.chdir(tmp_path)
    file = tmp_path / "prices.csv"
    file.write_text("market,hs,unit,currency,price,date\nKorvon,0813.10,kg,TJS,31.5,\n")
    assert await _run(main, ["prices", "import", str(file)]) == 0
    assert (
        await _run(
            main,
            [
                "prices",
                "add",
                "--market",
                "Nowhere",
                "--hs",
                "0813.10",
                "--unit",
                "kg",
                "--currency",
                "TJS",
                "--price",
                "3",
            ],
        )
        == 1
    )
    assert await _run(main, ["crossing", "note", "nowhere", "text"]) == 2
    assert await _run(main, ["crossing", "note", SIX_POST, "Hotline opened"]) == 0


async def _run(main, argv: list[str]) -> int:
    import asyncio

    return await asyncio.to_thread(main, argv)


def test_json_is_valid_for_an_empty_period():
    from bot.stats_page import csv_text, open_data
    from handlers.incident_stats import IncidentStats
    from knowledge.loader import load_knowledge

    knowledge = load_knowledge()
    data = open_data(knowledge, IncidentStats(("2026-10", "2026-11", "2026-12")))
    assert json.loads(json.dumps(data))["crossings"] == []
    assert csv_text(knowledge, IncidentStats()).splitlines() == [
        "crossing,name,period,situation,reports"
    ]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 12), max_size=8))
def test_every_figure_and_the_rest_are_zero_or_at_least_five(counts: dict[str, int]):
    shown, folded = publishable(counts)
    assert all(n >= 5 for n in shown.values())
    assert folded == 0 or folded >= 5 or not shown  # a small rest only when nothing is shown
    assert sum(shown.values()) + folded == sum(counts.values())
