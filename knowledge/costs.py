"""What a flow costs on arrival and per step: duties, VAT, preferences, fees and times.

Pure look-ups over one knowledge version. Amounts stay `Decimal`; fees set in a unit of
account (MCI/MRP, calculation index, BRV) are turned into money with the unit's value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from knowledge.models import (
    Bloc,
    Commodity,
    Duty,
    Excise,
    Fee,
    ReducedVat,
    Requirement,
    Side,
    VatRate,
)

if TYPE_CHECKING:
    from knowledge.base import Knowledge

# ISO 4217 currency of each country the bot covers.
CURRENCIES = {
    "KZ": "KZT",
    "KG": "KGS",
    "TJ": "TJS",
    "TM": "TMT",
    "UZ": "UZS",
    "RU": "RUB",
    "CN": "CNY",
    "TR": "TRY",
    "AF": "AFN",
}
# Currencies traders quote prices in besides their own.
COMMON_CURRENCIES = ("USD", "EUR", "CNY", "RUB")


def currency_of(country: str) -> str | None:
    return CURRENCIES.get(country)


def route_currencies(origin: str, destination: str) -> list[str]:
    """The currencies of her route, her own first: what the bot offers when she names none."""
    found = [CURRENCIES.get(origin), CURRENCIES.get(destination), *COMMON_CURRENCIES]
    return list(dict.fromkeys(c for c in found if c))


def regime_of(knowledge: Knowledge, country: str) -> str:
    """The tariff a country applies on import: the EAEU's common tariff for its members."""
    return "EAEU" if knowledge.is_member(country, Bloc.EAEU) else country


class Preference(StrEnum):
    EAEU = "eaeu"  # inside the EAEU: no duty, VAT to the buyer's tax office
    CIS_ST1 = "cis_st1"  # CIS free trade with a valid ST-1: no duty
    NONE = "none"  # the full rate


def preference(knowledge: Knowledge, origin: str, destination: str) -> Preference:
    if knowledge.is_member(origin, Bloc.EAEU) and knowledge.is_member(destination, Bloc.EAEU):
        return Preference.EAEU
    if knowledge.is_member(origin, Bloc.CIS_FTA) and knowledge.is_member(destination, Bloc.CIS_FTA):
        return Preference.CIS_ST1
    return Preference.NONE


def duty_for(
    knowledge: Knowledge, commodity: Commodity, destination: str, on: dt.date | None = None
) -> Duty | None:
    """The most specific duty entry whose code covers the commodity's code (a subheading's
    entry does not answer for its whole heading). On a day after a temporary rate's last
    day, that rate no longer answers."""
    regime = regime_of(knowledge, destination)
    code = commodity.hs.replace(".", "")
    best: Duty | None = None
    for duty in knowledge.duties.values():
        if duty.regime != regime:
            continue
        if on is not None and duty.valid_until is not None and on > duty.valid_until:
            continue
        digits = duty.hs.replace(".", "")
        if code.startswith(digits) and (best is None or len(digits) > len(best.hs)):
            best = duty
    return best


def excise_for(knowledge: Knowledge, commodity: Commodity, destination: str) -> Excise | None:
    """The most specific excise entry of the destination whose code covers the commodity's."""
    code = commodity.hs.replace(".", "")
    best: Excise | None = None
    for excise in knowledge.excise.values():
        digits = excise.hs.replace(".", "")
        if excise.country != destination or not code.startswith(digits):
            continue
        if best is None or len(digits) > len(best.hs.replace(".", "")):
            best = excise
    return best


def vat_for(
    knowledge: Knowledge, commodity: Commodity, destination: str
) -> tuple[VatRate, ReducedVat | None] | None:
    vat = knowledge.vat.get(destination)
    if vat is None:
        return None
    code = commodity.hs.replace(".", "")
    for reduced in vat.reduced:
        by_code = any(code.startswith(p) for p in reduced.hs_prefixes)
        by_category = bool(set(reduced.categories) & set(commodity.categories))
        if by_code or by_category:
            return vat, reduced
    return vat, None


def step_country(step: Requirement, origin: str, destination: str) -> str:
    """Whose officials run the step: the exporter's, the importer's; a crossing, both."""
    return destination if step.side == Side.IMPORT else origin


def fee_for(knowledge: Knowledge, step: Requirement, origin: str, destination: str) -> Fee | None:
    fee = knowledge.fees.get(f"{step.id}@{step_country(step, origin, destination)}")
    if fee is None and step.side == Side.CROSSING:
        fee = knowledge.fees.get(f"{step.id}@{destination}")
    return fee


@dataclass(frozen=True, slots=True)
class Price:
    """An amount in money, with the unit it is set in when that is a unit of account."""

    amount: Decimal
    amount_max: Decimal | None
    currency: str
    units: Decimal | None = None  # the amount in the unit of account
    unit_id: str | None = None


