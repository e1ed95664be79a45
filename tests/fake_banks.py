"""Fake national-bank feeds on 127.0.0.1, each serving a sample in its bank's own format
(tests/data/rates), for the day the fake is set to; a bank can be made to fail or to answer
garbage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

SAMPLES = Path(__file__).parent / "data" / "rates"
FILES = {"KZ": "kz.xml", "KG": "kg.xml", "TJ": "tj.xml", "UZ": "uz.json", "RU": "ru.xml"}
TYPES = {
    "KZ": "text/xml",
    "KG": "text/xml",
    "TJ": "text/xml",
    "UZ": "application/json",
    "RU": "application/xml",
}


def sample(bank: str, day: dt.date) -> bytes:
    """The bank's sample with its dates set to `day`, in the file's own encoding."""
    raw = (SAMPLES / FILES[bank]).read_bytes()
    encoding = "cp1251" if bank == "RU" else "utf-8"
    text = raw.decode(encoding)
    text = text.replace("{dd.mm.yyyy}", f"{day:%d.%m.%Y}").replace(
        "{yyyy-mm-dd}", f"{day:%Y-%m-%d}"
    )
    return text.encode(encoding)


@dataclass
class FakeBanks:
    day: dt.date = field(default_factory=dt.date.today)
    broken: dict[str, str] = field(default_factory=dict)  # bank -> 'garbage', 'error', 'empty'
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None

    def url(self, bank: str) -> str:
        return f"http://127.0.0.1:{self.port}/{bank.lower()}"

    def settings(self) -> dict[str, str]:
        return {f"rates_{bank.lower()}_url": self.url(bank) for bank in FILES}

    async def serve(self, request: web.Request) -> web.Response:
        bank = request.match_info["bank"].upper()
        self.requests.append((bank, dict(request.query)))
        mode = self.broken.get(bank)
        if mode == "error":
            return web.Response(status=503, text="maintenance")
        if mode == "garbage":
            return web.Response(
                body=b"<html><body>Service unavailable</body></html>", content_type="text/html"
            )
        if mode == "empty":
            return web.Response(
                body=b"[]" if bank == "UZ" else b"<rates></rates>", content_type=TYPES[bank]
            )
        day = self.day
        if bank == "KZ" and "fdate" in request.query:
            day = dt.datetime.strptime(request.query["fdate"], "%d.%m.%Y").date()
        if bank == "TJ" and "date" in request.query:
            day = dt.date.fromisoformat(request.query["date"])
        return web.Response(body=sample(bank, day), content_type=TYPES[bank])

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{bank}", self.serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
