"""What a channel needs of the engine.

A channel turns a platform update into an `Event` (or None when there is nothing to
answer), hands it to the engine, and renders the engine's replies within its platform's
limits. Nothing about the conversation lives in a channel. What a channel declares, and
what all channels share, is in bot/channels/contract.py.
"""

from __future__ import annotations

from typing import Protocol

from aiohttp import web

from bot.inbox import Recovery
from handlers.events import Event, Outcome

# A button from an earlier knowledge version or message comes to the engine with this prefix,
# an id it never offered, which it answers with 'that button is old'.
STALE_PREFIX = "stale:"


class Handler(Protocol):
    async def handle(self, event: Event) -> Outcome: ...


# The web server's one Recovery (bot/inbox.py): each channel adds how it handles a stored
# update and sends a queued reply; it runs while the server does.
RECOVERY_KEY = web.AppKey("recovery", Recovery)


def recovery(web_app: web.Application) -> Recovery:
    return web_app[RECOVERY_KEY]
