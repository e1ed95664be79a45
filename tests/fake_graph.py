"""A fake WhatsApp Graph API on 127.0.0.1: records every request, fails on demand.

`fail_next(2, status=429)` makes the next two message sends fail; `error_code=131047`
answers as the Cloud API does outside the 24-hour window. Read receipts are recorded but
not failed unless asked (`kind="any"`), so a test can aim a failure at one reply.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

API_VERSION = "v21.0"


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

    # ---- what was recorded ------------------------------------------------------------

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Message bodies accepted (2xx), in order; read receipts left out."""
        return [r.json for r in self.requests if r.is_message and r.status < 300]  # type: ignore[misc]

    @property
    def read_receipts(self) -> list[str]:
        return [r.json["message_id"] for r in self.requests if r.is_read_receipt]  # type: ignore[index]

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
        elif request.path.endswith("/media"):
            response = web.json_response({"id": f"media-{next(self._ids)}"})
        elif body and body.get("status") == "read":
            response = web.json_response({"success": True})
        else:
            to = (body or {}).get("to", "")
            response = web.json_response(
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": to, "wa_id": to}],
                    "messages": [{"id": f"wamid.fake{next(self._ids)}"}],
                }
            )
        self.requests.append(Recorded(request.method, request.path, headers, body, response.status))
        return response

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
