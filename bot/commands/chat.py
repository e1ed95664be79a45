"""`tradebot chat`: the console channel."""

from __future__ import annotations

import argparse
import sys

from bot.bootstrap import App
from bot.channels.console import ConsoleChannel


async def run(app: App, args: argparse.Namespace) -> int:
    channel = ConsoleChannel(app.engine, args.user, args.lang, sys.stdout)
    if args.json:
        await channel.json_lines(sys.stdin)
    else:
        await channel.interactive(sys.stdin)
    return 0
