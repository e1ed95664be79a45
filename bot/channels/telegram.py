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
from aiohttp import web

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
from bot.channels.telegram_client import BotApi, TelegramAPIError
from bot.channels.telegram_render import (
    CALLBACK_LIMIT,
    MESSAGE_LIMIT,
    escaped_size,
    parse_callback_data,
    preview,
    render_replies,
)
from bot.channels.telegram_send import TelegramSender
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


# An update as Telegram sends it (JSON), checked by `read_update` for the fields read here.
Update = dict[str, Any]
Message = dict[str, Any]
CallbackQuery = dict[str, Any]
KICKED = "kicked"  # a ChatMember's status once the user blocked the bot


def read_update(data: Any) -> Update:
    """The update if every field this channel reads has its Bot API type (BadInput if not).

    Only what is read is checked, as a schema of the whole Bot API would cost far more than
    it protects: the update id, and of a message, a button tap or a member update the ids,
    texts and files that become an event."""
    if not isinstance(data, dict) or not is_int(data.get("update_id")):
        raise BadInput("not an update")
    message = data.get("message")
    if message is not None:
        check_message(message)
    callback = data.get("callback_query")
    if callback is not None:
        if not isinstance(callback, dict) or not isinstance(callback.get("id"), str):
            raise BadInput("callback_query")
        check_user(callback.get("from"))
        if not isinstance(callback.get("data"), str | None):
            raise BadInput("callback_query.data")
        if callback.get("message") is not None:
            check_message(callback["message"], inaccessible=True)
    member = data.get("my_chat_member")
    if member is not None:
        if not isinstance(member, dict):
            raise BadInput("my_chat_member")
        check_chat(member.get("chat"))
        new = member.get("new_chat_member")
        if not isinstance(new, dict) or not isinstance(new.get("status"), str):
            raise BadInput("my_chat_member.new_chat_member")
    return data


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_chat(chat: Any) -> None:
    if not isinstance(chat, dict) or not is_int(chat.get("id")):
        raise BadInput("chat")


def check_user(user: Any) -> None:
    if not isinstance(user, dict) or not is_int(user.get("id")):
        raise BadInput("from")
    if not isinstance(user.get("is_bot", False), bool):
        raise BadInput("from.is_bot")
    if not isinstance(user.get("language_code"), str | None):
        raise BadInput("from.language_code")


def check_message(message: Any, inaccessible: bool = False) -> None:
    if not isinstance(message, dict) or not is_int(message.get("message_id")):
        raise BadInput("message")
    check_chat(message.get("chat"))
    if inaccessible:  # a tapped message may be too old to read: only its chat and id count
        return
    if message.get("from") is not None:
        check_user(message["from"])
    if not isinstance(message.get("text"), str | None):
        raise BadInput("message.text")
    document = message.get("document")
    if document is not None and (
        not isinstance(document, dict)
        or not isinstance(document.get("file_id"), str)
        or not isinstance(document.get("file_name"), str | None)
        or not (document.get("file_size") is None or is_int(document["file_size"]))
    ):
        raise BadInput("message.document")
    replied = message.get("reply_to_message")
    if replied is not None:
        check_message(replied)


def dump(update: Update) -> dict[str, Any]:
    """An update from getUpdates as Telegram sent it, cleaned like a webhook body."""
    return clean(update)


