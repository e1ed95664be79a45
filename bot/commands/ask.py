"""`tradebot ask`: one answer without a conversation."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.cli import EXIT_USAGE, print_json
from handlers import costs_view, views
from handlers.clock import noon_of
from handlers.context import Context, region_today
from handlers.state import State, Step
from knowledge.amounts import parse_value
from knowledge.answer import flow_answer
from knowledge.estimate import Estimate, estimate
from knowledge.exchange import RateBook
from knowledge.models import Commodity

if TYPE_CHECKING:
    from bot.bootstrap import App
    from bot.peek import Snapshot


async def run(app: App | Snapshot, args: argparse.Namespace) -> int:
    library = await app.knowledge.current()
    knowledge, t, lang = library.knowledge, app.translator, args.lang
    origin = library.countries.match(args.origin)
    destination = library.countries.match(args.destination)
    for typed, code in ((args.origin, origin), (args.destination, destination)):
        if code is None:
            sys.stderr.write(t(lang, "cli-unknown-country", country=typed) + "\n")
            return EXIT_USAGE
    assert origin and destination
    if destination not in views.destinations(knowledge, origin):
        sys.stderr.write(
            t(
                lang,
                "cli-flow-not-covered",
                origin=knowledge.country_name(origin, lang),
                destination=knowledge.country_name(destination, lang),
            )
            + "\n"
        )
        return EXIT_USAGE
    result = library.matcher.match(args.product, lang, limit=1)
    if not result.candidates:
        sys.stderr.write(t(lang, "product-not-found", query=args.product[:100]) + "\n")
        return EXIT_USAGE
    commodity = knowledge.commodities[result.candidates[0].hs]
    today = args.on or region_today()
    state = State(Step.ANSWER, lang, hs=commodity.hs, origin=origin, destination=destination)
    context = Context(library, t, now=noon_of(today), rates=await app.rates.read())
    found = None
    if args.value is not None:
        found = value_estimate(context, lang, commodity, state, args)
        if isinstance(found, str):
            sys.stderr.write(found + "\n")
            return EXIT_USAGE
    if args.json:
        data = flow_answer(knowledge, commodity, origin, destination, lang, today)
        if found is not None:
            data["estimate"] = costs_view.estimate_data(context, lang, found, destination)
        print_json(data)
        return 0
    sys.stdout.write(views.show_answer(context, lang, state)[0].text + "\n")
    for number, step in enumerate(views.flow_steps(knowledge, state), start=1):
        sys.stdout.write("\n" + views.detail_text(context, lang, step, number, state) + "\n")
    if found is not None:
        text = costs_view.estimate_text(context, lang, commodity, state, found)
        sys.stdout.write("\n" + text + "\n")
    return 0


def value_estimate(
    context: Context, lang: str, commodity: Commodity, state: State, args: argparse.Namespace
) -> Estimate | str:
    """The estimate for --value/--currency, or what is wrong with them in her language."""
    typed = f"{args.value} {args.currency or ''}".strip()
    text, done = costs_view.estimate_reply(context, lang, commodity, state, typed)
    if not done:
        return text
    parsed = parse_value(typed)
    assert parsed.amount is not None and parsed.currency is not None
    found = estimate(
        context.knowledge,
        commodity,
        state.origin or "",
        state.destination or "",
        parsed.amount,
        parsed.currency,
        context.rates or RateBook(),
        on=context.today,
    )
    assert found is not None
    return found
