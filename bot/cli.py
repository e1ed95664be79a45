"""`tradebot`: chat in the terminal, one-off answers, matching, servers, knowledge admin.

Modules are imported where a command needs them: `tradebot match` should not pay for the
web server, the ORM or the migrations (see bot/peek.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import datetime as dt
import gc
import importlib
import json
import sys
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.commands.arguments import add_measure_parser, add_price_parsers
from bot.logs import configure_logging
from knowledge import LANGS

if TYPE_CHECKING:
    from bot.bootstrap import App
    from bot.settings import Settings

EXIT_USAGE = 2


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="tradebot", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="talk to the bot in the terminal")
    chat.add_argument("--json", action="store_true", help="JSON lines in and out")
    chat.add_argument("--user", default="local", help="conversation id (persists)")
    chat.add_argument("--lang", choices=LANGS, help="language, as a messenger would report it")

    ask = commands.add_parser("ask", help="one answer without a conversation")
    ask.add_argument("--product", required=True)
    ask.add_argument("--from", dest="origin", required=True, help="origin country (code or name)")
    ask.add_argument("--to", dest="destination", required=True, help="destination country")
    ask.add_argument("--lang", choices=LANGS, default="en")
    ask.add_argument("--json", action="store_true")
    ask.add_argument(
        "--on", type=dt.date.fromisoformat, help="the day (YYYY-MM-DD) for temporary measures"
    )
    ask.add_argument("--value", help="value of the goods, for an estimate of what she pays")
    ask.add_argument("--currency", help="currency of --value (USD, KZT, ...)")

    match = commands.add_parser("match", help="rank catalog commodities for a query")
    match.add_argument("query", nargs="?", help="without it: one query per line from stdin")
    match.add_argument("--lang", choices=LANGS, default="en")
    match.add_argument("--limit", type=int, default=5)
    match.add_argument("--json", action="store_true")

    commands.add_parser("run", help="serve Telegram by long polling")
    commands.add_parser("serve", help="web server: webhooks, /healthz, /metrics")
    commands.add_parser("worker", help="deliver queued messages (outbox)")
    db = commands.add_parser("db", help="the database's schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_commands.add_parser("upgrade", help="apply the migrations (every command does)")
    upgrade.add_argument("revision", nargs="?", default="head")

    rates = commands.add_parser("rates", help="official exchange rates")
    rates_commands = rates.add_subparsers(dest="rates_command", required=True)
    rates_commands.add_parser("fetch", help="fetch every configured bank's rates now")
    rates_commands.add_parser("show", help="the rates stored, latest day per bank")
    set_rate = rates_commands.add_parser("set", help="set a rate by hand (e.g. TM USD 3.5)")
    set_rate.add_argument("bank", help="the bank's country: TM, KZ, ...")
    set_rate.add_argument("currency")
    set_rate.add_argument("rate", help="the bank's currency for one unit")
    set_rate.add_argument("--date", help="YYYY-MM-DD; today by default")

    kb = commands.add_parser("kb", help="knowledge base administration")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    validate = kb_commands.add_parser("validate", help="check files, change nothing")
    validate.add_argument("path", type=Path)
    import_ = kb_commands.add_parser("import", help="validate and activate as a new version")
    import_.add_argument("path", type=Path)
    import_.add_argument("--author", default="cli")
    import_.add_argument("--note", default="")
    export = kb_commands.add_parser("export", help="write the active version's files")
    export.add_argument("dir", type=Path)
    kb_commands.add_parser("history", help="list versions")
    rollback = kb_commands.add_parser("rollback", help="serve an earlier version again")
    rollback.add_argument("version", type=int)
    rollback.add_argument("--author", default="cli")
    add_measure_parser(kb_commands)
    add_price_parsers(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command in ONE_OFF:
        with collector_paused():
            return asyncio.run(one_off(args))
    from bot.settings import Settings

    settings = Settings()
    if args.command == "chat":
        from bot.commands.chat import first_menu

        with collector_paused():
            args.shown = first_menu(settings, args)
    configure_logging(
        "WARNING"
        if args.command in ("chat", "ask", "match", "kb", "rates", "prices", "crossing", "db")
        else settings.log_level
    )
    if args.command == "kb" and args.kb_command == "validate":
        from bot.commands.kb import validate

        return validate(args.path)
    if args.command in SERVERS:
        return run_server(dispatch(args, settings))
    return asyncio.run(dispatch(args, settings))


ONE_OFF = ("ask", "match")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Start-up without Python's cycle collector: importing pydantic and the models and
    unpickling the cached knowledge create hundreds of thousands of objects, none of them
    garbage, and the collector walked them again and again (about 80 ms of a 0.5 s `ask`).
    `resume_collector` hands what start-up built to the permanent generation and turns the
    collector back on for the command's own work."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()  # a caller in the same process (a test) gets its objects back
        if was_enabled:
            gc.enable()


def resume_collector() -> None:
    gc.freeze()
    gc.enable()


async def one_off(args: argparse.Namespace) -> int:
    """`ask` and `match` from what the database and the knowledge cache hold, when they hold
    it plainly; otherwise (first run, new version, older schema) through the whole app,
    which builds the cache for the next call."""
    from bot.env import DEFAULT_DATABASE_URL, setting
    from bot.library_cache import folder_of

    configure_logging("WARNING")
    folder = folder_of(setting("cache_dir"))
    if folder is not None:
        from bot.library_cache import LibraryCache
        from bot.peek import snapshot

        database_url = setting("database_url", DEFAULT_DATABASE_URL)
        found = await snapshot(database_url, LibraryCache(folder), args.command == "ask")
        if found is not None:
            if args.command == "ask":
                from bot.commands import ask

                resume_collector()
                return await ask.run(found, args)
            from bot.commands import match

            resume_collector()
            return await match.run(found, args)
    from bot.settings import Settings

    resume_collector()
    return await dispatch(args, Settings())


SERVERS = ("run", "serve", "worker")
HANDLERS = {  # command: (module in bot.commands, function)
    "chat": ("chat", "run"),
    "ask": ("ask", "run"),
    "match": ("match", "run"),
    "kb": ("kb", "run"),
    "rates": ("rates", "run"),
    "run": ("servers", "polling"),
    "serve": ("servers", "serve"),
    "worker": ("servers", "worker"),
    "prices": ("prices", "run"),
    "crossing": ("prices", "crossing"),
}


M_ARENA_MAX = -8  # glibc's mallopt parameter
MALLOC_ARENAS = 2


def fewer_malloc_arenas() -> None:
    """glibc gives each thread that allocates its own arena (up to 8 a core) and keeps what
    it frees: the database driver's threads and the thread pool left tens of megabytes
    resident under load. Two arenas suffice for a process whose work is on one loop."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, MALLOC_ARENAS)


def run_server(main_coroutine: Coroutine[Any, Any, int]) -> int:
    """Servers run on uvloop where it is installed: the same asyncio, a faster event loop."""
    fewer_malloc_arenas()
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main_coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main_coroutine)


async def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bootstrap import start_app

    if args.command == "db":
        return await upgrade_database(settings, args.revision)
    # Only the command's own module: a server never imports the others.
    module, name = HANDLERS[args.command]
    handler: Callable[[App, argparse.Namespace], Awaitable[int]] = getattr(
        importlib.import_module(f"bot.commands.{module}"), name
    )
    app = await start_app(settings, long_running=args.command in SERVERS)
    try:
        return await handler(app, args)
    finally:
        await app.close()


async def upgrade_database(settings: Settings, revision: str) -> int:
    """`tradebot db upgrade`: the migrations alone, e.g. before starting several servers."""
    from bot.db import create_engine, migrate

    engine = create_engine(settings.database_url)
    try:
        await migrate(engine, revision)
    finally:
        await engine.dispose()
    print(f"database at {revision}")
    return 0


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