class TelegramChannel(InboxChannel):
    """One update in, the engine's answer out; a failure reaches only the user it concerns."""

    name = CHANNEL
    platform_errors = PLATFORM_ERRORS

    def __init__(self, app: Services, bot: BotApi) -> None:
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
            items = await self.accept([(str(update["update_id"]), user, data)])
        except Exception as error:
            log.warning("cannot store telegram update: %s", type(error).__name__)
            if update.get("callback_query") is not None:
                await self.sender.answer_callback(update["callback_query"]["id"])
            await self.tell(user, lang, "error-try-again", outage=True)
            return 503  # Telegram delivers it again
        for item in items:
            await self.handle(item, update if item.payload is data else None)
        return 200

    async def accept_batch(self, updates: list[Update]) -> list[Item]:
        """A batch from getUpdates, stored in one transaction (raises when it cannot be)."""
        entries = [
            (str(update["update_id"]), sender_of(update)[0], dump(update))
            for update in updates
            if telegram_id_ok(update["update_id"])
        ]
        return await self.accept(entries)

    # ---- the contract's part (bot/channels/contract.py) ---------------------------------

    def load(self, payload: dict[str, Any]) -> Update:
        try:
            return read_update(payload)
        except BadInput as error:
            raise Unreadable from error

    def who(self, update: Update) -> tuple[UserRef | None, str | None]:
        return sender_of(update)

    async def answer(self, update: Update, receipt: Receipt) -> None:
        inbox = self.app.inbox
        member = update.get("my_chat_member")
        if member is not None:
            if member["new_chat_member"]["status"] == KICKED:
                await self.app.store.mark_inactive(UserRef(CHANNEL, str(member["chat"]["id"])))
            await inbox.finish(receipt, None)
            return
        callback = update.get("callback_query")
        if callback is not None:
            await self.sender.answer_callback(callback["id"])
        message = update.get("message")
        if message is not None and self.is_expert_chat(message):
            await self.expert_answer(message)
            await inbox.finish(receipt, None)
            return
        library = await self.app.knowledge.current()
        event = self.to_event(update, library.knowledge.version)
        if event is None:
            await inbox.finish(receipt, None)
            return
        if message is not None and message.get("document") is not None:
            event = await self.with_document(event, message)
        carrier = carrier_of(callback)
        if carrier is not None:
            receipt.extra["carrier"] = list(carrier)
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
        carrier = carrier_of(callback)
        if outcome.edit_in_place and replies and carrier is not None:
            edited = await self.sender.edit_reply(
                carrier[0], carrier[1], replies[0], outcome.knowledge_version
            )
            if edited:
                replies = replies[1:]
        await self.sender.deliver(user, replies, outcome.knowledge_version)

    def is_expert_chat(self, message: Message) -> bool:
        expert = self.app.store.expert_chat
        return (
            expert is not None
            and expert.channel == CHANNEL
            and (str(message["chat"]["id"]) == expert.platform_id)
        )

    async def expert_answer(self, message: Message) -> None:
        """An expert answers by replying to the forwarded question, or '/answer N text'."""
        replied = message.get("reply_to_message")
        parsed = parse_answer(message.get("text") or "", replied.get("text") if replied else None)
        if parsed is None:
            return
        delivered = await deliver_answer(self.app, *parsed)
        key = "expert-delivered" if delivered else "expert-unknown-question"
        text = self.app.translator("en", key, id=parsed[0])
        await self.sender.send_text(message["chat"]["id"], text)

    async def with_document(self, event: Event, message: Message) -> Event:
        """Files matter only to admins (knowledge uploads): only theirs are downloaded, and
        not when over the upload limit (the admin service answers that from the size)."""
        document = message["document"]
        name = document.get("file_name") or "upload.yaml"
        size = document.get("file_size") or 0
        empty = Event.document(event.user, Attachment(name, b""), event.platform_lang)
        if not await self.app.admin.admits(empty):  # admins; reporters for a prices .csv
            return empty
        if size > MAX_UPLOAD_BYTES:
            log.warning("an admin's file of %d bytes was not downloaded", size)
            attachment = Attachment(name, b"", declared_size=size)
            return Event.document(event.user, attachment, event.platform_lang)
        data = await self.bot.download(document["file_id"])
        return Event.document(event.user, Attachment(name, data), event.platform_lang)

    async def drain(self, timeout: float = DRAIN_TIMEOUT_S) -> bool:
        """Let updates being handled finish before the session closes."""
        return await self.in_flight.drain(timeout)


def to_event(update: Update, knowledge_version: int | None = None) -> Event | None:
    """Messages and button taps become events; other updates need no answer.

    A tapped button whose version differs from `knowledge_version` becomes a
    'stale:<id>' choice, which the engine answers as a button from an earlier message.
    """
    callback = update.get("callback_query")
    if callback is not None:
        return choice_event(callback, knowledge_version)
    message = update.get("message")
    sender = message.get("from") if message is not None else None
    if message is None or sender is None or sender.get("is_bot"):
        return None
    user = UserRef(CHANNEL, str(message["chat"]["id"]))
    lang = sender.get("language_code")
    if message.get("text") is None:  # photo, sticker, voice...: the engine asks for typed text
        return Event.text(user, "", lang)
    return Event.parse_text(user, clean_text(message["text"], TEXT_LIMIT), lang)


