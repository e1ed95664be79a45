"""The Telegram channel (aiogram 3): long polling for `tradebot run`, webhooks for `tradebot serve`.

Both modes feed the same aiogram Dispatcher, whose handlers pass the raw update to
`TelegramChannel.process`: de-duplicate by update id, turn the update into a plain `Event`,
let the engine answer, and send the answer through `TelegramSender` (telegram_send.py).

Webhook URL: WEBHOOK_URL is the public base address of `tradebot serve` (for example
`https://bot.example.org`); the webhook is set to WEBHOOK_URL + '/webhooks/telegram'. A
WEBHOOK_URL that already ends with '/webhooks/telegram' is used as given. The secret is
WEBHOOK_SECRET, or derived from the token when unset. A webhook request is answered after
its update is handled; should Telegram time out and send it again, the repeat is skipped.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from aiogram.enums import ChatMemberStatus
from aiogram.methods import DeleteWebhook, SetWebhook
from aiogram.types import CallbackQuery, Message, Update
from aiohttp import web
from pydantic import ValidationError

from bot.admin import MAX_UPLOAD_BYTES
from bot.bootstrap import App
from bot.channels.base import STALE_PREFIX
from bot.channels.telegram_render import parse_callback_data
from bot.channels.telegram_send import TelegramSender
from bot.channels.telegram_session import JsonSession
from bot.experts import deliver_answer, parse_answer
from handlers.events import Attachment, Event, Outcome, UserRef, our_language
from knowledge import DEFAULT_LANG

log = logging.getLogger(__name__)

CHANNEL = "telegram"
WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
DRAIN_TIMEOUT_S = 30.0


class TelegramChannel:
    """One update in, the engine's answer out; a failure reaches only the user it concerns."""

    name = CHANNEL

    def __init__(self, app: App, bot: Bot) -> None:
        self.app = app
        self.bot = bot
        self.sender = TelegramSender(bot, app.store)
        self._in_flight: set[asyncio.Task[None]] = set()

    # ---- update -> event ----------------------------------------------------------------

    def to_event(self, update: Update, knowledge_version: int | None = None) -> Event | None:
        """Messages and button taps become events; other updates need no answer.

        A tapped button whose version differs from `knowledge_version` becomes a
        'stale:<id>' choice, which the engine answers as a button from an earlier message.
        """
        if update.callback_query is not None:
            return self._choice_event(update.callback_query, knowledge_version)
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return None
        user = UserRef(CHANNEL, str(message.chat.id))
        lang = message.from_user.language_code
        if message.text is None:  # photo, sticker, voice...: the engine asks for typed text
            return Event.text(user, "", lang)
        return Event.parse_text(user, message.text, lang)

    @staticmethod
    def _choice_event(callback: CallbackQuery, knowledge_version: int | None) -> Event:
        user = UserRef(CHANNEL, str(chat_id_of(callback)))
        version, choice_id = parse_callback_data(callback.data)
        if knowledge_version is not None and version != knowledge_version:
            choice_id = STALE_PREFIX + choice_id
        return Event.choice(user, choice_id, callback.from_user.language_code)

    # ---- handling -----------------------------------------------------------------------

    async def process(self, update: Update) -> None:
        """Handle one update exactly once; never raises, so the bot keeps serving others."""
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            await self._process(update)
        finally:
            if task is not None:
                self._in_flight.discard(task)

    async def _process(self, update: Update) -> None:
        user, lang = sender_of(update)
        try:
            if not await self.app.store.first_delivery(CHANNEL, str(update.update_id)):
                log.info("telegram update %s delivered again; skipped", update.update_id)
                return
        except Exception:
            log.exception("cannot record telegram update %s", update.update_id)
            if update.callback_query is not None:
                await self.sender.answer_callback(update.callback_query.id)
            await self._tell(user, lang, "error-try-again")
            return
        try:
            await self._answer(update)
        except Exception:
            log.exception("telegram update %s failed", update.update_id)
            await self._tell(user, lang, "error-apology")

    async def _answer(self, update: Update) -> None:
        member = update.my_chat_member
        if member is not None:
            if member.new_chat_member.status == ChatMemberStatus.KICKED:
                await self.app.store.mark_inactive(UserRef(CHANNEL, str(member.chat.id)))
            return
        callback = update.callback_query
        if callback is not None:
            await self.sender.answer_callback(callback.id)
        if update.message is not None and self.is_expert_chat(update.message):
            await self.expert_answer(update.message)
            return
        library = await self.app.knowledge.current()
        event = self.to_event(update, library.knowledge.version)
        if event is None:
            return
        if update.message is not None and update.message.document is not None:
            event = await self.with_document(event, update.message)
        outcome = await self.app.engine.handle(event)
        await self.reply(event.user, outcome, callback)

    def is_expert_chat(self, message: Message) -> bool:
        expert = self.app.store.expert_chat
        return (
            expert is not None
            and expert.channel == CHANNEL
            and (str(message.chat.id) == expert.platform_id)
        )

    async def expert_answer(self, message: Message) -> None:
        """An expert answers by replying to the forwarded question, or '/answer N text'."""
        replied = message.reply_to_message
        parsed = parse_answer(message.text or "", replied.text if replied else None)
        if parsed is None:
            return
        delivered = await deliver_answer(self.app, *parsed)
        key = "expert-delivered" if delivered else "expert-unknown-question"
        await self.sender.send_text(message.chat.id, self.app.translator("en", key, id=parsed[0]))

    async def with_document(self, event: Event, message: Message) -> Event:
        """Files matter only to admins (knowledge uploads): only theirs are downloaded, and
        not when over the upload limit (the admin service answers that from the size)."""
        document = message.document
        assert document is not None
        name = document.file_name or "upload.yaml"
        size = document.file_size or 0
        empty = Event.document(event.user, Attachment(name, b""), event.platform_lang)
        if not await self.app.admin.admits(empty):  # admins; reporters for a prices .csv
            return empty
        if size > MAX_UPLOAD_BYTES:
            log.warning("an admin's file of %d bytes was not downloaded", size)
            attachment = Attachment(name, b"", declared_size=size)
            return Event.document(event.user, attachment, event.platform_lang)
        buffer = await self.bot.download(document.file_id)
        data = buffer.read() if buffer is not None else b""
        return Event.document(event.user, Attachment(name, data), event.platform_lang)

    async def reply(self, user: UserRef, outcome: Outcome, callback: CallbackQuery | None) -> None:
        """Send the outcome; paging answers replace the message whose button was tapped."""
        replies = outcome.replies
        carrier = callback.message if callback is not None else None
        if outcome.edit_in_place and replies and isinstance(carrier, Message):
            edited = await self.sender.edit_reply(
                carrier.chat.id, carrier.message_id, replies[0], outcome.knowledge_version
            )
            if edited:
                replies = replies[1:]
        await self.sender.deliver(user, replies, outcome.knowledge_version)

    async def _tell(self, user: UserRef | None, platform_lang: str | None, key: str) -> None:
        """A short apology in the user's language; best effort, it must not raise."""
        if user is None:
            return
        try:
            lang = await self._language(user, platform_lang)
            await self.sender.send_text(int(user.platform_id), self.app.translator(lang, key))
        except Exception:
            log.exception("could not send the apology either")

    async def _language(self, user: UserRef, platform_lang: str | None) -> str:
        try:
            stored = await self.app.store.language_of(user)
        except Exception:
            stored = None
        return our_language(stored or platform_lang) or DEFAULT_LANG

    async def drain(self, timeout: float = DRAIN_TIMEOUT_S) -> None:
        """Let updates being handled finish before the session closes."""
        pending = {task for task in self._in_flight if task is not asyncio.current_task()}
        if pending:
            await asyncio.wait(pending, timeout=timeout)


