"""A worker killed with SIGKILL mid-broadcast: another one finishes it, nothing lost or sent twice.

The fake Telegram holds the requests that arrive after the first 40 messages (the platform
has not processed them yet) and the worker process is killed while they hang. A message
counts as delivered when the fake answered it, as Telegram processes it before answering.
"""

from __future__ import annotations

import asyncio
import collections
import inspect
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from sqlalchemy import func, select

from bot.bootstrap import start_app
from bot.models import Outbox, User
from bot.settings import Settings
from handlers.events import UserRef
from tests.fake_telegram import Call, FakeTelegram, ok, read_params

ROOT = Path(__file__).resolve().parent.parent
RECIPIENTS = 120
ANSWER_FIRST = 40


class StallingTelegram(FakeTelegram):
    def __init__(self) -> None:
        super().__init__()
        self.stall = asyncio.Event()
        self.dropped = asyncio.Event()  # the worker holding them is dead: end them unread
        self.delivered: list[int] = []

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != "sendMessage":
            return await super()._handle(request)
        params = await read_params(request)
        if len(self.delivered) >= ANSWER_FIRST and not self.stall.is_set():
            await self.dropped.wait()  # hold it: the worker dies before an answer comes
            return web.Response(status=502)
        self.delivered.append(int(params["chat_id"]))
        call = Call("sendMessage", params, 0.0, self._result("sendMessage", params))
        self._record(call)
        return ok(call.result)


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_until(condition: Callable[[], bool | Awaitable[bool]], timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = condition()
        if await result if inspect.isawaitable(result) else result:
            return
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def test_a_broadcast_survives_a_killed_worker(tmp_path: Path, translator):
    fake = await StallingTelegram().start()
    url = f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
    app = await start_app(
        Settings(database_url=url, admin_ids="console:boss", _env_file=None), translator
    )
    async with app.sessions.begin() as session:
        session.add_all(
            User(channel="telegram", platform_id=str(9000 + n), language="ru")
            for n in range(RECIPIENTS)
        )
    admin = UserRef("console", "boss")
    draft = await app.admin.draft_broadcast(admin, "Korday is open.", "en")
    await app.admin.confirm_broadcast(admin, int(draft[0].choices[0].id.rsplit(":", 1)[1]), "en")

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TELEGRAM_TOKEN": "123:crash",
        "TELEGRAM_API_URL": fake.url,
        "OUTBOX_LEASE_S": "2",
        "PYTHONPATH": str(ROOT),
    }

    async def pending() -> int:
        async with app.sessions() as session:
            return (
                await session.scalar(
                    select(func.count()).select_from(Outbox).where(Outbox.status != "sent")
                )
                or 0
            )

    async def all_sent() -> bool:
        return await pending() == 0

    first = start_worker(env)
    try:
        await wait_until(lambda: len(fake.delivered) >= ANSWER_FIRST, 60)
        await asyncio.sleep(0.5)  # requests are now hanging in the fake
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        fake.dropped.set()
        assert await pending() > 0
        fake.stall.set()
        second = start_worker(env)
        try:
            await wait_until(all_sent, 90)
        finally:
            second.terminate()
            second.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
        await app.close()
        await fake.stop()
    copies = collections.Counter(fake.delivered)
    assert len(copies) == RECIPIENTS  # nothing lost
    assert max(copies.values()) == 1  # nothing twice
