"""Market prices as traders see them: the latest per market, dated, converted where a rate
is known, marked old after 14 days and left out after 60."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from knowledge.costs import CURRENCIES as CURRENCY_OF
from knowledge.exchange import RateBook

FRESH_DAYS = 14  # older prices are marked old
SHOWN_DAYS = 60  # older prices are not shown
CYRILLIC_LANGS = frozenset({"kk", "ky", "tg", "ru"})
UNITS = ("kg", "t", "piece", "box", "bag", "litre")
# The currency a trader from each country counts in; prices may also be quoted in these.
CURRENCIES = (*CURRENCY_OF.values(), "USD", "EUR")


class Rates(Protocol):
    """Official exchange rates: `amount` in `currency` as `to` on `day`, None when no rate
    for that day is known (then nothing is converted)."""

    def convert(self, amount: Decimal, currency: str, to: str, day: dt.date) -> Decimal | None: ...


class NoRates:
    def convert(self, amount: Decimal, currency: str, to: str, day: dt.date) -> Decimal | None:
        return amount if currency == to else None


@dataclass(frozen=True, slots=True)
class BookRates:
    """The national banks' official rates as last stored (issue 15's rate book): through
    the first bank that quotes both currencies; None when none does."""

    book: RateBook

    def convert(self, amount: Decimal, currency: str, to: str, day: dt.date) -> Decimal | None:
        quote = self.book.quote(currency, to)
        return None if quote is None else amount * quote.rate


@dataclass(frozen=True, slots=True)
class MarketInfo:
    id: str
    name_latin: str
    name_cyrillic: str
    country: str
    city: str
    city_cyrillic: str = ""

    def name(self, lang: str) -> str:
        return self.name_cyrillic if lang in CYRILLIC_LANGS else self.name_latin

    def city_name(self, lang: str) -> str:
        return self.city_cyrillic if lang in CYRILLIC_LANGS and self.city_cyrillic else self.city


@dataclass(frozen=True, slots=True)
class PriceLine:
    market: str
    hs: str
    unit: str
    currency: str
    price: Decimal
    day: dt.date


@dataclass(frozen=True, slots=True)
class PriceBoard:
    markets: dict[str, MarketInfo] = field(default_factory=dict)
    latest: dict[str, tuple[PriceLine, ...]] = field(default_factory=dict)  # by hs
    rates: Rates = field(default_factory=NoRates)

    def for_product(self, hs: str, today: dt.date) -> list[PriceLine]:
        """The latest price per market, at most SHOWN_DAYS old, newest first."""
        oldest = today - dt.timedelta(days=SHOWN_DAYS)
        return [p for p in self.latest.get(hs, ()) if p.day >= oldest]


def is_old(line: PriceLine, today: dt.date) -> bool:
    return (today - line.day).days > FRESH_DAYS


def rounded(amount: Decimal) -> Decimal:
    step = Decimal("1") if amount >= 100 else Decimal("0.01")
    return amount.quantize(step, rounding=ROUND_HALF_UP)
