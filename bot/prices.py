"""Publishing market prices: one checked form for chat, CSV files and the CLI, and the
notices to traders following a product when a new price moves by more than the set share."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.whatsapp_identity import is_bsuid
from bot.models import Market, Price, PriceFollow, PriceReporter, User
from bot.outbox import enqueue
from handlers.context import Translator
from handlers.events import Reply, UserRef
from handlers.price_view import amount
from handlers.prices import CURRENCIES, UNITS
from knowledge.base import Knowledge

COLUMNS = ("market", "hs", "unit", "currency", "price", "date")
MAX_PRICE = Decimal("1000000000")
MAX_ROWS = 2000
DEFAULT_ALERT_SHARE = 0.10  # a new price this much above or below the one before is news


@dataclass(frozen=True, slots=True)
class PriceEntry:
    market: str
    hs: str
    unit: str
    currency: str
    price: Decimal
    day: dt.date


class PriceProblem(ValueError):
    """What is wrong with one row: `code` names the column, `value` what was given."""

    def __init__(self, line: int, code: str, value: str) -> None:
        super().__init__(f"line {line}: {code} {value!r}")
        self.line, self.code, self.value = line, code, value


def market_ids(markets: Iterable[Market]) -> dict[str, str]:
    """Every way to name a market (id, Latin or Cyrillic name, any case) -> its id."""
    names: dict[str, str] = {}
    for m in markets:
        for name in (m.id, m.name_latin, m.name_cyrillic):
            names[name.casefold()] = m.id
    return names


def check_row(
    fields: Sequence[str],
    line: int,
    markets: dict[str, str],
    knowledge: Knowledge,
    today: dt.date,
) -> PriceEntry:
    """A row as (market, hs, unit, currency, price[, date]); the date defaults to today."""
    if len(fields) not in (5, 6):
        raise PriceProblem(line, "columns", ",".join(fields)[:60])
    market, hs, unit, currency, price = (f.strip() for f in fields[:5])
    day_text = fields[5].strip() if len(fields) == 6 and fields[5].strip() else ""
    if market.casefold() not in markets:
        raise PriceProblem(line, "market", market)
    if hs not in knowledge.commodities:
        raise PriceProblem(line, "hs", hs)
    if unit.lower() not in UNITS:
        raise PriceProblem(line, "unit", unit)
    if currency.upper() not in CURRENCIES:
        raise PriceProblem(line, "currency", currency)
    try:
        value = Decimal(price.replace(",", "."))
    except InvalidOperation:
        raise PriceProblem(line, "price", price) from None
    if not value.is_finite() or not 0 < value < MAX_PRICE:
        raise PriceProblem(line, "price", price)
    try:
        day = dt.date.fromisoformat(day_text) if day_text else today
    except ValueError:
        raise PriceProblem(line, "date", day_text) from None
    if day > today or day < today - dt.timedelta(days=366):
        raise PriceProblem(line, "date", day_text)
    return PriceEntry(
        markets[market.casefold()],
        hs,
        unit.lower(),
        currency.upper(),
        value.quantize(Decimal("0.01")),
        day,
    )


def csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of a CSV with the header market,hs,unit,currency,price,date."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = [(number, row) for number, row in enumerate(reader, start=1) if any(row)]
    if not rows or [c.strip().lower() for c in rows[0][1]] != list(COLUMNS):
        raise PriceProblem(1, "columns", ",".join(rows[0][1])[:60] if rows else "")
    if len(rows) > MAX_ROWS + 1:
        raise PriceProblem(MAX_ROWS + 2, "columns", f"> {MAX_ROWS}")
    return rows[1:]


async def check_entries(
    session: AsyncSession,
    rows: Sequence[tuple[int, Sequence[str]]],
    knowledge: Knowledge,
    today: dt.date,
) -> tuple[list[PriceEntry], list[PriceProblem]]:
    markets = market_ids((await session.scalars(select(Market))).all())
    entries, problems = [], []
    for line, fields in rows:
        try:
            entries.append(check_row(fields, line, markets, knowledge, today))
        except PriceProblem as problem:
            problems.append(problem)
    return entries, problems


def change_share(old: Decimal, new: Decimal) -> float:
    return float((new - old) / old) if old else 0.0


async def publish(
    session: AsyncSession,
    entries: Sequence[PriceEntry],
    reporter: str,
    knowledge: Knowledge,
    t: Translator,
    share: float = DEFAULT_ALERT_SHARE,
) -> int:
    """Store the prices (all in the caller's transaction); queue a notice to each trader
    following the product when a price differs from the market's one before by more than
    `share`. Returns the number of notices queued."""
    alerts = 0
    markets = {m.id: m for m in (await session.scalars(select(Market))).all()}
    for entry in entries:
        before = await session.scalar(
            select(Price.price)
            .where(
                Price.market == entry.market,
                Price.hs == entry.hs,
                Price.unit == entry.unit,
                Price.currency == entry.currency,
                Price.price_date <= entry.day,
            )
            .order_by(Price.price_date.desc(), Price.id.desc())
            .limit(1)
        )
        session.add(
            Price(
                market=entry.market,
                hs=entry.hs,
                unit=entry.unit,
                currency=entry.currency,
                price=entry.price,
                price_date=entry.day,
                reporter=reporter,
            )
        )
        if before is None or abs(change_share(Decimal(before), entry.price)) <= share:
            continue
        alerts += await alert_followers(
            session, entry, change_share(Decimal(before), entry.price), markets, knowledge, t
        )
    await session.flush()
    return alerts


async def alert_followers(
    session: AsyncSession,
    entry: PriceEntry,
    change: float,
    markets: dict[str, Market],
    knowledge: Knowledge,
    t: Translator,
) -> int:
    rows = await session.execute(
        select(User.channel, User.platform_id, User.language)
        .join(PriceFollow, PriceFollow.user_id == User.id)
        .where(PriceFollow.hs == entry.hs, User.active.is_(True))
    )
    count = 0
    commodity = knowledge.commodities[entry.hs]
    market = markets[entry.market]
    for channel, platform_id, language in rows.all():
        lang = language or "en"
        text = t(
            lang,
            "price-alert",
            product=commodity.names.get(lang),
            market=market.name_cyrillic if lang in ("kk", "ky", "tg", "ru") else market.name_latin,
            price=amount(entry.price, lang),
            currency=entry.currency,
            unit=t(lang, f"price-unit-{entry.unit}"),
            date=format_date(entry.day, format="medium", locale=lang),
            change=f"{round(change * 100):+d}",
        )
        enqueue(session, UserRef(channel, platform_id), "notice", [Reply(text)])
        count += 1
    return count


def reporter_key(text: str) -> str | None:
    """'telegram:123', 'whatsapp:996555123456', 'whatsapp:KG.1502576394655843' (a BSUID) or
    a phone '+996 555 123 456' (WhatsApp)."""
    value = text.strip()
    channel, _, ident = value.partition(":")
    if ident and channel in ("telegram", "whatsapp", "console") and ident.lstrip("-").isdigit():
        return f"{channel}:{ident}"
    if channel == "whatsapp" and is_bsuid(ident):  # a WhatsApp user without a phone number
        return f"{channel}:{ident}"
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.startswith("+") and ":" not in value and 8 <= len(digits) <= 15:
        return f"whatsapp:{digits}"
    return None


async def is_reporter(session: AsyncSession, user: UserRef) -> bool:
    """Appointed by either of her ids (a WhatsApp phone number or BSUID)."""
    from bot.admin import names_of

    found = await session.scalar(
        select(PriceReporter.key).where(PriceReporter.key.in_(names_of(user))).limit(1)
    )
    return found is not None
