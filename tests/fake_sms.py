"""A fake Twilio-compatible SMS gateway on 127.0.0.1, both ways.

Out (the bot sends): `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, basic
auth checked against the account sid and token; every request recorded; `fail_next(2,
status=429)` makes the next sends fail, `code=21610` as for an unsubscribed number.
In (a phone texts the bot): `text(number, body)` posts to the bot's `/webhooks/sms` as the
gateway does, signed with the token (or forged / unsigned on demand), a fresh MessageSid
each time unless one is given; `status(sid, 'delivered')` posts a delivery status.
"""

from __future__ import annotations

import base64
import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

from bot.channels.sms_client import signature

ACCOUNT = "AC" + "0" * 31 + "1"
TOKEN = "fake-gateway-auth-token"
FROM = "+99312000000"


@dataclass(frozen=True)
class Sent:
    to: str
    sender: str
    body: str
    status_callback: str | None
    sid: str


@dataclass
class FakeSmsGateway:
    account: str = ACCOUNT
    token: str = TOKEN
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    failures: deque[tuple[int, int | None]] = field(default_factory=deque)
    webhook: str = ""  # the bot's inbound address, set by the test
    public_url: str = ""  # what the bot believes its public address is (signed)
    _runner: web.AppRunner | None = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _client: ClientSession | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        self._client = ClientSession()
        return self.url

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(self, count: int = 1, status: int = 429, code: int | None = None) -> None:
        for _ in range(count):
            self.failures.append((status, code))

    def to(self, number: str) -> list[str]:
        """Bodies sent to one number, in order."""
        return [s.body for s in self.sent if s.to == number]

    def clear(self) -> None:
        self.sent.clear()
        self.requests.clear()

    # ---- the gateway's REST API -----------------------------------------------------------

    async def handle(self, request: web.Request) -> web.Response:
        form = dict(await request.post()) if request.method == "POST" else {}
        self.requests.append({"path": request.path, "form": form})
        expected = f"/2010-04-01/Accounts/{self.account}/Messages.json"
        if request.method != "POST" or request.path != expected:
            return web.json_response({"code": 20404, "message": "not found"}, status=404)
        if not self.authorised(request.headers.get("Authorization", "")):
            return web.json_response({"code": 20003, "message": "authenticate"}, status=401)
        if self.failures:
            status, code = self.failures.popleft()
            return web.json_response(
                {"code": code or status, "message": f"fake {status}", "status": status},
                status=status,
            )
        sid = f"SM{next(self._ids):032x}"
        callback = form.get("StatusCallback")
        self.sent.append(
            Sent(
                str(form["To"]),
                str(form["From"]),
                str(form["Body"]),
                callback and str(callback),
                sid,
            )
        )
        return web.json_response(
            {"sid": sid, "status": "queued", "to": form["To"], "from": form["From"]}, status=201
        )

    def authorised(self, header: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        if scheme != "Basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            return False
        return user == self.account and password == self.token

    # ---- a phone texting the bot ------------------------------------------------------------

    def new_sid(self) -> str:
        return f"SMin{next(self._ids):030x}"

    async def post(
        self, path: str, params: dict[str, str], sign: str | None = "ok"
    ) -> web.Response | Any:
        """Post as the gateway: signed with the token ('ok'), a wrong key ('forged'), or
        without the header (None). Returns (status, text)."""
        assert self._client is not None
        headers = {}
        if sign is not None:
            token = self.token if sign == "ok" else "someone-else's-token"
            headers["X-Twilio-Signature"] = signature(token, self.public_url + path, params.items())
        async with self._client.post(self.webhook + path, data=params, headers=headers) as r:
            return r.status, await r.text()

    async def text(
        self, number: str, body: str, sid: str | None = None, sign: str | None = "ok"
    ) -> tuple[int, str]:
        params = {
            "MessageSid": sid or self.new_sid(),
            "AccountSid": self.account,
            "From": number,
            "To": FROM,
            "Body": body,
            "NumMedia": "0",
        }
        return await self.post("/webhooks/sms", params, sign)

    async def status(self, sid: str, status: str, error_code: str = "") -> tuple[int, str]:
        params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": self.account}
        if error_code:
            params["ErrorCode"] = error_code
        return await self.post("/webhooks/sms/status", params)
