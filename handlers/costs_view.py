"""Costs in the conversation: VAT and duty on the import side, a step's fee and time, the
'What will I pay?' estimate and /rates. Nothing the trader types here is stored."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from handlers.context import Context
from handlers.events import Choice, Reply
from handlers.formats import format_day
from handlers.state import State, Step, lang_of
from handlers.turns import Turn
from knowledge.amounts import Problem, parse_value
from knowledge.costs import (
    Preference,
    currency_of,
    duty_for,
    excise_for,
    fee_for,
    fee_price,
    preference,
    regime_of,
    route_currencies,
    vat_for,
)
from knowledge.estimate import Estimate, estimate, percent
from knowledge.exchange import RateBook
from knowledge.models import Allowance, Commodity, Fee, Requirement, Source, localized

EXAMPLES = {"KZ": "1,5 млн тенге", "KG": "150 000 сом", "UZ": "2 млн сум", "TJ": "20 000 сомони"}


def money(amount: Decimal, currency: str, lang: str) -> str:
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    return f"{format_decimal(amount, format=pattern, locale=lang)} {currency}"


def rate_text(rate: Decimal, lang: str) -> str:
    """An exchange rate with four significant digits after its leading zeros."""
    pattern = "#,##0.####" if rate >= 1 else "0." + "0" * max(0, -rate.adjusted() - 1) + "####"
    return format_decimal(rate, format=pattern, locale=lang)


def short_source(source: Source | None, lang: str = "en") -> str:
    """A source's title in her language up to its first ' - ': the act or page, without the
    summary."""
    return localized(source.title, lang).split(" - ")[0] if source else ""


# ---- the import side of an answer -------------------------------------------------------


def import_lines(ctx: Context, lang: str, commodity: Commodity, state: State) -> list[str]:
    """VAT and duty for her goods on her route, each with its source."""
    knowledge = ctx.knowledge
    origin, destination = state.origin or "", state.destination or ""
    lines = []
    found = vat_for(knowledge, commodity, destination)
    if found is None:
        lines.append(ctx.t(lang, "costs-vat-unknown"))
    else:
        vat, reduced = found
        rate = percent(reduced.rate) if reduced else percent(vat.standard)
        if reduced and reduced.rate_max is not None:
            rate = f"{reduced.rate.normalize():f}–{percent(reduced.rate_max)}"
        source = knowledge.sources.get(reduced.source if reduced else vat.source)
        lines.append(ctx.t(lang, "costs-vat", rate=rate, source=short_source(source, lang)))
    lines.append(duty_line(ctx, lang, commodity, origin, destination))
    excise = excise_for(knowledge, commodity, destination)
    if excise is not None:
        source = short_source(knowledge.sources.get(excise.source), lang)
        rate = percent(excise.rate)
        if excise.minimum is not None:
            rate = ctx.t(lang, "costs-excise-minimum", rate=rate, minimum=excise.minimum.get(lang))
        lines.append(ctx.t(lang, "costs-excise", rate=rate, source=source))
    return lines


def duty_line(ctx: Context, lang: str, commodity: Commodity, origin: str, dest: str) -> str:
    knowledge = ctx.knowledge
    pref = preference(knowledge, origin, dest)
    if pref == Preference.EAEU:
        return ctx.t(lang, "costs-duty-eaeu")
    duty = duty_for(knowledge, commodity, dest, ctx.today)
    rate = None
    if duty is not None and duty.rate is None and duty.specific is not None:
        rate = duty.specific.get(lang)  # per kg only: the amount as the source states it
    elif duty is not None and duty.rate is not None:
        rate = percent(duty.rate)
        if duty.rate_max is not None and duty.rate_max != duty.rate:
            rate = f"{duty.rate.normalize():f}–{percent(duty.rate_max)}"
    if pref == Preference.CIS_ST1:
        return ctx.t(lang, "costs-duty-cis", rate=rate or ctx.t(lang, "costs-full-rate"))
    if duty is None or rate is None:
        return ctx.t(lang, "costs-duty-unknown")
    source = short_source(knowledge.sources.get(duty.source), lang)
    key = "costs-duty-rate" if duty.rate_max in (None, duty.rate) else "costs-duty-range"
    return ctx.t(lang, key, rate=rate, source=source)


# ---- a step's fee and time ----------------------------------------------------------------


def figure_lines(
    ctx: Context, lang: str, step: Requirement, state: State, contact: str
) -> list[str]:
    """Cost and time from the fee table, else the step's own text; what stays unknown is said
    once, in one line naming whom to ask."""
    knowledge = ctx.knowledge
    fee = fee_for(knowledge, step, state.origin or "", state.destination or "")
    cost = fee_cost(ctx, lang, fee) if fee else None
    time = fee_time(ctx, lang, fee) if fee else None
    source = short_source(knowledge.sources.get(fee.source), lang) if fee else ""
    time_source = short_source(knowledge.sources.get(fee.time_source_id), lang) if fee else ""
    lines = []
    if cost:
        lines.append(ctx.t(lang, "detail-fee", cost=cost, source=source))
    elif step.cost:
        lines.append(ctx.t(lang, "detail-cost", cost=step.cost.get(lang)))
    if time:
        lines.append(ctx.t(lang, "detail-fee-time", time=time, source=time_source))
        if fee is not None and fee.note is not None:
            lines.append(fee.note.get(lang))
    elif step.time:
        lines.append(ctx.t(lang, "detail-time", time=step.time.get(lang)))
    has_cost, has_time = bool(cost or step.cost), bool(time or step.time)
    if not has_cost and not has_time:
        lines.append(ctx.t(lang, "detail-unpublished-both", contact=contact))
    elif not has_cost:
        lines.append(ctx.t(lang, "detail-unpublished-cost", contact=contact))
    elif not has_time:
        lines.append(ctx.t(lang, "detail-unpublished-time", contact=contact))
    return lines


def fee_cost(ctx: Context, lang: str, fee: Fee) -> str | None:
    knowledge = ctx.knowledge
    if fee.amount is None and not fee.bands:
        return None
    if fee.unit == "%":
        return ctx.t(lang, "costs-percent-of-value", rate=percent(fee.amount or Decimal(0)))
    if fee.amount == 0 and fee.amount_max is None:
        return ctx.t(lang, "costs-free")
    price = fee_price(knowledge, fee)
    if price is None:
        return None
    shown = money(price.amount, price.currency, lang)
    if price.amount_max is not None and price.amount_max != price.amount:
        shown = f"{shown} – {money(price.amount_max, price.currency, lang)}"
    unit = knowledge.units.get(price.unit_id or "")
    if unit is not None and price.units is not None:
        units = f"{price.units.normalize():f}"
        if fee.bands:
            units = f"{fee.bands[0].amount.normalize():f}–{fee.bands[-1].amount.normalize():f}"
        name = unit.name.get(lang).split(" (")[0]
        shown += f" ({units} {name} × {money(unit.value, unit.currency, lang)})"
    if fee.per is not None:
        shown += f" {fee.per.get(lang)}"
    return shown


def fee_time(ctx: Context, lang: str, fee: Fee) -> str | None:
    if fee.hours is not None and fee.days is None:
        return ctx.t(lang, "costs-hours", hours=fee.hours)
    if fee.days is None:
        return None
    if fee.days_max is not None and fee.days_max != fee.days:
        return ctx.t(lang, "costs-days-range", low=fee.days, high=fee.days_max)
    return ctx.t(lang, "costs-days", days=fee.days)


# ---- 'What will I pay?' --------------------------------------------------------------------


def example(state: State) -> str:
    return EXAMPLES.get(state.origin or "", "2000 $")


def choose_estimate(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    if not (state.hs in ctx.knowledge.commodities and state.origin and state.destination):
        return False
    state.go(Step.ESTIMATE)
    return True


def show_estimate_prompt(ctx: Context, lang: str, state: State) -> list[Reply]:
    return [Reply(ctx.t(lang, "est-ask", example=example(state)))]


def text_estimate(state: State, text: str, ctx: Context, out: Turn) -> None:
    """A value read: the estimate, then back to the answer. Anything else: say why, ask
    again. Neither the value nor the estimate is kept."""
    lang = lang_of(state)
    commodity = ctx.knowledge.commodities.get(state.hs or "")
    if commodity is None or not state.origin or not state.destination:
        state.go_back()
        return
    text_out, done = estimate_reply(ctx, lang, commodity, state, text)
    out.replies.append(Reply(text_out))
    if done:
        state.go_back()
        out.brief = True
    else:
        # What was wrong, in place of the question, with the question's buttons.
        out.attach = True


def estimate_reply(
    ctx: Context, lang: str, commodity: Commodity, state: State, text: str
) -> tuple[str, bool]:
    origin, destination = state.origin or "", state.destination or ""
    parsed = parse_value(text)
    offered = route_currencies(origin, destination)
    if parsed.problem == Problem.UNREADABLE:
        return ctx.t(lang, "est-unreadable", example=example(state)), False
    if parsed.problem == Problem.NOT_POSITIVE:
        return ctx.t(lang, "est-not-positive", example=example(state)), False
    if parsed.problem == Problem.ABSURD:
        return ctx.t(lang, "est-absurd"), False
    if parsed.problem is not None or parsed.currency is None or parsed.amount is None:
        return currency_question(ctx, lang, state, offered), False
    rates = ctx.rates or RateBook()
    result = estimate(
        ctx.knowledge,
        commodity,
        origin,
        destination,
        parsed.amount,
        parsed.currency,
        rates,
        on=ctx.today,
    )
    if result is None:
        usable = [c for c in offered if c in rates.currencies()] or offered
        return (
            ctx.t(
                lang,
                "est-no-rates",
                currency=parsed.currency,
                target=currency_of(destination) or "",
                currencies=", ".join(usable),
            ),
            False,
        )
    return estimate_text(ctx, lang, commodity, state, result), True


def currency_question(ctx: Context, lang: str, state: State, offered: list[str]) -> str:
    return ctx.t(lang, "est-currency", currencies=", ".join(offered), example=example(state))


def line_label(ctx: Context, lang: str, kind: str, rate: str, amount: str, what: str) -> str:
    if kind == "duty":
        return ctx.t(lang, "est-line-duty", rate=rate, amount=amount)
    if kind == "vat":
        return ctx.t(lang, "est-line-vat", rate=rate, amount=amount)
    if kind == "excise":
        return ctx.t(lang, "est-line-excise", rate=rate, amount=amount)
    return ctx.t(lang, "est-line-fee", what=what, rate=rate, amount=amount)


def shown_rate(ctx: Context, lang: str, rate: str) -> str:
    """'1.5 uz-brv' -> '1.5 BRV': a unit id shown by the unit's short name."""
    number, _, unit_id = rate.partition(" ")
    unit = ctx.knowledge.units.get(unit_id)
    return f"{number} {unit.name.get(lang).split(' (')[0]}" if unit else rate


