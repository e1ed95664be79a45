"""A fake WhatsApp Graph API on 127.0.0.1: records every request, fails on demand.

`fail_next(2, status=429)` makes the next two message sends fail; `error_code=131047`
answers as the Cloud API does outside the 24-hour window. Read receipts are recorded but
not failed unless asked (`kind="any"`), so a test can aim a failure at one reply.

Incoming files: `add_media(data)` registers one and returns its media id; the fake then
answers `GET /v21.0/{media_id}` with a download URL on itself, and that URL with the
bytes, both only with a Bearer token. `media_requests` lists those GETs.

Business-scoped user IDs (BSUID), in the shapes of Meta's 'Business-scoped user IDs' page
and its webhook references (2026): a send names a phone number in `to` or a BSUID in
`recipient` (`to` wins when both are given) and the answer's `contacts` echo it as `wa_id`
or `user_id`; `addressed` lists where each accepted message went. The webhook side is
built by `messages_webhook` from `text_message`, `contact`, `user_changed_user_id` and
`user_changed_number`: a sender with a username may come without a phone number (no
`from`, no `wa_id`), with her BSUID in `from_user_id` and `contacts[].user_id`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

API_VERSION = "v21.0"
DOWNLOAD_PREFIX = "/media-download/"


@dataclass(frozen=True)
class Media:
    data: bytes
    mime_type: str
    file_size: int  # what the API says; may differ from len(data) to test the size check


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    json: dict[str, Any] | None
    status: int  # what the fake answered

    @property
    def is_read_receipt(self) -> bool:
        return bool(self.json) and self.json.get("status") == "read"

    @property
    def is_message(self) -> bool:
        return self.path.endswith("/messages") and bool(self.json) and not self.is_read_receipt


@dataclass(frozen=True)
class Failure:
    status: int
    code: int | None
    kind: str  # "send": message sends; "interactive": interactive ones; "any": everything
    retry_after: str | None = None


@dataclass
class FakeGraph:
    requests: list[Recorded] = field(default_factory=list)
    failures: deque[Failure] = field(default_factory=deque)
    url: str = ""
    media: dict[str, Media] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/{API_VERSION}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(
        self,
        count: int = 1,
        status: int = 429,
        error_code: int | None = None,
        kind: str = "send",
        retry_after: str | None = None,
    ) -> None:
        for _ in range(count):
            self.failures.append(Failure(status, error_code, kind, retry_after))

    def add_media(
        self, data: bytes, mime_type: str = "application/x-yaml", file_size: int | None = None
    ) -> str:
        """Register a file a user 'sent'; its id goes into the incoming message."""
        media_id = f"incoming-{next(self._ids)}"
        size = len(data) if file_size is None else file_size
        self.media[media_id] = Media(data, mime_type, size)
        return media_id

    # ---- what was recorded ------------------------------------------------------------

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Message bodies accepted (2xx), in order; read receipts left out."""
        return [r.json for r in self.requests if r.is_message and r.status < 300]  # type: ignore[misc]

    @property
    def addressed(self) -> list[tuple[str, str]]:
        """('to', phone) or ('recipient', BSUID) of each accepted message, in order."""
        found = []
        for message in self.messages:
            field = "to" if message.get("to") else "recipient"
            found.append((field, message[field]))
        return found

    @property
    def read_receipts(self) -> list[str]:
        return [r.json["message_id"] for r in self.requests if r.is_read_receipt]  # type: ignore[index]

    @property
    def media_requests(self) -> list[Recorded]:
        """Media URL look-ups and downloads, in order."""
        return [r for r in self.requests if r.method == "GET"]

    def clear(self) -> None:
        self.requests.clear()

    # ---- the API ------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.Response:
        body: dict[str, Any] | None = None
        if request.content_type == "application/json":
            body = json.loads(await request.read())
        else:
            await request.read()
        headers = {k.lower(): v for k, v in request.headers.items()}
        failure = self._take_failure(body)
        if failure is not None:
            response = self._error(failure)
        elif request.method == "GET":
            response = self._media(request)
        elif request.path.endswith("/media"):
            response = web.json_response({"id": f"media-{next(self._ids)}"})
        elif body and body.get("status") == "read":
            response = web.json_response({"success": True})
        elif not (body or {}).get("to") and not (body or {}).get("recipient"):
            response = self._error(Failure(400, 100, "any"))  # names nobody
        else:
            to, recipient = (body or {}).get("to"), (body or {}).get("recipient")
            contact = (
                {"input": to, "wa_id": to} if to else {"input": recipient, "user_id": recipient}
            )
            response = web.json_response(
                {
                    "messaging_product": "whatsapp",
                    "contacts": [contact],
                    "messages": [{"id": f"wamid.fake{next(self._ids)}"}],
                }
            )
        self.requests.append(Recorded(request.method, request.path, headers, body, response.status))
        return response

    def _media(self, request: web.Request) -> web.Response:
        """`GET /v21.0/{media_id}` -> its URL and size; `GET` of that URL -> its bytes."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token.strip():
            return self._error(Failure(401, 190, "any"))
        if request.path.startswith(DOWNLOAD_PREFIX):
            media = self.media.get(request.path.removeprefix(DOWNLOAD_PREFIX))
            if media is None:
                return web.Response(status=404)
            return web.Response(body=media.data, content_type=media.mime_type)
        media_id = request.path.rsplit("/", 1)[-1]
        media = self.media.get(media_id)
        if media is None or not request.path.startswith(f"/{API_VERSION}/"):
            return self._error(Failure(400, 100, "any"))
        root = self.url.removesuffix(f"/{API_VERSION}")
        return web.json_response(
            {
                "messaging_product": "whatsapp",
                "url": f"{root}{DOWNLOAD_PREFIX}{media_id}",
                "mime_type": media.mime_type,
                "sha256": hashlib.sha256(media.data).hexdigest(),
                "file_size": media.file_size,
                "id": media_id,
            }
        )

    def _take_failure(self, body: dict[str, Any] | None) -> Failure | None:
        if not self.failures:
            return None
        failure = self.failures[0]
        if failure.kind == "send" and (not body or body.get("status") == "read"):
            return None
        if failure.kind == "interactive" and (body or {}).get("type") != "interactive":
            return None
        return self.failures.popleft()

    @staticmethod
    def _error(failure: Failure) -> web.Response:
        code = failure.code if failure.code is not None else failure.status
        payload = {
            "error": {
                "message": f"fake error {code}",
                "type": "OAuthException",
                "code": code,
                "error_data": {"messaging_product": "whatsapp", "details": f"fake {code}"},
                "fbtrace_id": "fake",
            }
        }
        headers = {"Retry-After": failure.retry_after} if failure.retry_after else None
        return web.json_response(payload, status=failure.status, headers=headers)


# ---- webhooks in Meta's shapes (what the fake sends the bot) --------------------------------


def contact(
    name: str = "Trader",
    *,
    phone: str | None = None,
    bsuid: str | None = None,
    username: str | None = None,
) -> dict[str, Any]:
    """`contacts[]` of a messages webhook: `wa_id` only when the phone number is shared."""
    profile: dict[str, Any] = {"name": name}
    if username:
        profile["username"] = username
    found: dict[str, Any] = {"profile": profile}
    if phone:
        found["wa_id"] = phone
    if bsuid:
        found["user_id"] = bsuid
    return found


def text_message(
    message_id: str, body: str, *, phone: str | None = None, bsuid: str | None = None
) -> dict[str, Any]:
    """`messages[]` of a text: `from` (phone) and `from_user_id` (BSUID), each if known."""
    message: dict[str, Any] = {"id": message_id, "timestamp": "1780000000", "type": "text"}
    if phone:
        message["from"] = phone
    if bsuid:
        message["from_user_id"] = bsuid
    message["text"] = {"body": body}
    return message


def user_changed_user_id(message_id: str, previous: str, new: str) -> dict[str, Any]:
    """Her BSUID changed and no phone number can be shared: a system message."""
    return {
        "id": message_id,
        "timestamp": "1780000000",
        "type": "system",
        "system": {
            "body": "User changed their business-scoped user ID",
            "type": "user_changed_user_id",
            "previous_user_id": previous,
            "user_id": new,
        },
    }


def user_changed_number(
    message_id: str, old_phone: str, new_phone: str, previous: str, new: str
) -> dict[str, Any]:
    """Her phone number changed, which regenerates her BSUID: both, before and after."""
    return {
        "from": old_phone,
        "id": message_id,
        "timestamp": "1780000000",
        "type": "system",
        "system": {
            "body": f"User Trader changed from {old_phone} to {new_phone}",
            "wa_id": new_phone,
            "type": "user_changed_number",
            "previous_user_id": previous,
            "user_id": new,
        },
    }


def messages_webhook(
    phone_number_id: str,
    messages: list[dict[str, Any]],
    contacts: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A `messages` field delivery; system messages come without `contacts`."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001111", "phone_number_id": phone_number_id},
    }
    if contacts:
        value["contacts"] = contacts
    value["messages"] = messages
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }
