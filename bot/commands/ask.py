"""`tradebot ask` and `tradebot match`: answers and matching without a conversation."""

from __future__ import annotations

import argparse
import sys

from bot.bootstrap import App
from bot.cli import EXIT_USAGE, print_json
from handlers import views
from handlers.context import Context, region_today
from handlers.state import State, Step
from knowledge.answer import flow_answer


async def run(app: App, args: argparse.Namespace) -> int:
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
    if args.json:
        print_json(flow_answer(knowledge, commodity, origin, destination, lang, today))
        return 0
    state = State(Step.ANSWER, lang, hs=commodity.hs, origin=origin, destination=destination)
    context = Context(library, t, today=today)
    sys.stdout.write(views.show_answer(context, lang, state)[0].text + "\n")
    for number, step in enumerate(views.flow_steps(knowledge, state), start=1):
        sys.stdout.write("\n" + views.detail_text(context, lang, step, number, state) + "\n")
    return 0


async def match(app: App, args: argparse.Namespace) -> int:
    library = await app.knowledge.current()
    queries = [args.query] if args.query is not None else (line.rstrip("\n") for line in sys.stdin)
    for query in queries:
        result = library.matcher.match(query, args.lang, limit=max(1, args.limit))
        candidates = [
            {
                "hs": c.hs,
                "name": library.knowledge.commodities[c.hs].names.get(args.lang),
                "score": round(c.score, 1),
            }
            for c in result.candidates
        ]
        if args.json:
            print_json({"query": query, "confident": result.confident, "candidates": candidates})
        else:
            line = "; ".join(f"{c['hs']} {c['name']} ({c['score']})" for c in candidates)
            sys.stdout.write(f"{query}\t{line or '-'}\n")
    return 0
