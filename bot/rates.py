"""Official exchange rates: fetched from the national banks' public feeds, stored with their
date, read back as a `RateBook`.

Each bank publishes in its own format, parsed here as it is served. A fetch that fails or
returns something that does not parse keeps the last good rates: the bot shows their date.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import storage_boundary
from bot.models import ExchangeRate, utcnow
from bot.settings import Settings
from knowledge.exchange import BANK_CURRENCIES, BankRates, RateBook

log = logging.getLogger(__name__)
Parsed = tuple[dt.date, dict[str, Decimal]]


class FeedError(ValueError):
    """The feed answered with something that is not a day's rates."""


# ---- the banks' formats ------------------------------------------------------------------


def number(text: str | None) -> Decimal:
    try:
        value = Decimal((text or "").strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation as error:
        raise FeedError(f"not a number: {text!r}") from error
    if not value.is_finite() or value <= 0:
        raise FeedError(f"not a rate: {text!r}")
    return value


def day_of(text: str | None) -> dt.date:
    text = (text or "").strip()
    for form in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise FeedError(f"not a date: {text!r}")


def xml_root(data: bytes) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise FeedError(f"not XML: {error}") from error


def parse_kz(data: bytes) -> Parsed:
    """National Bank of Kazakhstan, rss/get_rates.cfm: <rates><date>dd.mm.yyyy</date>
    <item><title>USD</title><description>470.5</description><quant>1</quant></item>..."""
    root = xml_root(data)
    rates = {
        item.findtext("title", "").strip(): number(item.findtext("description"))
        / number(item.findtext("quant") or "1")
        for item in root.iter("item")
    }
    return day_of(root.findtext("date") or root.findtext("channel/item/pubDate")), rates


def parse_kg(data: bytes) -> Parsed:
    """National Bank of the Kyrgyz Republic, XML/daily.xml: <CurrencyRates Date="dd.mm.yyyy">
    <Currency ISOCode="USD"><Nominal>1</Nominal><Value>87,4500</Value></Currency>..."""
    root = xml_root(data)
    rates = {
        cur.get("ISOCode", "").strip(): number(cur.findtext("Value"))
        / number(cur.findtext("Nominal") or "1")
        for cur in root.iter("Currency")
    }
    return day_of(root.get("Date")), rates


def parse_valcurs(data: bytes) -> Parsed:
    """Bank of Russia (XML_daily.asp, windows-1251) and National Bank of Tajikistan
    (export_xml.php): <ValCurs Date="..."><Valute><CharCode>USD</CharCode><Nominal>1</Nominal>
    <Value>78,2000</Value></Valute>..."""
    root = xml_root(data)
    rates = {
        v.findtext("CharCode", "").strip(): number(v.findtext("Value"))
        / number(v.findtext("Nominal") or "1")
        for v in root.iter("Valute")
    }
    return day_of(root.get("Date")), rates


def parse_uz(data: bytes) -> Parsed:
    """Central Bank of Uzbekistan, arkhiv-kursov-valyut/json/: [{"Ccy": "USD", "Nominal": "1",
    "Rate": "12050.33", "Date": "02.12.2026"}, ...]"""
    try:
        rows = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(f"not JSON: {error}") from error
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise FeedError("not a list of rates")
    rates = {
        str(r.get("Ccy", "")).strip(): number(str(r.get("Rate"))) / number(str(r.get("Nominal")))
        for r in rows
    }
    days = {day_of(str(r.get("Date"))) for r in rows}
    if len(days) != 1:
        raise FeedError("rates of several days in one answer")
    return days.pop(), rates


PARSERS: dict[str, Callable[[bytes], Parsed]] = {
    "KZ": parse_kz,
    "KG": parse_kg,
    "TJ": parse_valcurs,
    "UZ": parse_uz,
    "RU": parse_valcurs,
}


def feed_url(bank: str, base: str, today: dt.date) -> str:
    """The day's address: Kazakhstan and Tajikistan take the date as a query parameter."""
    join = "&" if "?" in base else "?"
    if bank == "KZ":
        return f"{base}{join}fdate={today:%d.%m.%Y}"
    if bank == "TJ":
        return f"{base}{join}date={today:%Y-%m-%d}&export=xmlout"
    return base


def feed_urls(settings: Settings) -> dict[str, str]:
    found = {
        "KZ": settings.rates_kz_url,
        "KG": settings.rates_kg_url,
        "TJ": settings.rates_tj_url,
        "UZ": settings.rates_uz_url,
        "RU": settings.rates_ru_url,
    }
    return {bank: url for bank, url in found.items() if url}


def checked(bank: str, parsed: Parsed, today: dt.date) -> BankRates:
    """Refuse a day's rates that cannot be right: empty, of the future, or a month old."""
    day, rates = parsed
    rates = {c: v for c, v in rates.items() if len(c) == 3 and c.isalpha() and c.isupper()}
    rates.pop(BANK_CURRENCIES[bank], None)
    if not rates:
        raise FeedError("no rates")
    if day > today + dt.timedelta(days=3) or day < today - dt.timedelta(days=31):
        raise FeedError(f"rates of {day} on {today}")
    return BankRates(bank, day, rates)


async def fetch_bank(client: httpx.AsyncClient, bank: str, base: str, today: dt.date) -> BankRates:
    response = await client.get(feed_url(bank, base, today))
    response.raise_for_status()
    return checked(bank, PARSERS[bank](response.content), today)


# ---- storage ------------------------------------------------------------------------------


class RatesStore:
    """The rates last stored, per bank; read through a short cache, since every turn asks."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], ttl_s: float = 60.0) -> None:
        self.sessions = sessions
        self.ttl_s = ttl_s
        self._book: RateBook | None = None
        self._read_at = 0.0

    @storage_boundary
    async def current(self) -> RateBook:
        if self._book is None or time.monotonic() - self._read_at > self.ttl_s:
            self._book = await self.read()
            self._read_at = time.monotonic()
        return self._book

    async def read(self) -> RateBook:
        async with self.sessions() as session:
            latest = (
                select(ExchangeRate.bank, func.max(ExchangeRate.day).label("day"))
                .group_by(ExchangeRate.bank)
                .subquery()
            )
            rows = (
                await session.execute(
                    select(ExchangeRate).join(
                        latest,
                        (ExchangeRate.bank == latest.c.bank) & (ExchangeRate.day == latest.c.day),
                    )
                )
            ).scalars()
            by_bank: dict[str, dict[str, Decimal]] = {}
            days: dict[str, tuple[dt.date, str]] = {}
            for row in rows:
                by_bank.setdefault(row.bank, {})[row.currency] = Decimal(row.rate)
                days[row.bank] = (row.day, row.source)
        return RateBook.of(
            BankRates(bank, days[bank][0], rates, days[bank][1]) for bank, rates in by_bank.items()
        )

    async def save(self, rates: BankRates) -> None:
        """One day's rates of one bank; saving the same day again replaces them."""
        async with self.sessions.begin() as session:
            existing = {
                row.currency: row
                for row in (
                    await session.execute(
                        select(ExchangeRate).where(
                            ExchangeRate.bank == rates.bank, ExchangeRate.day == rates.day
                        )
                    )
                ).scalars()
            }
            for currency, value in rates.per_unit.items():
                row = existing.get(currency)
                if row is None:
                    session.add(
                        ExchangeRate(
                            bank=rates.bank,
                            currency=currency,
                            day=rates.day,
                            rate=value,
                            source=rates.source,
                            fetched_at=utcnow(),
                        )
                    )
                else:
                    row.rate, row.source, row.fetched_at = value, rates.source, utcnow()
        self._book = None

    async def has_day(self, bank: str, day: dt.date) -> bool:
        async with self.sessions() as session:
            found = await session.scalar(
                select(func.count())
                .select_from(ExchangeRate)
                .where(ExchangeRate.bank == bank, ExchangeRate.day >= day)
            )
        return bool(found)


async def refresh_rates(
    settings: Settings,
    store: RatesStore,
    client: httpx.AsyncClient,
    today: dt.date,
    force: bool = False,
) -> dict[str, str]:
    """Fetch each configured bank that has no rates for today yet. Returns what happened per
    bank: 'ok', 'kept' (already had today's) or the error, for the log and the CLI."""
    outcome: dict[str, str] = {}
    for bank, base in feed_urls(settings).items():
        if not force and await store.has_day(bank, today):
            outcome[bank] = "kept"
            continue
        try:
            rates = await fetch_bank(client, bank, base, today)
        except (httpx.HTTPError, FeedError) as error:
            log.warning("rates of %s not updated: %s", bank, error)
            outcome[bank] = f"failed: {error}"
            continue
        await store.save(rates)
        outcome[bank] = f"ok {rates.day.isoformat()} ({len(rates.per_unit)} currencies)"
    return outcome
