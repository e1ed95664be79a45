"""The SMS gateway's API, as Twilio defines it and most gateways copy it.

In: each webhook request carries `X-Twilio-Signature`, the base64 HMAC-SHA1, keyed with the
auth token, of the full public URL followed by every POST parameter, sorted by name, as
name and value run together. Out: `POST {api}/2010-04-01/Accounts/{sid}/Messages.json`
with `To`, `From`, `Body` (and `StatusCallback`), HTTP basic auth (account sid, token);
429 and 5xx are retried with growing pauses, requests paced to the configured rate.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import re
from collections.abc import Iterable
from typing import Any

import httpx

from bot.channels.whatsapp_client import retry_after  # the same Retry-After reading
from bot.outbox import RateLimiter

log = logging.getLogger(__name__)

# Gateway errors after which sending again will not help: the number unsubscribed at the
# carrier (21610), is not a valid or a mobile number (21211, 21614), or is unreachable.
UNREACHABLE = frozenset({21211, 21408, 21610, 21612, 21614})


def signature(token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """Twilio's request signature: URL + sorted name/value pairs, HMAC-SHA1, base64."""
    data = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signature_ok(
    token: str | None, url: str, params: Iterable[tuple[str, str]], header: str | None
) -> bool:
    if not token or not header:
        return False
    expected = signature(token, url, params)
    return hmac.compare_digest(expected.encode(), header.strip().encode("utf-8", "replace"))


NUMBERS = re.compile(r"\+?\d[\d ]{4,}\d")


class GatewayError(Exception):
    def __init__(self, status: int, code: int | None, message: str) -> None:
        # Gateways name the number in their messages; logs keep no number.
        message = NUMBERS.sub("…", message)
        super().__init__(f"SMS gateway {status} (code {code}): {message}")
        self.status = status
        self.code = code

    @property
    def unreachable(self) -> bool:
        return self.code in UNREACHABLE


def error_of(response: httpx.Response) -> GatewayError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    code = body.get("code") if isinstance(body.get("code"), int) else None
    return GatewayError(response.status_code, code, str(body.get("message") or ""))


class SmsClient:
    """Sends one SMS; retried while retrying can help, the last error raised."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_url: str,
        account_sid: str,
        token: str,
        sender: str,
        rate_per_s: float = 1.0,
        status_callback: str | None = None,
        attempts: int = 4,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
    ) -> None:
        self.http = http
        self.url = f"{api_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self.auth = httpx.BasicAuth(account_sid, token)
        self.sender = sender
        self.status_callback = status_callback
        self.pace = RateLimiter(rate_per_s)
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s

    async def send(self, to: str, body: str) -> str:
        """The message's sid (the gateway's id of it)."""
        form = {"To": to, "From": self.sender, "Body": body}
        if self.status_callback:
            form["StatusCallback"] = self.status_callback
        response: httpx.Response | None = None
        for attempt in range(self.attempts):
            if attempt:
                pause = min(self.backoff_s * 2 ** (attempt - 1), self.max_backoff_s)
                await asyncio.sleep(min(retry_after(response) or pause, self.max_backoff_s))
            await self.pace.acquire()
            try:
                response = await self.http.post(self.url, data=form, auth=self.auth)
            except httpx.TransportError as error:
                log.warning(
                    "SMS gateway unreachable (%s), attempt %d", type(error).__name__, attempt
                )
                response = None
                continue
            if response.is_success:
                return str(sid_of(response))
            if response.status_code != 429 and response.status_code < 500:
                raise error_of(response)
            log.warning("SMS gateway answered %d, attempt %d", response.status_code, attempt + 1)
        if response is None:
            raise GatewayError(0, None, "no connection")
        raise error_of(response)


def sid_of(response: httpx.Response) -> Any:
    try:
        body = response.json()
    except ValueError:
        return ""
    return body.get("sid", "") if isinstance(body, dict) else ""
