"""Official exchange rates: each bank's real format parsed, stored with its date, the last
good rates kept when a feed fails, /rates in chat; all against local fake feeds."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest

from bot.bootstrap import App, start_app
from bot.channels.console import ConsoleChannel
from bot.rates import PARSERS, FeedError, RatesStore, checked, refresh_rates
from bot.settings import Settings
from bot.worker import keep_rates
from knowledge.exchange import BankRates
from tests.dialogue import Dialogue
from tests.fake_banks import FakeBanks, sample

DAY = dt.date(2026, 12, 1)


@pytest.fixture
async def banks() -> AsyncIterator[FakeBanks]:
    fake = FakeBanks(day=DAY)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


async def app_for(url: str, banks: FakeBanks, translator) -> App:
    settings = Settings(database_url=url, _env_file=None, **banks.settings())
    return await start_app(settings, translator)


@pytest.fixture
async def rates_app(database_url: str, banks: FakeBanks, translator) -> AsyncIterator[App]:
    built = await app_for(database_url, banks, translator)
    try:
        yield built
    finally:
        await built.close()


# ---- each bank's format --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bank", "currency", "per_unit"),
    [
        ("KZ", "USD", Decimal("505.12")),
        ("KZ", "UZS", Decimal("0.0415")),  # 4.15 tenge for 100 sum
        ("KG", "KZT", Decimal("0.1731")),  # decimal comma
        ("TJ", "UZS", Decimal("0.000781")),  # 0.7810 somoni for 1000 sum
        ("UZ", "KGS", Decimal("138.90")),
        ("RU", "KZT", Decimal("0.1567")),  # windows-1251, 15,67 roubles for 100 tenge
        ("RU", "TRY", Decimal("1.876")),
    ],
)
def test_each_bank_is_read_in_its_own_format(bank, currency, per_unit):
    day, rates = PARSERS[bank](sample(bank, DAY))
    assert day == DAY
    assert rates[currency] == per_unit


@pytest.mark.parametrize("bank", sorted(PARSERS))
@pytest.mark.parametrize(
    "body", [b"", b"<html>Service unavailable</html>", b"[]", b'{"error": 1}', b"<rates/>"]
)
def test_a_garbled_answer_is_refused_not_read_as_rates(bank, body):
    with pytest.raises(FeedError):
        checked(bank, PARSERS[bank](body), DAY)


# ---- fetching and keeping --------------------------------------------------------------------


async def test_the_worker_fetches_every_bank_and_stores_the_rates_with_their_date(
    rates_app: App, banks: FakeBanks
):
    async with httpx.AsyncClient() as client:
        outcome = await refresh_rates(rates_app.settings, rates_app.rates, client, DAY)
    assert all(v.startswith("ok 2026-12-01") for v in outcome.values()), outcome
    assert set(outcome) == {"KZ", "KG", "TJ", "UZ", "RU"}
    book = await rates_app.rates.read()
    assert book.banks["KZ"].day == DAY and book.banks["KZ"].per_unit["USD"] == Decimal("505.12")
    assert book.banks["UZ"].per_unit["USD"] == Decimal("12150")
    kz = dict(banks.requests)["KZ"]
    assert kz == {"fdate": "01.12.2026"}
    assert dict(banks.requests)["TJ"] == {"date": "2026-12-01", "export": "xmlout"}


@pytest.mark.parametrize("mode", ["garbage", "error", "empty"])
async def test_a_failed_fetch_keeps_the_last_good_rates_and_their_date(
    rates_app: App, banks: FakeBanks, mode: str
):
    async with httpx.AsyncClient() as client:
        await refresh_rates(rates_app.settings, rates_app.rates, client, DAY)
        banks.day = DAY + dt.timedelta(days=1)
        banks.broken["KG"] = mode
        outcome = await refresh_rates(rates_app.settings, rates_app.rates, client, banks.day)
    assert outcome["KG"].startswith("failed")
    assert outcome["KZ"].startswith("ok 2026-12-02")
    book = await rates_app.rates.read()
    assert book.banks["KG"].day == DAY  # yesterday's, kept
    assert book.banks["KG"].per_unit["USD"] == Decimal("87.45")
    assert book.banks["KZ"].day == DAY + dt.timedelta(days=1)


async def test_a_bank_that_gave_todays_rates_is_not_asked_again(rates_app: App, banks):
    async with httpx.AsyncClient() as client:
        await refresh_rates(rates_app.settings, rates_app.rates, client, DAY)
        asked = len(banks.requests)
        outcome = await refresh_rates(rates_app.settings, rates_app.rates, client, DAY)
    assert set(outcome.values()) == {"kept"}
    assert len(banks.requests) == asked


async def test_rates_of_another_month_are_refused(rates_app: App, banks: FakeBanks):
    banks.day = DAY - dt.timedelta(days=60)
    async with httpx.AsyncClient() as client:
        outcome = await refresh_rates(rates_app.settings, rates_app.rates, client, DAY)
    assert all(outcome[b].startswith("failed") for b in ("KG", "UZ", "RU"))
    # Kazakhstan's and Tajikistan's feeds take the day asked for, and answer for that day.
    assert set((await rates_app.rates.read()).banks) == {"KZ", "TJ"}


async def test_the_worker_loop_fetches_the_rates(sqlite_url, banks: FakeBanks, translator):
    banks.day = dt.date.today()
    app = await app_for(sqlite_url, banks, translator)
    stop = asyncio.Event()
    task = asyncio.create_task(keep_rates(app, stop))
    try:
        for _ in range(100):
            if len((await app.rates.read()).banks) == 5:
                break
            await asyncio.sleep(0.05)
        assert len((await app.rates.read()).banks) == 5
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)
        await app.close()


def test_each_feed_address_is_configurable(monkeypatch):
    monkeypatch.setenv("RATES_KG_URL", "http://127.0.0.1:9/kg.xml")
    monkeypatch.setenv("RATES_RU_URL", "")
    monkeypatch.delenv("RATES_KZ_URL")  # tests/conftest.py turns every feed off
    settings = Settings(_env_file=None)
    assert settings.rates_kg_url == "http://127.0.0.1:9/kg.xml"
    assert settings.rates_ru_url == ""
    assert settings.rates_kz_url.startswith("https://nationalbank.kz/")


async def test_an_admin_sets_turkmenistans_rate(sqlite_app: App):
    await sqlite_app.rates.save(BankRates("TM", DAY, {"USD": Decimal("3.5")}, "admin"))
    book = await RatesStore(sqlite_app.sessions).read()
    assert book.banks["TM"].per_unit == {"USD": Decimal("3.5")}
    assert book.banks["TM"].source == "admin"
    quote = book.quote("USD", "TMT")
    assert (quote.rate, quote.day) == (Decimal("3.5"), DAY)


# ---- /rates in chat ----------------------------------------------------------------------------


async def test_rates_in_chat_show_the_route_currencies_with_the_banks_date(
    rates_app: App, banks: FakeBanks
):
    async with httpx.AsyncClient() as client:
        await refresh_rates(rates_app.settings, rates_app.rates, client, DAY)
    chat = Dialogue(ConsoleChannel(rates_app.engine, "trader", "en", out=None))  # type: ignore[arg-type]
    await chat.say("dried apricots")
    await chat.tap(chat.first_choice("c:0813"))
    await chat.tap("o:KG")
    await chat.tap("d:KZ")
    await chat.say("/rates")
    text = chat.text()
    assert "Kazakhstan (Dec 1, 2026): 1 KGS = 5.78 KZT" in text
    assert "Kazakhstan (Dec 1, 2026): 1 USD = 505.12 KZT" in text
    assert "Kyrgyzstan (Dec 1, 2026): 1 KZT = 0.1731 KGS" in text
    assert "These are the last rates received, of Dec 1, 2026." in text  # older than today


async def test_rates_before_any_fetch_say_so(sqlite_app: App):
    chat = Dialogue(ConsoleChannel(sqlite_app.engine, "trader", "ru", out=None))  # type: ignore[arg-type]
    await chat.say("/rates")
    assert "Официальных курсов пока нет" in chat.text()
