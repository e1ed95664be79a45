"""'What will I pay?' in the conversation and from the command line: the estimate, bad input
answered in her language, and nothing she types kept."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from bot.bootstrap import App
from bot.channels.console import ConsoleChannel
from bot.models import Conversation, QueryLog
from knowledge.exchange import BankRates
from tests.dialogue import Dialogue

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 12, 1)
UZ_RATES = {"USD": Decimal("12150"), "KZT": Decimal("24.05"), "EUR": Decimal("14100.50")}


async def answer_kz_uz_apples(app: App, lang: str = "en") -> Dialogue:
    await app.rates.save(BankRates("UZ", DAY, UZ_RATES))
    chat = Dialogue(ConsoleChannel(app.engine, "trader", lang, out=None))  # type: ignore[arg-type]
    await chat.say("apples" if lang == "en" else "яблоки")
    await chat.tap(chat.first_choice("c:0808"))
    await chat.tap("o:KZ")
    await chat.tap("d:UZ")
    return chat


async def test_the_estimate_after_an_answer(app: App):
    chat = await answer_kz_uz_apples(app)
    await chat.tap("est")
    assert "What are your goods worth?" in chat.text()
    await chat.say("2000 $")
    text = chat.text()
    assert "Goods: 2,000 USD = 24,300,000 UZS (rate of Uzbekistan, Dec 1, 2026: 1 USD" in text
    assert "• Duty 0%: 0 UZS" in text
    assert "• VAT 12%: 2,916,000 UZS" in text
    assert "• Import customs clearance in Uzbekistan (1 BRV): 375,000 UZS" in text
    assert "Total: 3,291,000 UZS ≈ 270.86 USD" in text
    assert "No duty with a valid ST-1" in text
    assert "Not included: transport and insurance" in text
    assert "Sources: " in text and "Tax Code of the Republic of Uzbekistan" in text
    assert "est" in chat.choice_ids()  # back at the answer: she can try another value


async def test_bad_values_get_a_localized_reply_and_the_question_stays(app: App):
    chat = await answer_kz_uz_apples(app, "ru")
    await chat.tap("est")
    await chat.say("много")
    assert "Не удалось прочитать сумму. Напишите так: 1,5 млн тенге" in chat.text()
    assert "back" in chat.choice_ids()
    await chat.say("-300 $")
    assert "Сумма должна быть больше нуля" in chat.text()
    await chat.say("10 000 000 млрд сум")
    assert "слишком много для одной партии" in chat.text()
    await chat.say("2000 бананов")
    assert "В какой валюте? Напишите сумму с одной из: KZT, UZS, USD, EUR, CNY, RUB" in chat.text()
    await chat.say("500 GBP")
    assert "Официального курса GBP к UZS пока нет" in chat.text()
    await chat.say("1,5 млн тенге")
    assert "Итого:" in chat.text()


async def test_nothing_she_types_for_the_estimate_is_kept(app: App):
    chat = await answer_kz_uz_apples(app)
    async with app.sessions() as session:
        searches = await session.scalar(select(func.count()).select_from(QueryLog))
    await chat.tap("est")
    await chat.say("bananas")  # no value: asked again, not searched for
    await chat.say("777 333 $")
    assert "Total:" in chat.text()
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(QueryLog)) == searches
        states = (await session.execute(select(Conversation.state))).scalars().all()
    assert all("777" not in json.dumps(s) for s in states)


def tradebot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_ask_with_a_value_adds_the_estimate_object(tmp_path: Path):
    for currency, rate in UZ_RATES.items():
        done = tradebot(tmp_path, "rates", "set", "UZ", currency, str(rate), "--date", "2026-12-01")
        assert done.returncode == 0, done.stderr
    args = ["ask", "--product", "apples", "--from", "KZ", "--to", "UZ", "--lang", "en"]
    done = tradebot(tmp_path, *args, "--value", "2000", "--currency", "USD", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)["estimate"]
    assert found["currency"] == "UZS"
    assert found["total"] == "3291000.00"
    assert found["rates_date"] == "2026-12-01"
    assert [(x["what"], x["rate"], x["amount"]) for x in found["lines"]] == [
        ("Duty", "0%", "0.00"),
        ("VAT", "12%", "2916000.00"),
        ("Import customs clearance in Uzbekistan", "1 BRV", "375000.00"),
    ]
    assert all(x["source"]["title"] for x in found["lines"])
    assert "transport and insurance" in found["excluded"]
    steps = {s["id"]: s for s in json.loads(done.stdout)["steps"]}
    clearance = steps["imp-clearance-uz"]["fee"]
    assert (clearance["unit"], clearance["money"], clearance["currency"]) == (
        "uz-brv",
        "375000",
        "UZS",
    )
    assert steps["exp-declaration-kz"]["fee"]["hours"] == 4
    assert steps["exp-st1-kz"]["fee"]["days"] == 2  # the chamber's page, no published price
    assert steps["exp-st1-kz"]["fee"]["amount"] is None

    done = tradebot(tmp_path, *args, "--value", "lots", "--currency", "USD", "--json")
    assert done.returncode == 2 and "I could not read a value" in done.stderr
    done = tradebot(tmp_path, *args, "--value", "-5", "--currency", "USD")
    assert done.returncode == 2 and "more than zero" in done.stderr
    done = tradebot(tmp_path, *args, "--value", "2000", "--currency", "XYZ")
    assert done.returncode == 2 and "XYZ" in done.stderr
    assert "Use one of: KZT, UZS, USD, EUR\n" in done.stderr  # those with a rate stored
