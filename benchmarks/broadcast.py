"""Broadcast throughput: 2,000 messages through a fake Telegram that enforces 30 messages/s.

Run: python benchmarks/broadcast.py [--users N]. The fake answers 429 (retry_after 1) to
any sendMessage beyond 30 in the last second, as Telegram does. The last line is a JSON
object: sent, rate_per_s, limit_per_s, lost, duplicates, throttled (429s received).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web
from sqlalchemy import func, select

from bot.bootstrap import start_app
from bot.models import Outbox, User
from bot.settings import Settings
from bot.worker import run_worker
from handlers.events import UserRef
from tests.fake_telegram import Call, FakeTelegram, ok

LIMIT_PER_S = 30


class RateLimitedTelegram(FakeTelegram):
    """Refuses sendMessage beyond LIMIT_PER_S in any sliding second."""

    def __init__(self) -> None:
        super().__init__()
        self.window: collections.deque[float] = collections.deque()
        self.throttled = 0

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != "sendMessage":
            return await super()._handle(request)
        now = time.monotonic()
        while self.window and now - self.window[0] >= 1.0:
            self.window.popleft()
        if len(self.window) >= LIMIT_PER_S:
            self.throttled += 1
            await request.read()
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status=429,
            )
        self.window.append(now)
        from tests.fake_telegram import read_params

        params = await read_params(request)
        call = Call("sendMessage", params, now, self._result("sendMessage", params))
        self._record(call)
        return ok(call.result)


async def main(users: int) -> dict[str, float | int]:
    fake = await RateLimitedTelegram().start()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{folder}/bench.db",
            telegram_token="123:bench",
            telegram_api_url=fake.url,
            admin_ids="telegram:1",
            _env_file=None,
        )
        app = await start_app(settings)
        async with app.sessions.begin() as session:
            session.add_all(
                User(channel="telegram", platform_id=str(1000 + i), language="ru")
                for i in range(users)
            )
        admin = UserRef("console", "bench")  # status goes nowhere: measure delivery only
        draft = await app.admin.draft_broadcast(admin, "Market day moved to Saturday.", "en")
        draft_id = int(draft[0].choices[0].id.rsplit(":", 1)[1])
        await app.admin.confirm_broadcast(admin, draft_id, "en")

        stop = asyncio.Event()
        worker = asyncio.create_task(run_worker(app, stop))
        started = time.monotonic()
        while True:
            await asyncio.sleep(0.25)
            async with app.sessions() as session:
                left = await session.scalar(
                    select(func.count())
                    .select_from(Outbox)
                    .where(Outbox.status.in_(["pending", "sending"]))
                )
            if left == 0 or time.monotonic() - started > 600:
                break
        stop.set()
        await worker
        await app.close()
    await fake.stop()

    sends = [c for c in fake.of("sendMessage") if int(c.params["chat_id"]) >= 1000]
    per_chat = collections.Counter(int(c.params["chat_id"]) for c in sends)
    first, last = min(c.at for c in sends), max(c.at for c in sends)
    elapsed = max(last - first, 1e-9)
    return {
        "sent": len(sends),
        "recipients": users,
        "seconds": round(elapsed, 2),
        "rate_per_s": round((len(sends) - 1) / elapsed, 2),
        "limit_per_s": LIMIT_PER_S,
        "rate_ratio": round((len(sends) - 1) / elapsed / LIMIT_PER_S, 3),
        "lost": users - len(per_chat),
        "duplicates": sum(n - 1 for n in per_chat.values() if n > 1),
        "throttled": fake.throttled,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=2000)
    figures = asyncio.run(main(parser.parse_args().users))
    print(json.dumps(figures))
