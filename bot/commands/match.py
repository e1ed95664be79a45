"""`tradebot match`: ranked catalog candidates for a query, or one per stdin line."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.cli import print_json

if TYPE_CHECKING:
    from bot.bootstrap import App
    from bot.peek import Snapshot


async def run(app: App | Snapshot, args: argparse.Namespace) -> int:
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
