"""Sending to WhatsApp: a thin Graph API client and the sender the webhook and the outbox use.

The client retries what is worth retrying (429, 5xx, throughput errors, a dropped
connection) a bounded number of times with growing pauses, and paces requests to the
configured rate. The sender decides what to do with the errors that remain: the numbered
text instead of a rejected interactive message, the approved template outside the 24-hour
customer-service window, and 'inactive' for a trader WhatsApp cannot reach.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from bot.channels.whatsapp_render import Labels, Message, Outgoing, render, template_message
from bot.outbox import RateLimiter
from handlers.events import Reply, UserRef

if TYPE_CHECKING:
    from bot.bootstrap import App
    from bot.channels.contract import Services
    from bot.settings import Settings

log = logging.getLogger(__name__)

WINDOW = dt.timedelta(hours=24)
OUTSIDE_WINDOW = 131047  # more than 24 hours since the trader last wrote
# 'Message undeliverable': not on WhatsApp any more, blocked us, terms not accepted, an
# app too old. Sending again will not help; the trader is marked inactive.
UNREACHABLE = frozenset({131026})
# Throughput and per-user pair limits: the same request succeeds a moment later.
RETRYABLE_CODES = frozenset({4, 80007, 130429, 131056})


class GraphError(Exception):
    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(f"Graph API {status} (code {code}): {message}")
        self.status = status
        self.code = code

    @property
    def outside_window(self) -> bool:
        return self.code == OUTSIDE_WINDOW

    @property
    def unreachable(self) -> bool:
        return self.code in UNREACHABLE

    @property
    def rejected(self) -> bool:
        """The request itself was refused (a malformed or unsupported message)."""
        return self.status == 400 and not (self.outside_window or self.unreachable)


def error_of(response: httpx.Response) -> GraphError:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        error = {}
    code = error.get("code") if isinstance(error.get("code"), int) else None
    details = (error.get("error_data") or {}).get("details") if isinstance(error, dict) else None
    return GraphError(response.status_code, code, str(details or error.get("message") or ""))


def worth_retrying(response: httpx.Response) -> bool:
    if response.status_code == 429 or response.status_code >= 500:
        return True
    return response.status_code == 400 and error_of(response).code in RETRYABLE_CODES


def retry_after(response: httpx.Response | None) -> float | None:
    value = response.headers.get("retry-after", "") if response is not None else ""
    try:
        return max(float(value), 0.0)
    except ValueError:
        return None


class GraphClient:
    """`POST {api}/{phone_number_id}/messages` and friends, Bearer token, bounded retries."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_url: str,
        phone_number_id: str,
        token: str,
        rate_per_s: float = 20.0,
        attempts: int = 4,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
    ) -> None:
        self.http = http
        self.root = api_url.rstrip("/")
        self.base = f"{self.root}/{phone_number_id}"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.pace = RateLimiter(rate_per_s)  # this process's requests, replies and outbox alike
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One call, retried while retrying can help; the last error is raised."""
        response: httpx.Response | None = None
        for attempt in range(self.attempts):
            if attempt:
                pause = min(self.backoff_s * 2 ** (attempt - 1), self.max_backoff_s)
                await asyncio.sleep(min(retry_after(response) or pause, self.max_backoff_s))
            await self.pace.acquire()
            try:
                response = await self.http.request(method, url, headers=self.headers, **kwargs)
            except httpx.TransportError as error:
                log.warning("Graph API unreachable (%s), attempt %d", type(error).__name__, attempt)
                response = None
                continue
            if response.is_success:
                return response
            if not worth_retrying(response):
                raise error_of(response)
            log.warning("Graph API answered %d, attempt %d", response.status_code, attempt + 1)
        if response is None:
            raise GraphError(0, None, "no connection")
        raise error_of(response)

    async def post(self, path: str, **kwargs: Any) -> dict[str, Any]:
        return (await self.request("POST", f"{self.base}/{path}", **kwargs)).json()

    async def media_info(self, media_id: str) -> dict[str, Any]:
        """`GET {api}/{media_id}`: the short-lived download URL, size and type of a file."""
        info = (await self.request("GET", f"{self.root}/{media_id}")).json()
        return info if isinstance(info, dict) else {}

    async def download(self, url: str, max_bytes: int) -> bytes:
        """The file behind a media URL (it needs the token too); a file that turns out
        larger than `max_bytes` is not read to the end."""
        await self.pace.acquire()
        async with self.http.stream("GET", url, headers=self.headers) as response:
            if not response.is_success:
                await response.aread()
                raise error_of(response)
            data = bytearray()
            async for chunk in response.aiter_bytes():
                data += chunk
                if len(data) > max_bytes:
                    raise MediaTooLarge(len(data), max_bytes)
            return bytes(data)

    async def send(self, to: str, message: Message) -> dict[str, Any]:
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        return await self.post("messages", json={**payload, **message})

    async def mark_read(self, message_id: str) -> None:
        payload = {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}
        await self.post("messages", json=payload)

    async def upload_png(self, data: bytes) -> str:
        result = await self.post(
            "media",
            data={"messaging_product": "whatsapp", "type": "image/png"},
            files={"file": ("chart.png", data, "image/png")},
        )
        return str(result["id"])


class MediaTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"media of {size} bytes or more, limit {limit}")
        self.size = size


def declared_size(info: dict[str, Any]) -> int | None:
    size = info.get("file_size")
    if isinstance(size, int) and not isinstance(size, bool):
        return size
    return int(size) if isinstance(size, str) and size.isdigit() else None


class Delivery(StrEnum):
    SENT = "sent"
    TEMPLATE = "template"  # outside the 24-hour window: the approved template went instead
    UNREACHABLE = "unreachable"  # the trader is marked inactive


class UserStore(Protocol):
    """Marks traders inactive; may also tell their language (`language_of`, as SqlStore)."""

    async def mark_inactive(self, ref: UserRef) -> None: ...


class Translate(Protocol):
    def __call__(self, lang: str, key: str, /, **args: object) -> str: ...


class WhatsAppSender:
    """Delivers a turn's replies to one trader; needs no incoming message (the outbox uses it)."""

    def __init__(
        self,
        settings: Settings,
        client: httpx.AsyncClient,
        store: UserStore | None = None,
        translator: Translate | None = None,
    ) -> None:
        token = settings.whatsapp_token.get_secret_value() if settings.whatsapp_token else ""
        self.graph = GraphClient(
            client,
            settings.whatsapp_api_url,
            settings.whatsapp_phone_number_id or "",
            token,
            settings.whatsapp_rate_per_s,
        )
        self.template = settings.whatsapp_template
        self.store = store
        self.translator = translator

    @classmethod
    def for_app(cls, app: App | Services, client: httpx.AsyncClient) -> WhatsAppSender:
        return cls(app.settings, client, app.store, app.translator)

    async def deliver(
        self,
        user: UserRef,
        replies: Sequence[Reply],
        knowledge_version: int,
        *,
        last_inbound: dt.datetime | None = None,
        page: int | None = None,
    ) -> Delivery:
        """Send the replies; `last_inbound` (when the caller knows it) decides whether free
        messages may go at all. Errors other than the handled ones are raised."""
        lang = await self.language(user)
        if last_inbound is not None and dt.datetime.now(dt.UTC) - aware(last_inbound) > WINDOW:
            return await self.send_template(user, lang, replies)
        for item in render(replies, knowledge_version, self.labels(lang), page):
            try:
                await self.send_one(user.platform_id, item)
            except GraphError as error:
                if error.outside_window:
                    return await self.send_template(user, lang, replies)
                if error.unreachable:
                    return await self.unreachable(user, error)
                if not error.rejected:
                    raise
                if not item.fallback:  # sending it again would be refused again
                    log.error("message rejected, left out: %s", error)
                    continue
                log.warning("interactive message rejected (%s); sending numbered text", error)
                for message in item.fallback:
                    await self.graph.send(user.platform_id, message)
        return Delivery.SENT

    async def send_one(self, to: str, item: Outgoing) -> None:
        if item.image is not None:
            media_id = await self.graph.upload_png(item.image)
            await self.graph.send(to, {"type": "image", "image": {"id": media_id}})
        if item.message is not None:
            await self.graph.send(to, item.message)

    async def send_template(
        self, user: UserRef, lang: str | None, replies: Sequence[Reply]
    ) -> Delivery:
        try:
            await self.graph.send(user.platform_id, template_message(self.template, lang, replies))
        except GraphError as error:
            if error.unreachable:
                return await self.unreachable(user, error)
            raise
        return Delivery.TEMPLATE

    async def unreachable(self, user: UserRef, error: GraphError) -> Delivery:
        log.info("WhatsApp user unreachable (code %s); marked inactive", error.code)
        if self.store is not None:
            await self.store.mark_inactive(user)
        return Delivery.UNREACHABLE

    async def download_media(self, media_id: str, max_bytes: int) -> bytes:
        """An incoming file: its URL from the Graph API, then its bytes. A file the API
        says is larger than `max_bytes` is not downloaded (MediaTooLarge)."""
        info = await self.graph.media_info(media_id)
        size = declared_size(info)
        if size is not None and size > max_bytes:
            raise MediaTooLarge(size, max_bytes)
        url = info.get("url")
        if not isinstance(url, str) or not url:
            raise GraphError(200, None, f"no download URL for media {media_id}")
        return await self.graph.download(url, max_bytes)

    async def mark_read(self, message_id: str) -> None:
        """Blue ticks are a courtesy: a failure is logged, never in the trader's way."""
        try:
            await self.graph.mark_read(message_id)
        except (GraphError, httpx.HTTPError) as error:
            log.warning("marking a message read failed: %s", error)

    async def language(self, user: UserRef) -> str | None:
        """The trader's language, when the store knows it (SqlStore does)."""
        language_of = getattr(self.store, "language_of", None)
        if language_of is None:
            return None
        try:
            return await language_of(user)
        except Exception as error:  # the database is down: the default language
            log.warning("a WhatsApp user's language is not known now: %s", type(error).__name__)
            return None

    def labels(self, lang: str | None) -> Labels:
        return labels_for(self.translator, lang)


def aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def labels_for(translator: Translate | None, lang: str | None) -> Labels:
    """The channel's own words from the locales; English defaults until they exist there."""
    defaults = Labels()
    if translator is None:
        return defaults
    code = lang or "en"

    def word(key: str, default: str) -> str:
        value = translator(code, key)
        return default if value == key else value

    return Labels(
        list_button=word("wa-list-button", defaults.list_button),
        more=word("wa-more", defaults.more),
    )