def chat_id_of(callback: CallbackQuery) -> int:
    return callback.message.chat.id if callback.message is not None else callback.from_user.id


def sender_of(update: Update) -> tuple[UserRef | None, str | None]:
    """Who to apologize to if handling fails, and in which messenger language."""
    if update.callback_query is not None:
        callback = update.callback_query
        return UserRef(CHANNEL, str(chat_id_of(callback))), callback.from_user.language_code
    message = update.message
    if message is not None and message.from_user is not None and not message.from_user.is_bot:
        return UserRef(CHANNEL, str(message.chat.id)), message.from_user.language_code
    return None, None


# ---- wiring -------------------------------------------------------------------------------


@dataclass
class TelegramRuntime:
    bot: Bot
    dispatcher: Dispatcher
    channel: TelegramChannel
    started: asyncio.Event = field(default_factory=asyncio.Event)

    async def close(self) -> None:
        await self.channel.drain()
        await self.bot.session.close()


def create_runtime(app: App) -> TelegramRuntime:
    """Bot on the configured API server, and a dispatcher whose handlers call the channel."""
    token = app.settings.telegram_token
    if token is None:
        raise RuntimeError("TELEGRAM_TOKEN is not set")
    session = JsonSession(app.settings.telegram_api_url)
    bot = Bot(token.get_secret_value(), session=session)
    channel = TelegramChannel(app, bot)
    dispatcher = Dispatcher()
    runtime = TelegramRuntime(bot, dispatcher, channel)

    async def on_update(_event: object, event_update: Update) -> None:
        await channel.process(event_update)

    async def on_startup() -> None:
        runtime.started.set()

    dispatcher.message.register(on_update)
    dispatcher.callback_query.register(on_update)
    dispatcher.my_chat_member.register(on_update)
    dispatcher.startup.register(on_startup)
    return runtime


