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
from collections.abc import Mapping, Sequence
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
from bot.channels.contract import (
    ChannelSpec,
    InactiveMarker,
    InboxChannel,
    Limits,
    Outlet,
    Services,
    Unreadable,
)
from bot.channels.edge import BadInput, clean, clean_text, load_json, telegram_id_ok
from bot.channels.telegram_render import (
    CALLBACK_LIMIT,
    MESSAGE_LIMIT,
    escaped_size,
    parse_callback_data,
    render_replies,
)
from bot.channels.telegram_send import TelegramSender
from bot.channels.telegram_session import JsonSession
from bot.experts import deliver_answer, parse_answer
from bot.inbox import (
    Item,
    Receipt,
    Recovery,
)
from handlers.events import Attachment, Event, Outcome, Reply, UserRef

log = logging.getLogger(__name__)

CHANNEL = "telegram"
WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
DRAIN_TIMEOUT_S = 30.0
POLL_PAUSE_S = (0.5, 5.0)  # after a failed getUpdates or a batch that could not be stored
PLATFORM_ERRORS = (TelegramAPIError, aiohttp.ClientError, TimeoutError)
TEXT_LIMIT = 4096  # a Telegram message's length


def dump(update: Update) -> dict[str, Any]:
    """An update from getUpdates as Telegram sent it, cleaned like a webhook body."""
    return clean(update.model_dump(mode="json", by_alias=True, exclude_none=True))


class TelegramChannel(InboxChannel):
    """One update in, the engine's answer out; a failure reaches only the user it concerns."""

    name = CHANNEL
    platform_errors = PLATFORM_ERRORS

    def __init__(self, app: Services, bot: Bot) -> None:
        super().__init__(app)
        self.bot = bot
        self.sender = TelegramSender(bot, app.store)

    def to_event(self, update: Update, knowledge_version: int | None = None) -> Event | None:
        return to_event(update, knowledge_version)

    # ---- in ----------------------------------------------------------------------------

    async def receive(self, update: Update, data: dict[str, Any]) -> int:
        """A webhook update: stored, then handled; the HTTP status to answer Telegram."""
        user, lang = sender_of(update)
        try:
            items = await self.accept([(str(update.update_id), user, data)])
        except Exception as error:
            log.warning("cannot store telegram update: %s", type(error).__name__)
            if update.callback_query is not None:
                await self.sender.answer_callback(update.callback_query.id)
            await self.tell(user, lang, "error-try-again", outage=True)
            return 503  # Telegram delivers it again
        for item in items:
            await self.handle(item, update if item.payload is data else None)
        return 200

    async def accept_batch(self, updates: list[Update]) -> list[Item]:
        """A batch from getUpdates, stored in one transaction (raises when it cannot be)."""
        entries = [
            (str(update.update_id), sender_of(update)[0], dump(update))
            for update in updates
            if telegram_id_ok(update.update_id)
        ]
        return await self.accept(entries)

    # ---- the contract's part (bot/channels/contract.py) ---------------------------------

    def load(self, payload: dict[str, Any]) -> Update:
        try:
            return Update.model_validate(payload, context={"bot": self.bot})
        except ValidationError as error:
            raise Unreadable from error

    def who(self, update: Update) -> tuple[UserRef | None, str | None]:
        return sender_of(update)

    async def answer(self, update: Update, receipt: Receipt) -> None:
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
        await self.turn(event, receipt, sender_of(update)[1], callback)

    async def deliver_outcome(
        self, user: UserRef, outcome: Outcome, receipt: Receipt, context: Any
    ) -> None:
        await self.reply(user, outcome, context)

    async def deliver(
        self, user: UserRef, replies: Sequence[Reply], version: int, extra: Mapping[str, Any]
    ) -> None:
        """A queued reply; a paging answer replaces the message whose button was tapped."""
        carrier = extra.get("carrier")
        if (
            extra.get("edit")
            and carrier
            and replies
            and await self.sender.edit_reply(carrier[0], carrier[1], replies[0], version)
        ):
            replies = replies[1:]
        await self.sender.deliver(user, replies, version)

    async def say(self, user: UserRef, text: str) -> None:
        await self.sender.send_text(int(user.platform_id), text)

    # ---- out ---------------------------------------------------------------------------

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

    async def drain(self, timeout: float = DRAIN_TIMEOUT_S) -> bool:
        """Let updates being handled finish before the session closes."""
        return await self.in_flight.drain(timeout)


