"""'Prices' under an answer: the latest price of her product per market, and price alerts."""

from __future__ import annotations

from babel.dates import format_date
from babel.numbers import format_decimal

from handlers.context import Context
from handlers.crossings import crossing_reply
from handlers.effects import PricesFollowed, PricesUnfollowed
from handlers.events import Choice, Reply
from handlers.prices import CURRENCY_OF, PriceBoard, PriceLine, is_old, rounded
from handlers.state import State, lang_of
from handlers.turns import Turn

MAX_MARKETS = 8
MAX_PRICE_ALERTS = 20


def amount(value: object, lang: str) -> str:
    return format_decimal(rounded(value), locale=lang)


def price_line(ctx: Context, lang: str, board: PriceBoard, line: PriceLine, to: str | None) -> str:
    market = board.markets.get(line.market)
    where = f"{market.name(lang)} ({market.city_name(lang)})" if market else line.market
    text = ctx.t(
        lang,
        "price-line",
        market=where,
        price=amount(line.price, lang),
        currency=line.currency,
        unit=ctx.t(lang, f"price-unit-{line.unit}"),
        date=format_date(line.day, format="medium", locale=lang),
    )
    if to and to != line.currency:
        converted = board.rates.convert(line.price, line.currency, to, ctx.today)
        if converted is not None:
            text += " " + ctx.t(lang, "price-converted", price=amount(converted, lang), currency=to)
    if is_old(line, ctx.today):
        text += " " + ctx.t(lang, "price-old")
    return text


def prices_reply(ctx: Context, lang: str, state: State) -> Reply:
    board = ctx.published.prices if ctx.published else PriceBoard()
    commodity = ctx.knowledge.commodities.get(state.hs or "")
    product = commodity.names.get(lang) if commodity else state.hs or "–"
    lines = board.for_product(state.hs or "", ctx.today)[:MAX_MARKETS]
    if not lines:
        return Reply(ctx.t(lang, "prices-none", product=product), follow_choice(ctx, lang, state))
    to = CURRENCY_OF.get(state.origin or "")
    text = [ctx.t(lang, "prices-header", product=product)]
    text += [f"• {price_line(ctx, lang, board, line, to)}" for line in lines]
    return Reply("\n".join(text), follow_choice(ctx, lang, state))


def follow_choice(ctx: Context, lang: str, state: State) -> tuple[Choice, ...]:
    if not state.hs:
        return ()
    if state.hs in state.price_alerts:
        return (Choice(f"pu:{state.hs}", ctx.t(lang, "choice-price-alerts-stop")),)
    return (Choice(f"pf:{state.hs}", ctx.t(lang, "choice-price-alerts")),)


def choose_prices(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    if state.hs not in ctx.knowledge.commodities:
        return False
    out.replies.append(prices_reply(ctx, lang_of(state), state))
    out.quiet = True
    return True


def choose_price_follow(state: State, value: str, ctx: Context, out: Turn) -> bool:
    commodity = ctx.knowledge.commodities.get(value)
    if commodity is None:
        return False
    lang = lang_of(state)
    if value not in state.price_alerts:
        state.price_alerts = [*state.price_alerts, value][-MAX_PRICE_ALERTS:]
    out.effects.append(PricesFollowed(value))
    out.replies.append(Reply(ctx.t(lang, "prices-followed", product=commodity.names.get(lang))))
    out.quiet = True
    return True


def choose_price_unfollow(state: State, value: str, ctx: Context, out: Turn) -> bool:
    if value not in state.price_alerts:
        return False
    state.price_alerts = [hs for hs in state.price_alerts if hs != value]
    out.effects.append(PricesUnfollowed(value))
    commodity = ctx.knowledge.commodities.get(value)
    lang = lang_of(state)
    product = commodity.names.get(lang) if commodity else value
    out.replies.append(Reply(ctx.t(lang, "prices-unfollowed", product=product)))
    out.quiet = True
    return True


def choose_published(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    """'Prices · crossings' under an answer: both, as two short messages."""
    if state.hs not in ctx.knowledge.commodities or not state.destination:
        return False
    lang = lang_of(state)
    out.replies.append(prices_reply(ctx, lang, state))
    out.replies.append(crossing_reply(ctx, lang, state))
    out.quiet = True
    return True
