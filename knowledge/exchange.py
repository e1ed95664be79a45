"""Official exchange rates as plain data: which bank said what, on which day.

`bot/rates.py` fetches and stores them; this module only converts, so the estimate and its
tests need no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

# The national banks whose rates the worker keeps, and each one's currency.
BANK_CURRENCIES = {"KZ": "KZT", "KG": "KGS", "TJ": "TJS", "UZ": "UZS", "RU": "RUB", "TM": "TMT"}


@dataclass(frozen=True, slots=True)
class BankRates:
    bank: str  # country code of the national bank
    day: dt.date  # the date the bank set these rates for
    per_unit: Mapping[str, Decimal]  # currency -> the bank's currency for one unit
    source: str = "feed"  # feed, or admin where an admin set them

    @property
    def base(self) -> str:
        return BANK_CURRENCIES[self.bank]

    def value_of(self, currency: str) -> Decimal | None:
        return Decimal(1) if currency == self.base else self.per_unit.get(currency)


@dataclass(frozen=True, slots=True)
class Quote:
    rate: Decimal  # units of the target currency for one unit of the source currency
    bank: str | None  # None when the currencies are the same
    day: dt.date | None


@dataclass(frozen=True, slots=True)
class RateBook:
    banks: Mapping[str, BankRates] = field(default_factory=dict)

    @classmethod
    def of(cls, banks: Iterable[BankRates]) -> RateBook:
        return cls({b.bank: b for b in banks})

    def quote(self, source: str, target: str, prefer: Iterable[str] = ()) -> Quote | None:
        """Through the first bank (preferred ones first) that quotes both currencies."""
        if source == target:
            return Quote(Decimal(1), None, None)
        for code in dict.fromkeys([*prefer, *sorted(self.banks)]):
            bank = self.banks.get(code)
            if bank is None:
                continue
            one, other = bank.value_of(source), bank.value_of(target)
            if one and other:
                return Quote(one / other, code, bank.day)
        return None

    def currencies(self) -> set[str]:
        found = {b.base for b in self.banks.values()}
        for bank in self.banks.values():
            found |= set(bank.per_unit)
        return found
