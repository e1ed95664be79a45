"""Telegram for the outbox worker: a sender, and the admin's broadcast status kept in place."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.bootstrap import App
from bot.channels.contract import Services
from bot.channels.telegram_client import BotApi, TelegramBadRequest
from bot.channels.telegram_render import escape
from bot.channels.telegram_send import HTML, InactiveMarker, TelegramSender
from handlers.events import UserRef


def telegram_sender(
    app: App | Services, marker: InactiveMarker
) -> tuple[
    TelegramSender,
    Callable[[UserRef, str, str | None, bool], Awaitable[str | None]],
    Callable[[], Awaitable[None]],
]:
    token = app.settings.telegram_token
    assert token is not None
    bot = BotApi(token.get_secret_value(), app.settings.telegram_api_url)
    sender = TelegramSender(bot, marker)

    async def write_status(
        chat: UserRef, text: str, message_id: str | None, _done: bool
    ) -> str | None:
        if message_id is not None:
            try:
                params = {
                    "chat_id": int(chat.platform_id),
                    "message_id": int(message_id),
                    "text": escape(text),
                    "parse_mode": HTML,
                }
                await sender.call("editMessageText", params)
                return message_id
            except TelegramBadRequest:  # 'message is not modified' or too old to edit
                return message_id
        params = {"chat_id": int(chat.platform_id), "text": escape(text), "parse_mode": HTML}
        message = await sender.call("sendMessage", params)
        return str(message["message_id"])

    return sender, write_status, bot.close
