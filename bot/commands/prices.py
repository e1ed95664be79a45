"""`tradebot prices ...` (publish, import a CSV, list, appoint reporters) and
`tradebot crossing note POST TEXT` (what was done about a crossing, sent to its followers)."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select

from bot.bootstrap import App
from bot.models import Price, PriceReporter
from bot.prices import PriceProblem, check_entries, csv_rows, publish, reporter_key
from bot.published_admin import post_crossing_note
from handlers.context import region_today

EXIT_INVALID = 1
EXIT_USAGE = 2


async def publish_rows(app: App, rows: list[tuple[int, list[str]]], reporter: str) -> int:
    knowledge = (await app.knowledge.current()).knowledge
    async with app.sessions.begin() as session:
        entries, problems = await check_entries(session, rows, knowledge, region_today())
        if problems:
            for problem in problems:
                print(f"line {problem.line}: {problem.code}: {problem.value!r}", file=sys.stderr)
            return EXIT_INVALID
        alerts = await publish(
            session, entries, reporter, knowledge, app.translator, app.settings.price_alert_share
        )
    print(f"saved {len(entries)} prices, queued {alerts} price alerts")
    return 0


async def run(app: App, args: argparse.Namespace) -> int:
    command = args.prices_command
    if command == "add":
        row = [args.market, args.hs, args.unit, args.currency, args.price, args.date]
        return await publish_rows(app, [(1, row)], args.reporter)
    if command == "import":
        try:
            rows = csv_rows(args.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            print(f"{args.path}: {error}", file=sys.stderr)
            return EXIT_USAGE
        except PriceProblem as problem:
            print(f"line {problem.line}: {problem.code}: {problem.value!r}", file=sys.stderr)
            return EXIT_INVALID
        return await publish_rows(app, rows, args.reporter)
    if command == "reporter":
        key = reporter_key(args.key)
        if key is None:
            print("a reporter is telegram:ID, whatsapp:NUMBER or +PHONE", file=sys.stderr)
            return EXIT_USAGE
        async with app.sessions.begin() as session:
            if await session.get(PriceReporter, key) is None:
                session.add(PriceReporter(key=key, added_by=args.author))
        print(f"{key} may publish prices")
        return 0
    async with app.sessions() as session:
        query = select(Price).order_by(Price.price_date.desc(), Price.id.desc()).limit(50)
        if args.hs:
            query = query.where(Price.hs == args.hs)
        for p in (await session.scalars(query)).all():
            print(
                f"{p.price_date}\t{p.market}\t{p.hs}\t{p.price} {p.currency}/{p.unit}\t{p.reporter}"
            )
    return 0


async def crossing(app: App, args: argparse.Namespace) -> int:
    knowledge = (await app.knowledge.current()).knowledge
    try:
        async with app.sessions.begin() as session:
            count = await post_crossing_note(
                session, args.post, args.text, args.author, knowledge, app.translator
            )
    except LookupError:
        ids = ", ".join(p.id for p in knowledge.border_posts)
        print(f"unknown crossing {args.post!r}; known: {ids}", file=sys.stderr)
        return EXIT_USAGE
    print(f"note saved, queued to {count} followers")
    return 0