def choice_event(callback: CallbackQuery, knowledge_version: int | None) -> Event:
    user = UserRef(CHANNEL, str(chat_id_of(callback)))
    version, choice_id = parse_callback_data(callback.get("data"))
    if knowledge_version is not None and version != knowledge_version:
        choice_id = STALE_PREFIX + choice_id
    return Event.choice(user, choice_id, callback["from"].get("language_code"))


def chat_id_of(callback: CallbackQuery) -> int:
    message = callback.get("message")
    return message["chat"]["id"] if message is not None else callback["from"]["id"]


def carrier_of(callback: CallbackQuery | None) -> tuple[int, int] | None:
    """(chat, message id) of the message whose button was tapped, when it can be edited:
    a message too old to read comes with date 0."""
    message = callback.get("message") if callback is not None else None
    if message is None or not message.get("date"):
        return None
    return message["chat"]["id"], message["message_id"]


def sender_of(update: Update) -> tuple[UserRef | None, str | None]:
    """Who to apologize to if handling fails, and in which messenger language."""
    callback = update.get("callback_query")
    if callback is not None:
        return UserRef(CHANNEL, str(chat_id_of(callback))), callback["from"].get("language_code")
    message = update.get("message")
    sender = message.get("from") if message is not None else None
    if sender is not None and not sender.get("is_bot"):
        return UserRef(CHANNEL, str(message["chat"]["id"])), sender.get("language_code")
    return None, None


# ---- wiring -------------------------------------------------------------------------------


@dataclass
class TelegramRuntime:
    bot: BotApi
    channel: TelegramChannel

    async def close(self) -> None:
        await self.channel.drain()
        await self.bot.close()


def create_runtime(app: Services) -> TelegramRuntime:
    """Bot on the configured API server, and the channel that answers its updates."""
    token = app.settings.telegram_token
    if token is None:
        raise RuntimeError("TELEGRAM_TOKEN is not set")
    bot = BotApi(token.get_secret_value(), app.settings.telegram_api_url)
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
        await channel.sender.call("deleteWebhook", {"drop_pending_updates": False})
        await runtime.bot("getMe")
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
            params = {
                "offset": offset,
                "timeout": polling_timeout,
                "allowed_updates": ALLOWED_UPDATES,
            }
            request = asyncio.create_task(
                runtime.bot("getUpdates", params, timeout=polling_timeout + 30)
            )
            await asyncio.wait({request, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if stop.is_set():
                request.cancel()
                with contextlib.suppress(BaseException):
                    await request
                return
            try:
                updates = readable(request.result())
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
                offset = updates[-1]["update_id"] + 1
            for item in items:
                channel.spawn(channel.handle(item))
    finally:
        stopped.cancel()


def readable(result: Any) -> list[Update]:
    """getUpdates' result; an update this channel cannot read is logged and passed over."""
    updates: list[Update] = []
    for data in result if isinstance(result, list) else []:
        try:
            updates.append(read_update(data))
        except BadInput as error:
            log.warning("unreadable telegram update skipped: %s", error)
    return updates


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
            update = read_update(data)
        except BadInput:
            return web.Response(status=400)
        if not telegram_id_ok(update["update_id"]):
            return web.Response(status=400)
        return web.Response(status=await runtime.channel.receive(update, data))

    async def set_webhook(_web_app: web.Application) -> None:
        if app.settings.webhook_url is None:
            log.warning("WEBHOOK_URL is not set: Telegram's webhook is left as it is")
            return
        params = {
            "url": webhook_url(app.settings.webhook_url),
            "secret_token": secret,
            "allowed_updates": ALLOWED_UPDATES,
        }
        await runtime.channel.sender.call("setWebhook", params)
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
    return to_event(read_update(payload), knowledge_version)


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
    title="Telegram",
    preview=preview,
)
