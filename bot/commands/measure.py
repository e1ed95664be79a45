"""`tradebot kb measure ...`: list, add, extend or end a temporary measure as a new version."""

from __future__ import annotations

import argparse
import sys

from bot.bootstrap import App
from bot.commands.kb import EXIT_INVALID, report_problems
from bot.measures import (
    MeasureEditError,
    add_measure,
    end_measure,
    extend_measure,
    parse_added,
    parse_day,
    parse_end,
)
from handlers.context import region_today
from knowledge.loader import KnowledgeError
from knowledge.measures import coming, in_force


async def run(app: App, args: argparse.Namespace) -> int:
    command = args.measure_command
    if command == "list":
        knowledge = (await app.knowledge.current()).knowledge
        today = region_today()
        for m in sorted(knowledge.measures.values(), key=lambda m: (m.country, m.start, m.id)):
            status = "in force" if in_force(m, today) else "coming" if coming(m, today) else ""
            if not status and not args.all:
                continue
            end = m.end.isoformat() if m.end else "until cancelled"
            act = m.latest_act
            print(
                f"{m.id}\t{m.country} {m.direction.value} {m.kind.value}\t{m.start} → {end}\t"
                f"{act.number} ({act.date})\t{status or 'ended'}"
            )
        return 0
    try:
        files = await app.knowledge.active_files()
        if command == "add":
            edited = add_measure(files, parse_added(args.path.read_text(encoding="utf-8")))
        elif command == "extend":
            edited = extend_measure(
                files, args.id, parse_end(args.end), args.act_number, parse_day(args.act_date)
            )
        else:
            if bool(args.act_number) != bool(args.act_date):
                sys.stderr.write("give both --act-number and --act-date, or neither\n")
                return EXIT_INVALID
            act = (args.act_number, parse_day(args.act_date)) if args.act_number else None
            edited = end_measure(files, args.id, parse_day(args.day), act)
        report = await app.knowledge.import_texts(
            edited, author=args.author, note=f"measure {command} {getattr(args, 'id', '')}".strip()
        )
    except MeasureEditError as error:
        details = ", ".join(f"{k}={v}" for k, v in error.values.items())
        sys.stderr.write(f"refused: {error.code} {details}".rstrip() + "; nothing was changed\n")
        return EXIT_INVALID
    except KnowledgeError as error:
        return report_problems(error)
    except OSError as error:
        sys.stderr.write(f"cannot read: {error}\n")
        return EXIT_INVALID
    for change in report.changes:
        print(change)
    print(f"version {report.version} active ({len(report.changes)} change(s))")
    return 0
