"""Arguments of the `kb measure`, `prices` and `crossing` commands, apart from their code:
building the parser must not import what only running them needs."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_measure_parser(kb_commands: argparse._SubParsersAction) -> None:
    measure = kb_commands.add_parser("measure", help="temporary bans, quotas and licences")
    actions = measure.add_subparsers(dest="measure_command", required=True)
    listing = actions.add_parser("list", help="measures in force or coming (or all)")
    listing.add_argument("--all", action="store_true", help="ended ones too")
    add = actions.add_parser("add", help="add one measure from a YAML file")
    add.add_argument("path", type=Path)
    extend = actions.add_parser("extend", help="a later end, by a new act")
    extend.add_argument("id")
    extend.add_argument("end", help="the new last day, YYYY-MM-DD, or 'open' (until cancelled)")
    extend.add_argument("--act-number", required=True)
    extend.add_argument("--act-date", required=True, help="YYYY-MM-DD")
    end = actions.add_parser("end", help="bring the end forward")
    end.add_argument("id")
    end.add_argument("day", help="the last day in force, YYYY-MM-DD")
    end.add_argument("--act-number")
    end.add_argument("--act-date", help="YYYY-MM-DD")
    for parser in (add, extend, end):
        parser.add_argument("--author", default="cli")


def add_price_parsers(commands: argparse._SubParsersAction) -> None:
    prices = commands.add_parser("prices", help="market prices")
    actions = prices.add_subparsers(dest="prices_command", required=True)
    add = actions.add_parser("add", help="publish one price")
    add.add_argument("--market", required=True, help="market id or name (Dordoi, Korvon...)")
    add.add_argument("--hs", required=True, help="a catalog commodity's HS code")
    add.add_argument("--unit", required=True, help="kg, t, piece, box, bag, litre")
    add.add_argument("--currency", required=True, help="KGS, KZT, TJS, UZS, USD...")
    add.add_argument("--price", required=True)
    add.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")
    add.add_argument("--reporter", default="cli")
    load = actions.add_parser("import", help="publish the rows of a CSV file (all or none)")
    load.add_argument("path", type=Path)
    load.add_argument("--reporter", default="cli")
    listing = actions.add_parser("list", help="latest prices, with their reporters")
    listing.add_argument("--hs", default="")
    reporter = actions.add_parser("reporter", help="appoint a reporter")
    reporter.add_argument("key", help="telegram:ID, whatsapp:NUMBER or +PHONE")
    reporter.add_argument("--author", default="cli")

    crossing = commands.add_parser("crossing", help="what was done about a crossing")
    crossing_actions = crossing.add_subparsers(dest="crossing_command", required=True)
    note = crossing_actions.add_parser("note", help="post a note to the crossing's followers")
    note.add_argument("post", help="border post id (see knowledge/data/border_posts.yaml)")
    note.add_argument("text")
    note.add_argument("--author", default="cli")
