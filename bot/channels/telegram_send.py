"""Sending to Telegram: render plain replies and call the Bot API through its faults.

`TelegramSender` needs no incoming update, so answers to updates, notices and broadcasts
all leave through the same retries: flood control (429) is waited out as Telegram asks,
server and network errors are retried a bounded number of times with growing pauses,
and a user who blocked the bot (403) is marked inactive instead of being retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.channels.telegram_client import (
    BotApi,
    InputFile,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from bot.channels.telegram_render import (
    Markup,
    Part,
    escape,
    keyboard,
    render_reply,
    split_text,
)
from handlers.events import Reply, UserRef

log = logging.getLogger(__name__)
HTML = "HTML"  # parse_mode: the engine's plain text is escaped, never marked up


@dataclass(frozen=True)
class RetryPolicy:
    tries: int = 4  # attempts for 5xx and network errors
    first_pause_s: float = 0.5  # then doubled: 0.5 + 1 + 2 = 3.5 s at most in all
    max_pause_s: float = 4.0
    flood_waits: int = 3  # how many 429s in a row one call waits out
    max_flood_wait_s: float = 60.0  # a longer retry_after fails the call instead of blocking


class InactiveMarker(Protocol):
    async def mark_inactive(self, ref: UserRef) -> None: ...


class TelegramSender:
    """Plain replies -> Telegram messages for one chat; usable without an incoming update."""

    def __init__(
        self, bot: BotApi, store: InactiveMarker | None = None, retry: RetryPolicy | None = None
    ) -> None:
        self.bot = bot
        self.store = store
        self.retry = retry or RetryPolicy()

    async def deliver(
        self, user: UserRef, replies: Sequence[Reply], knowledge_version: int
    ) -> None:
        """Send every reply in order. A user who blocked the bot is marked inactive, not retried.

        Other failures that outlast the retries are raised, so a caller can try again later.
        """
        chat_id = int(user.platform_id)
        try:
            for reply in replies:
                await self.send_reply(chat_id, reply, knowledge_version)
        except TelegramForbiddenError:
            log.info("telegram user blocked the bot; marking inactive")
            if self.store is not None:
                await self.store.mark_inactive(user)

    async def send_reply(self, chat_id: int, reply: Reply, knowledge_version: int) -> None:
        for part in render_reply(reply, knowledge_version):
            if part.photo is not None:
                await self._send_photo(chat_id, part)
            else:
                await self.send_text(chat_id, part.text, part.markup)

    async def send_text(self, chat_id: int, text: str, markup: Markup | None = None) -> None:
        if not text.strip():
            return
        params = {"chat_id": chat_id, "text": escape(text), "parse_mode": HTML}
        await self.call("sendMessage", {**params, "reply_markup": markup})

    async def _send_photo(self, chat_id: int, part: Part) -> None:
        assert part.photo is not None
        photo = InputFile(part.photo, filename="chart.png")
        if not part.text and part.markup is None:  # the text follows in its own messages
            await self.call("sendPhoto", {"chat_id": chat_id, "photo": photo})
            return
        params = {
            "chat_id": chat_id,
            "photo": photo,
            "caption": escape(part.text) or None,
            "parse_mode": HTML,
            "reply_markup": part.markup,
        }
        await self.call("sendPhoto", params)

    async def edit_reply(
        self, chat_id: int, message_id: int, reply: Reply, knowledge_version: int
    ) -> bool:
        """Replace a message's text and keyboard; False when it cannot be edited (send instead)."""
        if reply.image is not None or len(split_text(reply.text)) > 1 or not reply.text.strip():
            return False
        try:
            params = {
                "chat_id": chat_id,
                "message_id": message_id,
                "text": escape(reply.text),
                "parse_mode": HTML,
                "reply_markup": keyboard(reply.choices, knowledge_version),
            }
            await self.call("editMessageText", params)
        except TelegramBadRequest as error:
            if "not modified" in str(error):
                return True
            log.info("cannot edit message, sending a new one: %s", error.message)
            return False
        return True

    async def answer_callback(self, callback_id: str) -> None:
        """Stop the button's spinner; a failure here is cosmetic and never stops the answer."""
        try:
            await self.call("answerCallbackQuery", {"callback_query_id": callback_id})
        except Exception as error:  # the reply matters more than the spinner
            log.warning("answerCallbackQuery failed: %s", type(error).__name__)

    async def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """One Bot API call, waiting out flood control and retrying transient faults."""
        failures = floods = 0
        while True:
            try:
                return await self.bot(method, params)
            except TelegramRetryAfter as error:
                floods += 1
                if (
                    floods > self.retry.flood_waits
                    or error.retry_after > self.retry.max_flood_wait_s
                ):
                    raise
                log.warning("telegram flood control: waiting %s s", error.retry_after)
                await asyncio.sleep(error.retry_after)
            except TelegramEntityTooLarge:
                raise
            except (TelegramServerError, TelegramNetworkError) as error:
                failures += 1
                if failures >= self.retry.tries:
                    raise
                pause = min(self.retry.first_pause_s * 2 ** (failures - 1), self.retry.max_pause_s)
                log.warning(
                    "telegram %s failed (%s), retry %d in %.1f s",
                    method,
                    type(error).__name__,
                    failures,
                    pause,
                )
                await asyncio.sleep(pause)
