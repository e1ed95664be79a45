"""The adapter contract every channel implements.

A channel turns a platform update into an `Event` (or None when there is nothing to
answer), hands it to the engine, and renders the engine's replies within its platform's
limits. Nothing about the conversation lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from handlers.events import Event, Outcome, Reply, UserRef


class Channel(Protocol):
    name: str

    def to_event(self, update: Any) -> Event | None:
        """Platform update -> plain event; None for updates that need no answer."""
        ...

    async def deliver(
        self, user: UserRef, replies: Sequence[Reply], knowledge_version: int
    ) -> None:
        """Plain replies -> platform messages, split and shortened to fit the platform."""
        ...


class Handler(Protocol):
    async def handle(self, event: Event) -> Outcome: ...
