"""Admin commands in chat: routed before the conversation, refused quietly to non-admins.

A non-admin who sends an admin command (or a forged admin button, or a file) gets the
ordinary help reply and nothing happens.
"""

from __future__ import annotations

from typing import Protocol

from handlers.events import Event, EventKind, Reply, UserRef

ADMIN_COMMANDS = frozenset(
    {"admin", "stats", "history", "rollback", "broadcast", "incidents", "measure"}
) | {"price", "prices", "reporter", "crossingnote", "waiting"}  # issue 18
ADMIN_COMMANDS |= {"web"}  # a one-time login link to the web console (bot/web_admin)
ADMIN_CHOICE_PREFIX = "adm:"


class AdminService(Protocol):
    def is_admin(self, user: UserRef) -> bool: ...

    async def handle(self, event: Event, lang: str) -> list[Reply]: ...

    async def admits(self, event: Event) -> bool: ...


def is_admin_event(event: Event) -> bool:
    if event.kind == EventKind.COMMAND:
        return event.value in ADMIN_COMMANDS
    if event.kind == EventKind.CHOICE:
        return event.value.startswith(ADMIN_CHOICE_PREFIX)
    return event.kind == EventKind.DOCUMENT