def estimate_text(
    ctx: Context, lang: str, commodity: Commodity, state: State, result: Estimate
) -> str:
    knowledge = ctx.knowledge
    cur = result.currency

    def amount(low: Decimal, high: Decimal | None, currency: str = cur) -> str:
        if high is None or high == low:
            return money(low, currency, lang)
        return f"{money(low, currency, lang)} – {money(high, currency, lang)}"

    lines = [
        ctx.t(
            lang,
            "est-header",
            product=commodity.names.get(lang),
            origin=knowledge.country_name(state.origin or "", lang),
            destination=knowledge.country_name(state.destination or "", lang),
        )
    ]
    quote = result.quote
    if quote is not None and quote.bank is not None and quote.day is not None:
        lines.append(
            ctx.t(
                lang,
                "est-value",
                value=money(result.value, result.her_currency, lang),
                customs=money(result.customs_value, cur, lang),
                bank=knowledge.country_name(quote.bank, lang),
                date=format_day(quote.day, lang),
                rate=rate_text(quote.rate, lang),
                **{"from": result.her_currency},
                to=cur,
            )
        )
    for line in result.lines:
        what = line.step.title.get(lang) if line.step else ""
        rate = shown_rate(ctx, lang, line.rate)
        lines.append(
            "• "
            + line_label(ctx, lang, line.kind, rate, amount(line.amount, line.amount_max), what)
        )
    total_her = amount(result.total_her, result.total_her_max, result.her_currency)
    lines.append(
        ctx.t(lang, "est-total", total=amount(result.total, result.total_max), total_her=total_her)
    )
    if result.preference == Preference.EAEU:
        lines.append(ctx.t(lang, "est-note-eaeu"))
    elif result.preference == Preference.CIS_ST1:
        lines.append(ctx.t(lang, "est-note-cis"))
    sources = dict.fromkeys(
        short_source(knowledge.sources.get(line.source), lang) for line in result.lines
    )
    lines.append(ctx.t(lang, "est-sources", sources="; ".join(s for s in sources if s)))
    for allowance in personal_allowances(ctx, state.destination or ""):
        lines.append(ctx.t(lang, "est-personal", allowance=allowance.text.get(lang)))
    lines.append(ctx.t(lang, "est-excluded", items=excluded_text(ctx, lang, result)))
    return "\n".join(lines)


