"""The WhatsApp Cloud API channel: `/webhooks/whatsapp` on the web server of `tradebot serve`.

GET answers Meta's verification handshake. POST deliveries are checked against their
`X-Hub-Signature-256` before a byte is parsed, then cleaned (bot/channels/edge.py) and
their messages stored in the durable inbox (bot/inbox.py) in one transaction; only then
are they acknowledged (Meta does not send an acknowledged message again) and handled in
the background: each message id once, one trader's messages in order. When the database
cannot store them, the traders are told to try again and Meta gets a 503, so it delivers
them again later. Rendering lives in `whatsapp_render`, sending in `whatsapp_client`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from aiohttp import web

from bot.admin import MAX_UPLOAD_BYTES
from bot.channels.base import STALE_PREFIX
from bot.channels.bubbles import Bubble
from bot.channels.contract import (
    ChannelSpec,
    InactiveMarker,
    InboxChannel,
    Limits,
    Outlet,
    Services,
    serve_channel,
)
from bot.channels.edge import BadInput, load_json, whatsapp_id_ok
from bot.channels.whatsapp_client import (
    UNREACHABLE,
    GraphError,
    MediaTooLarge,
    WhatsAppSender,
    labels_for,
)
from bot.channels.whatsapp_identity import (
    id_change,
    identity,
    sender_of,
    type_label,
    with_sender,
)
from bot.channels.whatsapp_render import (
    BUTTONS_MAX,
    ID_CAP,
    ROWS_MAX,
    TEXT_BODY_MAX,
    Labels,
    page_number,
    parse_choice_id,
    render,
    size,
)
from bot.inbox import Receipt
from handlers.events import Attachment, Event, Outcome, Reply, UserRef

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
PATH = "/webhooks/whatsapp"
# Never a choice the engine offers: it answers 'that button is from an earlier message'.
IGNORED_TYPES = frozenset({"reaction", "system", "ephemeral", "unsupported_ephemeral"})
DEFAULT_FILENAME = "upload.yaml"


@dataclass(frozen=True, slots=True)
class Inbound:
    """One incoming message, made plain: the event, or a page of the current long list.

    A document's event carries no bytes yet: `media_id` says where to fetch them, which
    the channel does only for admins."""

    message_id: str
    user: UserRef
    event: Event | None = None
    page: int | None = None
    media_id: str | None = None


# ---- signature and parsing --------------------------------------------------------------


def signature_ok(secret: str | None, body: bytes, header: str | None) -> bool:
    if not secret or not header:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header.strip().encode("utf-8", "replace"))


def values(delivery: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for entry in as_list(delivery.get("entry")):
        for change in as_list(entry.get("changes") if isinstance(entry, dict) else None):
            value = change.get("value") if isinstance(change, dict) else None
            if isinstance(value, dict):
                yield value


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def for_us(value: dict[str, Any], phone_number_id: str | None) -> bool:
    """One app may serve several numbers; answer only what was sent to ours."""
    metadata = value.get("metadata") or {}
    theirs = metadata.get("phone_number_id") if isinstance(metadata, dict) else None
    return not (phone_number_id and theirs) or str(theirs) == phone_number_id


def to_inbound(
    message: dict[str, Any], version: int | None, user: UserRef | None = None
) -> Inbound | None:
    """A Cloud API message -> what the engine is asked; None for what needs no answer.

    `user` is the sender as the store knows her; without it, as the message names her
    (her BSUID, else her phone number). A tap on a message sent with another knowledge
    version than `version` becomes a 'stale:<id>' choice, which the engine answers as a
    button from an earlier message."""
    message_id, sender = message.get("id"), sender_of(message)
    if not whatsapp_id_ok(message_id) or sender is None:
        return None
    user = user or sender.user()
    kind = message.get("type")
    if kind in IGNORED_TYPES:
        return None
    if kind == "text":
        body = (message.get("text") or {}).get("body")
        return Inbound(
            message_id, user, Event.parse_text(user, body if isinstance(body, str) else "")
        )
    if kind == "interactive":
        reply_id = interactive_id(message.get("interactive") or {})
        if reply_id is not None:
            return choice_inbound(message_id, user, reply_id, version)
    if kind == "button":  # a quick-reply button of a template message: its words
        text = (message.get("button") or {}).get("text")
        return Inbound(message_id, user, Event.text(user, text if isinstance(text, str) else ""))
    if kind == "document":
        return document_inbound(message_id, user, message.get("document"))
    # Image, voice, location, sticker...: the engine asks for words or a button.
    return Inbound(message_id, user, Event.text(user, ""))


def interactive_id(interactive: dict[str, Any]) -> str | None:
    kind = interactive.get("type")
    if kind in ("button_reply", "list_reply"):
        reply_id = (interactive.get(kind) or {}).get("id")
        return reply_id if isinstance(reply_id, str) else None
    return None


def document_inbound(message_id: str, user: UserRef, document: Any) -> Inbound:
    """A file: admins upload knowledge this way; anyone else gets the help (the engine)."""
    document = document if isinstance(document, dict) else {}
    filename, media_id = document.get("filename"), document.get("id")
    name = filename if isinstance(filename, str) and filename.strip() else DEFAULT_FILENAME
    event = Event.document(user, Attachment(name, b""))
    media = media_id if isinstance(media_id, str) and media_id else None
    return Inbound(message_id, user, event, media_id=media)


def choice_inbound(message_id: str, user: UserRef, reply_id: str, version: int | None) -> Inbound:
    sent_with, raw = parse_choice_id(reply_id)
    page = page_number(raw)
    if page is not None:
        return Inbound(message_id, user, Event.command(user, "show"), page)
    # 0: sent without knowing the version (the outbox); the engine still checks the id.
    if version is not None and sent_with and sent_with != version:
        return Inbound(message_id, user, Event.choice(user, STALE_PREFIX + raw))
    return Inbound(message_id, user, Event.choice(user, raw))


def unreachable_recipients(value: dict[str, Any]) -> list[str]:
    """Status callbacks are not answered; a failed one says when a trader cannot be reached
    (named by `recipient_user_id` when the message went to her BSUID, else `recipient_id`)."""
    found = []
    for status in as_list(value.get("statuses")):
        if not isinstance(status, dict) or status.get("status") != "failed":
            continue
        codes = {e.get("code") for e in as_list(status.get("errors")) if isinstance(e, dict)}
        recipient = identity(status.get("recipient_user_id"), status.get("recipient_id"))
        if codes & UNREACHABLE and recipient is not None:
            found.append(recipient.key)
    return found


# ---- the channel ------------------------------------------------------------------------


class WhatsAppChannel(InboxChannel):
    """Cloud API deliveries in, through the inbox, answers out (bot/channels/contract.py)."""

    name = CHANNEL
    platform_errors = (GraphError, httpx.HTTPError)

    def __init__(self, app: Services, sender: WhatsAppSender) -> None:
        super().__init__(app)
        self.sender = sender

    # ---- HTTP ---------------------------------------------------------------------------

    async def verify(self, request: web.Request) -> web.Response:
        expected = self.app.settings.whatsapp_verify_token
        query = request.query
        token = query.get("hub.verify_token", "")
        if (
            expected is not None
            and query.get("hub.mode") == "subscribe"
            and hmac.compare_digest(token.encode(), expected.get_secret_value().encode())
        ):
            return web.Response(text=query.get("hub.challenge", ""), content_type="text/plain")
        return web.Response(status=403, text="forbidden", content_type="text/plain")

    async def receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        secret = self.app.settings.whatsapp_app_secret
        if not signature_ok(
            secret.get_secret_value() if secret else None,
            body,
            request.headers.get("X-Hub-Signature-256"),
        ):
            log.warning("WhatsApp delivery with a missing or wrong signature refused")
            return web.Response(status=401, text="bad signature", content_type="text/plain")
        try:
            delivery = load_json(body)
        except BadInput:
            return web.Response(status=400, text="malformed JSON", content_type="text/plain")
        if not isinstance(delivery, dict):
            return web.Response(status=400, text="expected an object", content_type="text/plain")
        entries, unreachable = self.messages_of(delivery)
        if unreachable:
            self.spawn(self.mark_unreachable(unreachable))
        try:
            items = await self.accept(entries)
        except Exception as error:
            log.warning("cannot store WhatsApp messages: %s", type(error).__name__)
            writing = {u for _, u, m in entries if u is not None and id_change(m) is None}
            for user in writing:
                self.spawn(self.tell(user, None, "error-try-again", outage=True))
            return web.Response(status=503, text="try later", content_type="text/plain")
        for item in items:
            self.spawn(self.handle(item))
        return web.Response(text="ok", content_type="text/plain")

    def messages_of(
        self, delivery: dict[str, Any]
    ) -> tuple[list[tuple[str, UserRef | None, dict[str, Any]]], list[str]]:
        """(message id, sender, message) of each message to answer or id change to apply;
        unreachable traders. The sender's ids (phone number, BSUID) are put on the stored
        message, from `contacts` where the message itself lacks one."""
        ours = self.app.settings.whatsapp_phone_number_id
        entries: list[tuple[str, UserRef | None, dict[str, Any]]] = []
        unreachable: list[str] = []
        for value in values(delivery):
            if not for_us(value, ours):
                continue
            unreachable += unreachable_recipients(value)
            contacts = as_list(value.get("contacts"))
            for message in as_list(value.get("messages")):
                if not isinstance(message, dict):
                    continue
                change = id_change(message)
                sender = change.before if change else sender_of(message, contacts)
                if sender is None:
                    self.unattributed(message)
                    continue
                if change is None and message.get("type") in IGNORED_TYPES:
                    continue
                message_id = message.get("id")
                if whatsapp_id_ok(message_id):
                    named = message if change else with_sender(message, sender)
                    entries.append((message_id, sender.user(), named))
        return entries, unreachable

    def unattributed(self, message: dict[str, Any]) -> None:
        """No phone number and no BSUID to answer: said, and counted, never dropped unseen.
        Its type only: what it says is hers, whoever she is."""
        kind = type_label(message)
        log.warning("a WhatsApp message of type %s names no sender; not answered", kind)
        self.app.metrics.unattributed.labels(CHANNEL, kind).inc()

    async def mark_unreachable(self, recipients: list[str]) -> None:
        try:
            for recipient in recipients:
                await self.app.store.mark_inactive(UserRef(CHANNEL, recipient))
        except Exception:
            log.exception("marking an unreachable WhatsApp user failed")

    # ---- the contract's part (bot/channels/contract.py) ---------------------------------

    def who(self, update: dict[str, Any]) -> tuple[UserRef | None, str | None]:
        sender = sender_of(update)
        return (sender.user() if sender is not None else None), None

    async def answer(self, update: dict[str, Any], receipt: Receipt) -> None:
        change, sender = id_change(update), sender_of(update)
        if change is not None:  # her BSUID or phone number changed: her row follows
            await self.app.store.change_id(change)
            await self.app.inbox.finish(receipt, None)
            return
        version = (await self.app.knowledge.current()).knowledge.version
        inbound = to_inbound(update, version)
        if sender is None or inbound is None or inbound.event is None:
            await self.app.inbox.finish(receipt, None)
            return
        user = receipt.user = await self.app.store.identify(sender)
        inbound = to_inbound(update, version, user)
        assert inbound is not None and inbound.event is not None
        if inbound.page is not None:
            receipt.extra["page"] = inbound.page
        await self.turn(inbound.event, receipt, None, inbound)

    async def outcome(self, event: Event, receipt: Receipt, context: Any) -> Outcome:
        """Blue ticks while the engine thinks; an admin's file fetched first."""
        inbound: Inbound = context
        _, outcome = await asyncio.gather(
            self.sender.mark_read(inbound.message_id),
            self.outcome_of(event, inbound, receipt),
        )
        return outcome

    async def outcome_of(self, event: Event, inbound: Inbound, receipt: Receipt) -> Outcome:
        event = await self.with_document(event, inbound.media_id)
        return await self.app.engine.handle(event, receipt.commit)

    async def deliver(
        self, user: UserRef, replies: Sequence[Reply], version: int, extra: Mapping[str, Any]
    ) -> None:
        await self.sender.deliver(user, replies, version, page=extra.get("page"))

    async def say(self, user: UserRef, text: str) -> None:
        await self.sender.deliver(user, [Reply(text)], 0)

    async def with_document(self, event: Event, media_id: str | None) -> Event:
        """Files matter only to admins (knowledge uploads): only theirs are downloaded.

        One over the upload limit is not downloaded (the admin service answers that from
        its size); one that cannot be fetched reaches the engine empty, as on Telegram."""
        attachment = event.attachment
        if attachment is None or media_id is None or not await self.app.admin.admits(event):
            return event  # admins' files, and a price reporter's .csv
        try:
            data = await self.sender.download_media(media_id, MAX_UPLOAD_BYTES)
        except MediaTooLarge as error:
            log.warning("an admin's file of %d bytes or more was not downloaded", error.size)
            too_large = Attachment(attachment.filename, b"", declared_size=error.size)
            return Event.document(event.user, too_large)
        except (GraphError, httpx.HTTPError) as error:
            log.warning("an admin's file could not be downloaded: %s", error)
            data = b""
        return Event.document(event.user, Attachment(attachment.filename, data))


