"""The terminal channel: talk to the bot without a messenger account.

Interactive mode numbers the choices; `--json` is the scripting form of the same channel:
one event per input line, one reply per output line, then `{"done": true}`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from bot.channels.text import chosen, numbered_lines
from handlers.events import Attachment, Event, Reply, UserRef

if TYPE_CHECKING:
    from bot.channels.base import Handler

CHANNEL = "console"
MENU_LINE = "  [{n}] {title}"
PROMPT = "> "


def write_replies(out: TextIO, replies: Sequence[Reply]) -> list[str]:
    """Each reply and its numbered choices; the ids of the choices, in their numbers' order."""
    choice_ids: list[str] = []
    for reply in replies:
        out.write(reply.text + "\n")
        for line in numbered_lines(reply.choices, len(choice_ids), MENU_LINE):
            out.write(line + "\n")
        choice_ids += [choice.id for choice in reply.choices]
        out.write("\n")
    out.flush()
    return choice_ids


class ConsoleChannel:
    name = CHANNEL

    def __init__(self, engine: Handler, user_id: str, lang: str | None, out: TextIO) -> None:
        self.engine = engine
        self.user = UserRef(CHANNEL, user_id)
        self.lang = lang
        self.out = out
        self.choice_ids: list[str] = []

    # ---- interactive ----------------------------------------------------------------------

    def to_event(self, line: str) -> Event | None:
        choice_id = chosen(line, self.choice_ids)
        if choice_id is not None:
            return Event.choice(self.user, choice_id, self.lang)
        return Event.parse_text(self.user, line.rstrip("\n"), self.lang)

    async def deliver(
        self, user: UserRef, replies: Sequence[Reply], knowledge_version: int
    ) -> None:
        self.choice_ids = write_replies(self.out, replies)

    async def interactive(self, source: TextIO, shown: Sequence[Reply] = ()) -> None:
        """`shown`: the replies already on the screen, with the prompt after them (`tradebot
        chat` writes a first-time trader's language menu before the app is up); the
        conversation's own first turn replaces them only when it says something else."""
        outcome = await self.engine.handle(Event.command(self.user, "show", self.lang))
        prompted = bool(shown) and list(outcome.replies) == list(shown)
        if prompted:
            self.choice_ids = [c.id for reply in shown for c in reply.choices]
        else:
            await self.deliver(self.user, outcome.replies, outcome.knowledge_version)
        while True:
            if not prompted:
                self.out.write(PROMPT)
                self.out.flush()
            prompted = False
            line = source.readline()
            if not line:
                return
            event = self.to_event(line)
            if event is not None:
                await self.send(event)

    async def send(self, event: Event) -> None:
        outcome = await self.engine.handle(event)
        await self.deliver(self.user, outcome.replies, outcome.knowledge_version)

    # ---- JSON lines -----------------------------------------------------------------------

    def json_event(self, line: str) -> Event | str:
        """A JSON line -> event, or an error description for the caller."""
        try:
            data: Any = json.loads(line)
        except json.JSONDecodeError:
            return "not a JSON object"
        if not isinstance(data, dict):
            return "not a JSON object"
        if isinstance(data.get("choice"), str):
            return Event.choice(self.user, data["choice"], self.lang)
        if isinstance(data.get("text"), str):
            return Event.parse_text(self.user, data["text"], self.lang)
        document = data.get("document")
        if isinstance(document, dict) and isinstance(document.get("name"), str):
            try:
                content = base64.b64decode(str(document.get("base64", "")), validate=True)
            except binascii.Error:
                return "document.base64 is not valid base64"
            return Event.document(self.user, Attachment(document["name"], content), self.lang)
        return 'expected {"text": "..."} or {"choice": "<id>"}'

    async def json_lines(self, source: TextIO) -> None:
        for line in source:
            if not line.strip():
                continue
            event = self.json_event(line)
            if isinstance(event, str):
                self.write_json({"error": event})
            else:
                outcome = await self.engine.handle(event)
                for reply in outcome.replies:
                    self.write_json(
                        {
                            "text": reply.text,
                            "choices": [{"id": c.id, "title": c.title} for c in reply.choices],
                        }
                    )
            self.write_json({"done": True})

    def write_json(self, data: dict[str, Any]) -> None:
        self.out.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.out.flush()