def personal_allowances(ctx: Context, destination: str) -> list[Allowance]:
    """What an individual may bring into the destination by land, free of duty: the point
    where a shuttle trader's goods start to count as commercial."""
    regime = regime_of(ctx.knowledge, destination)
    return [
        a
        for a in ctx.knowledge.allowances.values()
        if a.regime == regime and a.mode in ("land", "road", "any")
    ]


def excluded_text(ctx: Context, lang: str, result: Estimate) -> str:
    items = [ctx.t(lang, key) for key in result.excluded]
    if result.unpublished:
        numbers = ", ".join(s.title.get(lang) for s in result.unpublished[:3])
        more = "…" if len(result.unpublished) > 3 else ""
        items.append(ctx.t(lang, "est-excluded-unpublished", steps=numbers + more))
    return "; ".join(items)


# ---- /rates ------------------------------------------------------------------------------


def rates_text(ctx: Context, lang: str, state: State) -> str:
    """Today's official rates for the currencies of her route, each with its bank and date."""
    rates = ctx.rates
    if rates is None or not rates.banks:
        return ctx.t(lang, "rates-none")
    origin, destination = state.origin or "", state.destination or ""
    wanted = route_currencies(origin, destination) if destination else ["USD", "EUR", "RUB"]
    banks = [b for b in (destination, origin) if b in rates.banks] or sorted(rates.banks)
    lines = [ctx.t(lang, "rates-header")]
    for code in banks[:2]:
        bank = rates.banks[code]
        for currency in wanted:
            value = bank.per_unit.get(currency)
            if currency == bank.base or value is None:
                continue
            lines.append(
                ctx.t(
                    lang,
                    "rates-line",
                    bank=ctx.knowledge.country_name(code, lang),
                    date=format_day(bank.day, lang),
                    currency=currency,
                    rate=rate_text(value, lang),
                    base=bank.base,
                )
            )
    if len(lines) == 1:
        return ctx.t(lang, "rates-none")
    newest = max(rates.banks[c].day for c in banks[:2])
    if ctx.today is not None and newest < ctx.today:
        lines.append(ctx.t(lang, "rates-old", date=format_day(newest, lang)))
    return "\n".join(lines)


