"""`tradebot kb ...`: validate, import, export, history and rollback of the knowledge base."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.bootstrap import App
from knowledge.loader import KnowledgeError, load_knowledge, read_sources

EXIT_INVALID = 1


def report_problems(error: KnowledgeError) -> int:
    for problem in error.problems:
        sys.stderr.write(f"{problem}\n")
    sys.stderr.write(f"{len(error.problems)} problem(s); nothing was changed\n")
    return EXIT_INVALID


def validate(path: Path) -> int:
    try:
        knowledge = load_knowledge(path)
    except KnowledgeError as error:
        return report_problems(error)
    except OSError as error:
        sys.stderr.write(f"cannot read {path}: {error}\n")
        return EXIT_INVALID
    print(
        f"ok: {len(knowledge.commodities)} commodities, {len(knowledge.requirements)} "
        f"requirements, {len(knowledge.countries)} countries, {len(knowledge.sources)} sources, "
        f"{len(knowledge.measures)} measures"
    )
    return 0


async def run(app: App, args: argparse.Namespace) -> int:
    command = args.kb_command
    if command == "measure":
        from bot.commands import measure

        return await measure.run(app, args)
    if command == "import":
        try:
            report = await app.knowledge.import_texts(
                read_sources(args.path), author=args.author, note=args.note
            )
        except KnowledgeError as error:
            return report_problems(error)
        if report.version is None:
            print("no change: the files match the active version")
            return 0
        for change in report.changes:
            print(change)
        print(f"version {report.version} active ({len(report.changes)} change(s))")
        return 0
    if command == "export":
        files = await app.knowledge.active_files()
        for name, text in files.items():
            target = args.dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        print(f"{len(files)} file(s) written to {args.dir}")
        return 0
    if command == "history":
        for row in await app.knowledge.history():
            mark = "*" if row.active else " "
            when = row.created_at.strftime("%Y-%m-%d %H:%M")
            print(f"{mark} {row.version:>4}  {when}  {row.checksum}  {row.author}  {row.note}")
        return 0
    if command == "rollback":
        try:
            report = await app.knowledge.rollback(args.version, author=args.author)
        except LookupError:
            sys.stderr.write(f"no version {args.version}\n")
            return EXIT_INVALID
        if report.version is None:
            print(f"version {args.version} is already active")
        else:
            print(f"version {report.version} active (content of version {args.version})")
        return 0
    raise AssertionError(command)
