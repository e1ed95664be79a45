"""The Telegram channel: long polling for `tradebot run`, webhooks for `tradebot serve`.

Every update goes through the durable inbox (bot/inbox.py) before Telegram is told it
arrived: a webhook is answered 200 once the update is stored (and, as before, handled), and
long polling asks for the next offset (which confirms the last ones) only once the batch
is stored. When the database cannot store it, the trader is told to try again and the
webhook answers 503, so Telegram delivers it again; polling asks for the same updates
again. A repeat of a stored update is answered 200 and not handled twice.

Webhook URL: WEBHOOK_URL is the public base address of `tradebot serve` (for example
`https://bot.example.org`); the webhook is set to WEBHOOK_URL + '/webhooks/telegram'. A
WEBHOOK_URL that already ends with '/webhooks/telegram' is used as given. The secret is
WEBHOOK_SECRET, or derived from the token when unset.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import signal
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.enums import ChatMemberStatus
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import DeleteWebhook, GetUpdates, SetWebhook
from aiogram.types import CallbackQuery, Message, Update
from aiohttp import web
from pydantic import ValidationError

from bot.admin import MAX_UPLOAD_BYTES
from bot.bootstrap import App
from bot.channels.base import STALE_PREFIX, recovery
from bot.channels.edge import BadInput, clean, clean_text, load_json, telegram_id_ok
from bot.channels.telegram_render import parse_callback_data
from bot.channels.telegram_send import TelegramSender
from bot.channels.telegram_session import JsonSession
from bot.experts import deliver_answer, parse_answer
from bot.inbox import (
    MAX_ATTEMPTS,
    Item,
    KeyedLocks,
    QueuedReply,
    Receipt,
    Recovery,
    Throttle,
    json_replies,
)
from handlers.events import Attachment, Event, Outcome, Reply, UserRef, our_language
from knowledge import DEFAULT_LANG

log = logging.getLogger(__name__)

CHANNEL = "telegram"
WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
DRAIN_TIMEOUT_S = 30.0
POLL_PAUSE_S = (0.5, 5.0)  # after a failed getUpdates or a batch that could not be stored
PLATFORM_ERRORS = (TelegramAPIError, aiohttp.ClientError, TimeoutError)
TEXT_LIMIT = 4096  # a Telegram message's length
NOBODY = UserRef(CHANNEL, "0")  # updates from no trader (a member update without a chat)


def dump(update: Update) -> dict[str, Any]:
    """An update from getUpdates as Telegram sent it, cleaned like a webhook body."""
    return clean(update.model_dump(mode="json", by_alias=True, exclude_none=True))


class TelegramChannel:
    """One update in, the engine's answer out; a failure reaches only the user it concerns."""

    name = CHANNEL

    def __init__(self, app: App, bot: Bot) -> None:
        self.app = app
        self.bot = bot
        self.sender = TelegramSender(bot, app.store)
        self.locks = KeyedLocks()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._told = Throttle()

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
        return Event.parse_text(user, clean_text(message.text, TEXT_LIMIT), lang)

    @staticmethod
    def _choice_event(callback: CallbackQuery, knowledge_version: int | None) -> Event:
        user = UserRef(CHANNEL, str(chat_id_of(callback)))
        version, choice_id = parse_callback_data(callback.data)
        if knowledge_version is not None and version != knowledge_version:
            choice_id = STALE_PREFIX + choice_id
        return Event.choice(user, choice_id, callback.from_user.language_code)

    # ---- handling -----------------------------------------------------------------------

    async def receive(self, update: Update, data: dict[str, Any]) -> int:
        """A webhook update: stored, then handled; the HTTP status to answer Telegram."""
        user, lang = sender_of(update)
        try:
            items = await self.app.inbox.accept(CHANNEL, [(str(update.update_id), user, data)])
        except Exception as error:
            log.warning("cannot store telegram update: %s", type(error).__name__)
            if update.callback_query is not None:
                await self.sender.answer_callback(update.callback_query.id)
            await self._tell(user, lang, "error-try-again", outage=True)
            return 503  # Telegram delivers it again
        for item in items:
            await self.handle(item, update if item.payload is data else None)
        return 200

    async def accept(self, updates: list[Update]) -> list[Item]:
        """A batch from getUpdates, stored in one transaction (raises when it cannot be)."""
        entries = [
            (str(update.update_id), sender_of(update)[0], dump(update))
            for update in updates
            if telegram_id_ok(update.update_id)
        ]
        return await self.app.inbox.accept(CHANNEL, entries)

    def spawn(self, item: Item) -> None:
        task = asyncio.create_task(self.handle(item))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def handle(self, item: Item, update: Update | None = None) -> None:
        """Handle one stored update, after the same trader's earlier ones; never raises.
        `update` is the item's payload already parsed (a webhook's, handled at once)."""
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            async with self.locks.held(item.sender):
                if item.older_pending:
                    await self.app.inbox.catch_up(item, self._handle_held)
                await self._handle_held(item, update)
        except Exception:
            log.exception("telegram update could not be handled")
        finally:
            if task is not None:
                self._in_flight.discard(task)

    async def _handle_held(self, item: Item, update: Update | None = None) -> None:
        try:
            if update is None:
                update = Update.model_validate(item.payload, context={"bot": self.bot})
        except ValidationError:
            log.error("a stored telegram update no longer parses; dropped")
            await self.app.inbox.finish(self.app.inbox.receipt(item, NOBODY), None)
            return
        user, lang = sender_of(update)
        receipt = self.app.inbox.receipt(item, user or NOBODY)
        try:
            if item.exhausted:
                raise RuntimeError("handling this update failed again and again")
            await self._answer(update, receipt)
        except Exception:
            log.exception("telegram update failed")
            if not receipt.committed and not receipt.already_handled:
                await self._finish_with_apology(receipt, user, lang)

    async def _finish_with_apology(
        self, receipt: Receipt, user: UserRef | None, lang: str | None
    ) -> None:
        """Handling failed (our bug): the update is marked handled with an apology queued,
        so it is not tried again and again."""
        text = self.app.translator(await self._language(user, lang), "error-apology")
        if user is None:
            await self.app.inbox.finish(receipt, None)
            return
        outcome = Outcome([Reply(text)], failed=True)
        await self.app.inbox.finish(receipt, outcome)
        if receipt.committed:
            await self.send(receipt, user, outcome, None, lang)

    async def _answer(self, update: Update, receipt: Receipt) -> None:
        inbox = self.app.inbox
        member = update.my_chat_member
        if member is not None:
            if member.new_chat_member.status == ChatMemberStatus.KICKED:
                await self.app.store.mark_inactive(UserRef(CHANNEL, str(member.chat.id)))
            await inbox.finish(receipt, None)
            return
        callback = update.callback_query
        if callback is not None:
            await self.sender.answer_callback(callback.id)
        if update.message is not None and self.is_expert_chat(update.message):
            await self.expert_answer(update.message)
            await inbox.finish(receipt, None)
            return
        library = await self.app.knowledge.current()
        event = self.to_event(update, library.knowledge.version)
        if event is None:
            await inbox.finish(receipt, None)
            return
        if update.message is not None and update.message.document is not None:
            event = await self.with_document(event, update.message)
        carrier = callback.message if callback is not None else None
        if isinstance(carrier, Message):
            receipt.extra["carrier"] = [carrier.chat.id, carrier.message_id]
        outcome = await self.app.engine.handle(event, receipt.commit)
        if receipt.already_handled:
            return
        if outcome.outage:
            lang = sender_of(update)[1]
            await self._tell(event.user, lang, "error-try-again", outage=True)
            self._retry_later(receipt.item)
            return
        if not receipt.committed:  # admin replies and apologies: no turn transaction
            await inbox.finish(receipt, outcome)
            if not receipt.committed:
                return
        await self.send(receipt, event.user, outcome, callback, event.platform_lang)

    def _retry_later(self, item: Item) -> None:
        task = asyncio.create_task(self.app.inbox.retry_after_outage(item, self.handle))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def send(
        self,
        receipt: Receipt,
        user: UserRef,
        outcome: Outcome,
        callback: CallbackQuery | None,
        platform_lang: str | None,
    ) -> None:
        """The queued reply, sent from memory; its row deleted once Telegram took it."""
        try:
            await self.reply(user, outcome, callback)
        except PLATFORM_ERRORS as error:
            log.warning("telegram reply not sent, queued for later: %s", type(error).__name__)
            await self.app.inbox.not_sent(receipt.outbox_id)
            return
        except Exception:
            log.exception("a telegram reply could not be sent")
            await self.app.inbox.not_sent(receipt.outbox_id, MAX_ATTEMPTS)
            await self._tell(user, platform_lang, "error-apology")
            return
        await self.app.inbox.sent(receipt.outbox_id)

    async def resend(self, queued: QueuedReply) -> None:
        """A reply a crash or a failure left unsent (Recovery)."""
        payload = queued.payload
        replies = json_replies(payload)
        version = int(payload.get("version") or 0)
        carrier = payload.get("carrier")
        user = UserRef(CHANNEL, queued.platform_id)
        try:
            if (
                payload.get("edit")
                and carrier
                and replies
                and await self.sender.edit_reply(carrier[0], carrier[1], replies[0], version)
            ):
                replies = replies[1:]
            await self.sender.deliver(user, replies, version)
        except PLATFORM_ERRORS as error:
            log.warning("telegram reply not sent again: %s", type(error).__name__)
            await self.app.inbox.not_sent(queued.id, queued.attempts)
            return
        except Exception:
            log.exception("a queued telegram reply could not be sent")
            await self.app.inbox.not_sent(queued.id, MAX_ATTEMPTS)
            return
        await self.app.inbox.sent(queued.id)

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

    async def _tell(
        self, user: UserRef | None, platform_lang: str | None, key: str, outage: bool = False
    ) -> None:
        """A short apology in the user's language; best effort, it must not raise. During
        an outage, at most once in TRY_AGAIN_EVERY_S to one trader."""
        if user is None:
            return
        if outage and not self._told.allow(user):
            return
        try:
            lang = await self._language(user, platform_lang)
            await self.sender.send_text(int(user.platform_id), self.app.translator(lang, key))
        except Exception:
            log.exception("could not send the apology either")

    async def _language(self, user: UserRef | None, platform_lang: str | None) -> str:
        try:
            stored = await self.app.store.language_of(user) if user is not None else None
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
    channel: TelegramChannel

    async def close(self) -> None:
        await self.channel.drain()
        await self.bot.session.close()


