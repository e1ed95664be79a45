"""A conversation that reads like a dialogue: `await chat.say("kuraga")`, `await chat.tap(...)`."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from bot.channels.console import ConsoleChannel
from handlers.events import Outcome


@dataclass
class Dialogue:
    """Drives the console channel's JSON-lines form, exactly as `tradebot chat --json` does."""

    channel: ConsoleChannel
    replies: list[dict[str, Any]] = field(default_factory=list)

    async def send(self, payload: dict[str, str]) -> list[dict[str, Any]]:
        self.channel.out = io.StringIO()
        await self.channel.json_lines(io.StringIO(json.dumps(payload, ensure_ascii=False) + "\n"))
        lines = [json.loads(line) for line in self.channel.out.getvalue().splitlines()]
        assert lines[-1] == {"done": True}
        self.replies = lines[:-1]
        return self.replies

    async def say(self, text: str) -> list[dict[str, Any]]:
        return await self.send({"text": text})

    async def tap(self, choice_id: str) -> list[dict[str, Any]]:
        assert choice_id in self.choice_ids(), f"{choice_id} not offered: {self.choice_ids()}"
        return await self.send({"choice": choice_id})

    async def tap_unchecked(self, choice_id: str) -> list[dict[str, Any]]:
        return await self.send({"choice": choice_id})

    def choice_ids(self) -> list[str]:
        return [c["id"] for reply in self.replies for c in reply.get("choices", [])]

    def text(self) -> str:
        return "\n".join(reply.get("text", "") for reply in self.replies)

    def first_choice(self, prefix: str) -> str:
        return next(c for c in self.choice_ids() if c.startswith(prefix))


def outcome_text(outcome: Outcome) -> str:
    return "\n".join(reply.text for reply in outcome.replies)