async def run_polling(
    app: App, *, stop: asyncio.Event | None = None, polling_timeout: int = 10
) -> None:
    """Serve Telegram by long polling until SIGINT/SIGTERM, or until `stop` is set (tests)."""
    runtime = create_runtime(app)
    watcher: asyncio.Task[None] | None = None
    try:
        await runtime.channel.sender.call(DeleteWebhook(drop_pending_updates=False))
        if stop is not None:
            watcher = asyncio.create_task(_stop_when_set(stop, runtime))
        await runtime.dispatcher.start_polling(
            runtime.bot,
            polling_timeout=polling_timeout,
            allowed_updates=ALLOWED_UPDATES,
            handle_signals=stop is None,
            close_bot_session=False,
        )
    finally:
        if watcher is not None:
            watcher.cancel()
        await runtime.close()


async def _stop_when_set(stop: asyncio.Event, runtime: TelegramRuntime) -> None:
    await stop.wait()
    await runtime.started.wait()
    await runtime.dispatcher.stop_polling()


# ---- webhook ------------------------------------------------------------------------------


def webhook_secret(app: App) -> str:
    """WEBHOOK_SECRET, or one derived from the token so every worker agrees on it."""
    if app.settings.webhook_secret is not None:
        return app.settings.webhook_secret.get_secret_value()
    token = app.settings.telegram_token
    assert token is not None
    return hmac.new(
        token.get_secret_value().encode(), b"tradebot-webhook", hashlib.sha256
    ).hexdigest()


def webhook_url(base: str) -> str:
    base = base.rstrip("/")
    return base if base.endswith(WEBHOOK_PATH) else base + WEBHOOK_PATH


async def setup_webhook_routes(web_app: web.Application, app: App) -> None:
    """POST /webhooks/telegram, setWebhook when the server starts, session closed at cleanup."""
    runtime = create_runtime(app)
    secret = webhook_secret(app)

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=401)
        try:
            data = json.loads(await request.read())
            update = Update.model_validate(data, context={"bot": runtime.bot})
        except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError included
            return web.Response(status=400)
        await runtime.channel.process(update)  # the dispatcher's routing adds nothing here
        return web.Response(status=200)

    async def set_webhook(_web_app: web.Application) -> None:
        if app.settings.webhook_url is None:
            log.warning("WEBHOOK_URL is not set: Telegram's webhook is left as it is")
            return
        await runtime.channel.sender.call(
            SetWebhook(
                url=webhook_url(app.settings.webhook_url),
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        )
        log.info("telegram webhook set")

    async def close(_web_app: web.Application) -> None:
        await runtime.close()

    web_app.router.add_post(WEBHOOK_PATH, receive)
    web_app.on_startup.append(set_webhook)
    web_app.on_cleanup.append(close)