def create_runtime(app: App) -> TelegramRuntime:
    """Bot on the configured API server, and the channel that answers its updates."""
    token = app.settings.telegram_token
    if token is None:
        raise RuntimeError("TELEGRAM_TOKEN is not set")
    session = JsonSession(app.settings.telegram_api_url)
    bot = Bot(token.get_secret_value(), session=session)
    return TelegramRuntime(bot, TelegramChannel(app, bot))


async def run_polling(
    app: App, *, stop: asyncio.Event | None = None, polling_timeout: int = 10
) -> None:
    """Serve Telegram by long polling until SIGINT/SIGTERM, or until `stop` is set (tests).

    Each batch is stored in the inbox before the next getUpdates, whose offset tells
    Telegram the batch arrived; a batch that cannot be stored is asked for again."""
    runtime = create_runtime(app)
    channel = runtime.channel
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
    recovery = Recovery(app.inbox)
    recovery.add(CHANNEL, channel.handle, channel.resend)
    recovering = asyncio.create_task(recovery.run(stop))
    try:
        await channel.sender.call(DeleteWebhook(drop_pending_updates=False))
        await runtime.bot.me()
        await poll(runtime, stop, polling_timeout)
    finally:
        stop.set()
        await recovering
        await runtime.close()


async def poll(runtime: TelegramRuntime, stop: asyncio.Event, polling_timeout: int) -> None:
    channel = runtime.channel
    offset: int | None = None
    pause = POLL_PAUSE_S[0]
    stopped = asyncio.create_task(stop.wait())
    try:
        while not stop.is_set():
            request = asyncio.create_task(
                runtime.bot(
                    GetUpdates(
                        offset=offset, timeout=polling_timeout, allowed_updates=ALLOWED_UPDATES
                    ),
                    request_timeout=polling_timeout + 30,
                )
            )
            await asyncio.wait({request, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if stop.is_set():
                request.cancel()
                with contextlib.suppress(BaseException):
                    await request
                return
            try:
                updates = request.result()
                items = await channel.accept(updates) if updates else []
            except PLATFORM_ERRORS as error:
                log.warning("getUpdates failed (%s); retrying", type(error).__name__)
                await pause_unless_stopped(stop, pause)
                pause = min(pause * 2, POLL_PAUSE_S[1])
                continue
            except Exception as error:  # the batch could not be stored: ask for it again
                log.warning("cannot store telegram updates: %s", type(error).__name__)
                for update in updates:
                    user, lang = sender_of(update)
                    await channel._tell(user, lang, "error-try-again", outage=True)
                await pause_unless_stopped(stop, pause)
                pause = min(pause * 2, POLL_PAUSE_S[1])
                continue
            pause = POLL_PAUSE_S[0]
            if updates:
                offset = updates[-1].update_id + 1
            for item in items:
                channel.spawn(item)
    finally:
        stopped.cancel()


async def pause_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


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
            data = load_json(await request.read())
            if not isinstance(data, dict):
                raise BadInput("not an object")
            update = Update.model_validate(data, context={"bot": runtime.bot})
        except (BadInput, ValidationError):
            return web.Response(status=400)
        if not telegram_id_ok(update.update_id):
            return web.Response(status=400)
        return web.Response(status=await runtime.channel.receive(update, data))

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

    recovery(web_app).add(CHANNEL, runtime.channel.handle, runtime.channel.resend)
    web_app.router.add_post(WEBHOOK_PATH, receive)
    web_app.on_startup.append(set_webhook)
    web_app.on_cleanup.append(close)
