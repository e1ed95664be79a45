"""'What will I pay?': duty, VAT and the published fees of one flow for a value of goods.

Pure: knowledge, the official rates and a value in, an `Estimate` out. Every amount is a
`Decimal` rounded to the cent of its currency; nothing here is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from knowledge.base import Knowledge
from knowledge.costs import (
    Preference,
    currency_of,
    duty_for,
    excise_for,
    fee_for,
    fee_price,
    preference,
    vat_for,
)
from knowledge.exchange import Quote, RateBook
from knowledge.models import Commodity, Requirement

CENT = Decimal("0.01")
EXCISE_CATEGORIES = {"alcohol", "tobacco", "fuel", "vehicle"}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Line:
    kind: str  # duty, excise, vat, fee
    rate: str  # as shown: '16%', '0-10%', '1 uz-brv', '0.2%'
    amount: Decimal  # in the estimate's currency
    amount_max: Decimal | None = None  # where a range of rates applies
    source: str = ""  # a source id
    step: Requirement | None = None  # the step a fee belongs to
    note: str = ""  # eaeu, cis_st1, reduced


@dataclass
class Estimate:
    currency: str  # the destination's currency: where duty and VAT are paid
    her_currency: str
    value: Decimal  # as she typed it
    customs_value: Decimal  # in `currency`
    lines: list[Line] = field(default_factory=list)
    total: Decimal = Decimal(0)
    total_max: Decimal | None = None
    total_her: Decimal = Decimal(0)
    total_her_max: Decimal | None = None
    quote: Quote | None = None  # her currency -> destination's
    excluded: list[str] = field(default_factory=list)  # message ids
    unpublished: list[Requirement] = field(default_factory=list)  # steps whose fee is unknown
    preference: Preference = Preference.NONE

    @property
    def rates_date(self) -> dt.date | None:
        return self.quote.day if self.quote else None


def percent(rate: Decimal) -> str:
    return f"{rate.normalize():f}%"


def preferred_banks(origin: str, destination: str) -> tuple[str, ...]:
    return (destination, origin, "RU", "KZ")


def estimate(
    knowledge: Knowledge,
    commodity: Commodity,
    origin: str,
    destination: str,
    value: Decimal,
    her_currency: str,
    rates: RateBook,
    on: dt.date | None = None,
) -> Estimate | None:
    """None when no official rate links her currency to the destination's. `on` is the day
    the estimate is for: a temporary duty rate past its last day is not used."""
    currency = currency_of(destination)
    if currency is None:
        return None
    banks = preferred_banks(origin, destination)
    quote = rates.quote(her_currency, currency, banks)
    if quote is None:
        return None
    customs_value = value * quote.rate
    result = Estimate(currency, her_currency, value, cents(customs_value), quote=quote)
    result.preference = preference(knowledge, origin, destination)
    duty_line = duty_of(knowledge, commodity, destination, customs_value, result, on)
    if duty_line is not None:
        result.lines.append(duty_line)
    excise_line = excise_of(knowledge, commodity, destination, customs_value, result)
    if excise_line is not None:
        result.lines.append(excise_line)
    vat_line = vat_of(
        knowledge, commodity, destination, customs_value, duty_line, result, excise_line
    )
    if vat_line is not None:
        result.lines.append(vat_line)
    for step in knowledge.steps_for(commodity, origin, destination):
        add_fee(knowledge, step, origin, destination, customs_value, value, rates, result)
    if excise_line is None and set(commodity.categories) & EXCISE_CATEGORIES:
        result.excluded.append("est-excluded-excise")
    result.excluded += ["est-excluded-transport", "est-excluded-services"]
    totals(result, rates, banks)
    return result


def duty_of(
    knowledge: Knowledge,
    commodity: Commodity,
    destination: str,
    customs_value: Decimal,
    result: Estimate,
    on: dt.date | None = None,
) -> Line | None:
    duty = duty_for(knowledge, commodity, destination, on)
    if result.preference == Preference.EAEU:
        source = "eaeu-treaty"
        return Line("duty", "0%", Decimal("0.00"), source=source, note="eaeu")
    if result.preference == Preference.CIS_ST1:
        return Line("duty", "0%", Decimal("0.00"), source="cis-fta-treaty", note="cis_st1")
    if duty is None:
        result.excluded.append("est-excluded-duty")
        return None
    if duty.rate is None:  # set per kg only: without the weight there is no amount
        result.excluded.append("est-excluded-per-kg")
        return None
    if duty.specific is not None:
        result.excluded.append("est-excluded-specific")
    low = cents(customs_value * duty.rate / 100)
    if duty.rate_max is not None and duty.rate_max != duty.rate:
        high = cents(customs_value * duty.rate_max / 100)
        rate = f"{duty.rate.normalize():f}-{percent(duty.rate_max)}"
        return Line("duty", rate, low, high, duty.source, note="range")
    return Line("duty", percent(duty.rate), low, source=duty.source)


def excise_of(
    knowledge: Knowledge,
    commodity: Commodity,
    destination: str,
    customs_value: Decimal,
    result: Estimate,
) -> Line | None:
    """The ad valorem part of the excise, on the customs value as the source sets it; a
    per-unit minimum is left out and said so."""
    excise = excise_for(knowledge, commodity, destination)
    if excise is None:
        return None
    if excise.minimum is not None:
        result.excluded.append("est-excluded-excise-minimum")
    amount = cents(customs_value * excise.rate / 100)
    return Line("excise", percent(excise.rate), amount, source=excise.source)


def vat_of(
    knowledge: Knowledge,
    commodity: Commodity,
    destination: str,
    customs_value: Decimal,
    duty: Line | None,
    result: Estimate,
    excise: Line | None = None,
) -> Line | None:
    found = vat_for(knowledge, commodity, destination)
    if found is None:
        result.excluded.append("est-excluded-vat")
        return None
    vat, reduced = found
    rate = reduced.rate if reduced else vat.standard
    top = reduced.rate_max if reduced and reduced.rate_max is not None else rate
    source = reduced.source if reduced else vat.source
    note = "eaeu" if result.preference == Preference.EAEU else ("reduced" if reduced else "")
    excise_amount = excise.amount if excise else 0  # VAT is charged on the excise too
    low_base = customs_value + (duty.amount if duty else 0) + excise_amount
    high_base = (
        customs_value
        + (duty.amount_max if duty and duty.amount_max is not None else duty.amount if duty else 0)
        + excise_amount
    )
    amount = cents(low_base * rate / 100)
    amount_max = cents(high_base * top / 100)
    shown = percent(rate) if top == rate else f"{rate.normalize():f}-{percent(top)}"
    return Line(
        "vat", shown, amount, amount_max if amount_max != amount else None, source, note=note
    )


def add_fee(
    knowledge: Knowledge,
    step: Requirement,
    origin: str,
    destination: str,
    customs_value: Decimal,
    value: Decimal,
    rates: RateBook,
    result: Estimate,
) -> None:
    fee = fee_for(knowledge, step, origin, destination)
    if fee is None or (fee.amount is None and not fee.bands):
        agency = knowledge.agencies.get(step.agency or "")
        if agency is not None and agency.kind != "portal":  # an office whose fee is unknown
            result.unpublished.append(step)
        return
    if fee.unit == "%":
        amount = cents(customs_value * (fee.amount or 0) / 100)
        result.lines.append(
            Line("fee", percent(fee.amount or Decimal(0)), amount, None, fee.source, step)
        )
        return
    banks = preferred_banks(origin, destination)
    goods = None
    if fee.bands and fee.band_currency:
        band_quote = rates.quote(result.her_currency, fee.band_currency, banks)
        if band_quote is None:
            result.unpublished.append(step)
            return
        goods = value * band_quote.rate
    price = fee_price(knowledge, fee, goods)
    if price is None:
        result.unpublished.append(step)
        return
    to_dest = rates.quote(price.currency, result.currency, banks)
    if to_dest is None:
        result.unpublished.append(step)
        return
    amount = cents(price.amount * to_dest.rate)
    top = cents(price.amount_max * to_dest.rate) if price.amount_max is not None else None
    shown = (
        f"{price.units.normalize():f} {price.unit_id}"
        if price.units is not None
        else f"{price.amount.normalize():f} {price.currency}"
    )
    result.lines.append(Line("fee", shown, amount, top, fee.source, step))


def totals(result: Estimate, rates: RateBook, banks: tuple[str, ...]) -> None:
    result.total = sum((line.amount for line in result.lines), Decimal("0.00"))
    if any(line.amount_max is not None for line in result.lines):
        result.total_max = sum(
            (line.amount_max if line.amount_max is not None else line.amount)
            for line in result.lines
        ) + Decimal("0.00")
    back = rates.quote(result.currency, result.her_currency, banks)
    if back is not None:
        result.total_her = cents(result.total * back.rate)
        if result.total_max is not None:
            result.total_her_max = cents(result.total_max * back.rate)