WHATSAPP_KEY = web.AppKey("whatsapp", WhatsAppChannel)


async def setup_webhook_routes(web_app: web.Application, app: Services) -> None:
    http = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0))
    channel = WhatsAppChannel(app, WhatsAppSender.for_app(app, http))
    web_app[WHATSAPP_KEY] = channel
    web_app.router.add_get(PATH, channel.verify)
    web_app.router.add_post(PATH, channel.receive)
    if not app.settings.whatsapp_app_secret:
        log.error("WHATSAPP_APP_SECRET is not set: every WhatsApp delivery will be refused")

    serve_channel(web_app, channel, http.aclose)


# ---- the channel's declaration (bot/channels/contract.py) -------------------------------


def parse(payload: dict[str, Any], knowledge_version: int | None) -> Event | None:
    """A stored message -> the event the engine is asked (None: nothing to answer)."""
    inbound = to_inbound(payload, knowledge_version)
    return inbound.event if inbound is not None else None


def render_default(replies: Sequence[Reply], knowledge_version: int) -> list[Any]:
    return render(replies, knowledge_version, Labels())


def preview(
    replies: Sequence[Reply], knowledge_version: int, translate: Any, lang: str
) -> list[Bubble]:
    """The messages as a phone shows them (the admins' console): buttons, or a list."""
    bubbles: list[Bubble] = []
    for outgoing in render(replies, knowledge_version, labels_for(translate, lang)):
        message = outgoing.message
        if message is None:
            continue
        if message["type"] == "text":
            bubbles.append(Bubble(message["text"]["body"]))
            continue
        interactive = message["interactive"]
        bubble = Bubble(interactive["body"]["text"])
        action = interactive["action"]
        if interactive["type"] == "button":
            bubble.buttons = [[b["reply"]["title"]] for b in action["buttons"]]
        else:
            bubble.list_button = action["button"]
            bubble.rows = [
                (r["title"], r.get("description", ""))
                for section in action["sections"]
                for r in section["rows"]
            ]
        bubbles.append(bubble)
    return bubbles


def outlet(services: Services, marker: InactiveMarker, stack: contextlib.AsyncExitStack) -> Outlet:
    client = httpx.AsyncClient(timeout=30)
    stack.push_async_callback(client.aclose)
    return Outlet(WhatsAppSender(services.settings, client, marker, services.translator))


SPEC = ChannelSpec(
    name=CHANNEL,
    settings=(
        "whatsapp_token",
        "whatsapp_phone_number_id",
        "whatsapp_app_secret",
        "whatsapp_verify_token",
        "whatsapp_api_url",
        "whatsapp_template",
        "whatsapp_rate_per_s",
    ),
    required=("whatsapp_token",),
    limits=Limits(
        text_max=TEXT_BODY_MAX,
        measure=size,  # UTF-16 code units
        buttons_max=BUTTONS_MAX,
        list_rows_max=ROWS_MAX,
        choice_id_max=ID_CAP,
    ),  # paced by its GraphClient (WHATSAPP_RATE_PER_S), not by the worker
    mount=setup_webhook_routes,
    outlet=outlet,
    parse=parse,
    render=render_default,
    title="WhatsApp",
    preview=preview,
)