def to_event(update: Update, knowledge_version: int | None = None) -> Event | None:
    """Messages and button taps become events; other updates need no answer.

    A tapped button whose version differs from `knowledge_version` becomes a
    'stale:<id>' choice, which the engine answers as a button from an earlier message.
    """
    if update.callback_query is not None:
        return choice_event(update.callback_query, knowledge_version)
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    user = UserRef(CHANNEL, str(message.chat.id))
    lang = message.from_user.language_code
    if message.text is None:  # photo, sticker, voice...: the engine asks for typed text
        return Event.text(user, "", lang)
    return Event.parse_text(user, clean_text(message.text, TEXT_LIMIT), lang)


def choice_event(callback: CallbackQuery, knowledge_version: int | None) -> Event:
    user = UserRef(CHANNEL, str(chat_id_of(callback)))
    version, choice_id = parse_callback_data(callback.data)
    if knowledge_version is not None and version != knowledge_version:
        choice_id = STALE_PREFIX + choice_id
    return Event.choice(user, choice_id, callback.from_user.language_code)


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


def create_runtime(app: Services) -> TelegramRuntime:
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
    runtime = create_runtime(Services.of(app))
    channel = runtime.channel
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
    recovery = Recovery(app.inbox)
    recovery.add(*channel.recovery())
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
                items = await channel.accept_batch(updates) if updates else []
            except PLATFORM_ERRORS as error:
                log.warning("getUpdates failed (%s); retrying", type(error).__name__)
                await pause_unless_stopped(stop, pause)
                pause = min(pause * 2, POLL_PAUSE_S[1])
                continue
            except Exception as error:  # the batch could not be stored: ask for it again
                log.warning("cannot store telegram updates: %s", type(error).__name__)
                for update in updates:
                    user, lang = sender_of(update)
                    await channel.tell(user, lang, "error-try-again", outage=True)
                await pause_unless_stopped(stop, pause)
                pause = min(pause * 2, POLL_PAUSE_S[1])
                continue
            pause = POLL_PAUSE_S[0]
            if updates:
                offset = updates[-1].update_id + 1
            for item in items:
                channel.spawn(channel.handle(item))
    finally:
        stopped.cancel()


async def pause_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


# ---- webhook ------------------------------------------------------------------------------


def webhook_secret(app: Services) -> str:
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


async def setup_webhook_routes(web_app: web.Application, app: Services) -> None:
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

    recovery(web_app).add(*runtime.channel.recovery())
    web_app.router.add_post(WEBHOOK_PATH, receive)
    web_app.on_startup.append(set_webhook)
    web_app.on_cleanup.append(close)


# ---- the channel's declaration (bot/channels/contract.py) -------------------------------


def parse(payload: dict[str, Any], knowledge_version: int | None) -> Event | None:
    """A stored update -> the event the engine is asked (None: nothing to answer)."""
    return to_event(Update.model_validate(payload), knowledge_version)


def outlet(services: Services, marker: InactiveMarker, stack: contextlib.AsyncExitStack) -> Outlet:
    from bot.channels.telegram_outbox import telegram_sender

    sender, status, close = telegram_sender(services, marker)
    stack.push_async_callback(close)
    return Outlet(sender, status)


SPEC = ChannelSpec(
    name=CHANNEL,
    settings=("telegram_token", "telegram_api_url", "webhook_url", "webhook_secret"),
    required=("telegram_token",),
    limits=Limits(
        text_max=MESSAGE_LIMIT,
        measure=escaped_size,  # sent as HTML: '<' counts as '&lt;'
        buttons_max=100,  # an inline keyboard's
        choice_id_max=CALLBACK_LIMIT,
        rate_per_s=29.0,  # Telegram allows about 30 messages a second per bot
    ),
    mount=setup_webhook_routes,
    outlet=outlet,
    parse=parse,
    render=render_replies,
)