def estimate_choice(ctx: Context, lang: str) -> Choice:
    return Choice("est", ctx.t(lang, "choice-estimate"))


def estimate_data(ctx: Context, lang: str, result: Estimate, destination: str) -> dict[str, object]:
    """The estimate as plain data (`tradebot ask --value ... --json`); amounts as decimal
    strings, exact to the cent of their currency."""
    knowledge = ctx.knowledge

    def what(kind: str, step: Requirement | None) -> str:
        if step is not None:
            return step.title.get(lang)
        key = {"duty": "est-line-duty", "excise": "est-line-excise"}.get(kind, "est-line-vat")
        return ctx.t(lang, key, rate="", amount="")

    def text(value: Decimal | None) -> str | None:
        return None if value is None else f"{value:f}"

    lines = []
    for line in result.lines:
        source = knowledge.sources.get(line.source)
        entry: dict[str, object] = {
            "what": what(line.kind, line.step).rstrip(": ").strip(),
            "kind": line.kind,
            "rate": shown_rate(ctx, lang, line.rate),
            "amount": text(line.amount),
            "source": {
                "id": line.source,
                "title": localized(source.title, lang) if source else None,
                "url": source.url if source else None,
            },
        }
        if line.amount_max is not None:
            entry["amount_max"] = text(line.amount_max)
        lines.append(entry)
    quote = result.quote
    excluded = [ctx.t(lang, key) for key in result.excluded]
    excluded += [
        ctx.t(lang, "est-excluded-unpublished", steps=s.title.get(lang)) for s in result.unpublished
    ]
    return {
        "currency": result.currency,
        "value": text(result.value),
        "value_currency": result.her_currency,
        "customs_value": text(result.customs_value),
        "lines": lines,
        "total": text(result.total),
        "total_max": text(result.total_max),
        "total_in_value_currency": text(result.total_her),
        "total_in_value_currency_max": text(result.total_her_max),
        "exchange_rate": text(quote.rate.normalize()) if quote else None,
        "rates_bank": quote.bank if quote else None,
        "rates_date": quote.day.isoformat() if quote and quote.day else None,
        "preference": result.preference.value,
        "personal_use": [
            {"mode": a.mode, "text": a.text.get(lang), "source": a.source}
            for a in personal_allowances(ctx, destination)
        ],
        "excluded": excluded,
    }