def fee_price(knowledge: Knowledge, fee: Fee, goods_value: Decimal | None = None) -> Price | None:
    """The fee in money. A banded fee needs the goods' value in the band currency."""
    amount, amount_max = fee.amount, fee.amount_max
    if fee.bands:
        if goods_value is None:
            amount, amount_max = fee.bands[0].amount, fee.bands[-1].amount
        else:
            band = next((b for b in fee.bands if b.up_to is None or goods_value <= b.up_to), None)
            if band is None:
                return None
            amount, amount_max = band.amount, None
    if amount is None or fee.unit is None:
        return None
    if fee.unit == "%":
        return None  # a share of the customs value: the estimate computes it
    unit = knowledge.units.get(fee.unit)
    if unit is None:
        return Price(amount, amount_max, fee.unit)
    top = amount_max * unit.value if amount_max is not None else None
    return Price(amount * unit.value, top, unit.currency, amount, unit.id)


def cost_problems(knowledge: Knowledge) -> list[tuple[str, str, str]]:
    """References of the cost sections: sources, countries, requirements and units exist."""
    problems: list[tuple[str, str, str]] = []
    requirements = {r.id for r in knowledge.requirements}

    def need(ok: bool, section: str, key: str, path: str, what: str, ref: str) -> None:
        if not ok:
            origin = knowledge.origins.get((section, key), "?")
            problems.append((origin, f"{section} ({key}).{path}", f"unknown {what} '{ref}'"))

    for key, unit in knowledge.units.items():
        need(unit.source in knowledge.sources, "units", key, "source", "source", unit.source)
        need(unit.country in knowledge.countries, "units", key, "country", "country", unit.country)
    for key, fee in knowledge.fees.items():
        need(fee.source in knowledge.sources, "fees", key, "source", "source", fee.source)
        if fee.time_source is not None:
            need(
                fee.time_source in knowledge.sources,
                "fees",
                key,
                "time_source",
                "source",
                fee.time_source,
            )
        for field, source_id in (("source", fee.source), ("time_source", fee.time_source)):
            source = knowledge.sources.get(source_id or "")
            if source is not None and fee.country not in source.countries:
                origin = knowledge.origins.get(("fees", key), "?")
                problems.append(
                    (
                        origin,
                        f"fees ({key}).{field}",
                        f"source '{source_id}' does not cover {fee.country}",
                    )
                )
        need(
            fee.requirement in requirements,
            "fees",
            key,
            "requirement",
            "requirement",
            fee.requirement,
        )
        need(fee.country in knowledge.countries, "fees", key, "country", "country", fee.country)
        if fee.unit and fee.unit != "%" and not fee.unit.isupper():
            need(fee.unit in knowledge.units, "fees", key, "unit", "unit", fee.unit)
    for key, vat in knowledge.vat.items():
        need(vat.source in knowledge.sources, "vat", key, "source", "source", vat.source)
        need(vat.country in knowledge.countries, "vat", key, "country", "country", vat.country)
        for index, reduced in enumerate(vat.reduced):
            need(
                reduced.source in knowledge.sources,
                "vat",
                key,
                f"reduced[{index}].source",
                "source",
                reduced.source,
            )
    for key, duty in knowledge.duties.items():
        need(duty.source in knowledge.sources, "duties", key, "source", "source", duty.source)
    for key, excise in knowledge.excise.items():
        need(excise.source in knowledge.sources, "excise", key, "source", "source", excise.source)
    for key, allowance in knowledge.allowances.items():
        need(
            allowance.source in knowledge.sources,
            "allowances",
            key,
            "source",
            "source",
            allowance.source,
        )
    return problems


def fee_data(
    knowledge: Knowledge, step: Requirement, origin: str, destination: str
) -> dict[str, object] | None:
    """A step's official fee and time as plain data (`tradebot ask --json`), or None."""
    fee = fee_for(knowledge, step, origin, destination)
    if fee is None:
        return None
    price = fee_price(knowledge, fee)

    def text(value: Decimal | None) -> str | None:
        return None if value is None else f"{value.normalize():f}"

    return {
        "amount": text(fee.amount),
        "amount_max": text(fee.amount_max),
        "unit": fee.unit,
        "bands": [{"up_to": text(b.up_to), "amount": text(b.amount)} for b in fee.bands],
        "band_currency": fee.band_currency,
        "money": text(price.amount) if price else None,
        "money_max": text(price.amount_max) if price else None,
        "currency": price.currency if price else None,
        "days": fee.days,
        "days_max": fee.days_max,
        "hours": fee.hours,
        "source": fee.source,
        "time_source": fee.time_source_id if (fee.days, fee.hours) != (None, None) else None,
        "verified": fee.verified.isoformat(),
    }
