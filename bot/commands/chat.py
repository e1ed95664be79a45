"""`tradebot chat`: the console channel."""

from __future__ import annotations

import argparse
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from bot.bootstrap import App
    from bot.settings import Settings
    from handlers.context import Context
    from handlers.events import Reply


async def run(app: App, args: argparse.Namespace) -> int:
    from bot.channels.console import ConsoleChannel

    channel = ConsoleChannel(app.engine, args.user, args.lang, sys.stdout)
    if args.json:
        await channel.json_lines(sys.stdin)
    else:
        await channel.interactive(sys.stdin, getattr(args, "shown", ()))
    return 0


def first_menu(settings: Settings, args: argparse.Namespace) -> list[Reply]:
    """A trader who has not chosen her language is first shown the language menu: written
    here, from the cached translations, before the app (the ORM, the knowledge, the
    engine) is composed, which takes a second. The conversation's own first turn then
    produces the same menu, and `ConsoleChannel.interactive` writes it only if it differs.
    Nothing is written (an empty list) in any other case."""
    from bot.channels.console import CHANNEL, PROMPT, write_replies
    from bot.peek import choosing_language

    folder = settings.library_cache_dir()
    if args.json or args.lang is not None or folder is None:
        return []
    if not choosing_language(settings.database_url, CHANNEL, args.user):
        return []
    from bot.i18n import Translator
    from handlers import views
    from handlers.state import State, Step

    shim = cast("Context", SimpleNamespace(t=Translator(cache_dir=folder)))
    replies = views.show_language(shim, "en", State(Step.LANGUAGE, None))
    write_replies(sys.stdout, replies)
    sys.stdout.write(PROMPT)
    sys.stdout.flush()
    return replies
