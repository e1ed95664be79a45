"""Two `tradebot serve` processes on one PostgreSQL database, as deployed behind a balancer.

Each worker is a real subprocess started the way production starts it. Webhook updates of
one trader land on either worker; the conversation lives in the database, so it must not
matter which worker gets which update, nor that two of them arrive at the same moment.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import pytest_asyncio
from aiohttp import ClientError, ClientSession

from bot.channels.telegram import SECRET_HEADER, WEBHOOK_PATH
from bot.i18n import Translator
from tests.conftest import (
    PG_ADMIN_DSN,
    create_pg_database,
    drop_pg_database,
    pg_url,
    postgres_available,
)
from tests.fake_telegram import Call, FakeTelegram, buttons, callback_update, message_update, tap

TOKEN = "123:test"
SECRET = "s3cret"
MESSAGE_METHODS = ("sendMessage", "editMessageText", "sendPhoto")
TRADERS_AT_ONCE = 4  # more pairs in flight, more chances that two turns of one trader overlap
READY_TIMEOUT_S = 60.0  # importing and loading the knowledge take seconds per worker

pytestmark = pytest.mark.asyncio(loop_scope="module")
module_fixture = pytest_asyncio.fixture(scope="module", loop_scope="module")
_chats = itertools.count(7770001)


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def tail(self, lines: int = 30) -> str:
        """The end of the worker's log, to say why it did not come up."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_worker(database_url: str, api_url: str, folder: Path, name: str) -> Worker:
    """`tradebot serve` in its own process; the folder holds its log and has no `.env`."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("WEBHOOK_URL", "KNOWLEDGE_DIR", "EXPERT_CHAT_ID", "WHATSAPP_TOKEN")
    }
    env.update(
        PORT=str(port),
        HOST="127.0.0.1",
        DATABASE_URL=database_url,
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_API_URL=api_url,
        WEBHOOK_SECRET=SECRET,
    )
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Worker(process, f"http://127.0.0.1:{port}", log)


def stop_workers(workers: list[Worker]) -> None:
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.terminate()
    for worker in workers:
        try:
            worker.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait(timeout=5)


async def wait_healthy(client: ClientSession, worker: Worker, deadline: float) -> None:
    while True:
        if worker.process.poll() is not None:
            raise AssertionError(
                f"worker exited with {worker.process.returncode}:\n{worker.tail()}"
            )
        with contextlib.suppress(ClientError, OSError):
            async with client.get(worker.url + "/healthz") as response:
                if response.status == 200:
                    return
        if time.monotonic() > deadline:
            raise AssertionError(f"{worker.url} not healthy in time:\n{worker.tail()}")
        await asyncio.sleep(0.2)


# ---- fixtures ---------------------------------------------------------------------------------


@module_fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    yield server
    await server.stop()


@module_fixture
async def database() -> AsyncIterator[str]:
    """A fresh PostgreSQL database; its name, dropped at the end."""
    if not await postgres_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL not reachable")
    name = await create_pg_database()
    try:
        yield name
    finally:
        await drop_pg_database(name)


@module_fixture
async def client() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


@module_fixture
async def workers(
    database: str,
    fake: FakeTelegram,
    client: ClientSession,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[list[Worker]]:
    """Two workers started at the same moment on one fresh database, both healthy."""
    folder = tmp_path_factory.mktemp("workers")
    started = [start_worker(pg_url(database), fake.url, folder, f"w{n}") for n in (1, 2)]
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        await asyncio.gather(*(wait_healthy(client, worker, deadline) for worker in started))
        yield started
    finally:
        stop_workers(started)


@pytest.fixture
def chat() -> int:
    return next(_chats)


# ---- a trader whose updates go to whichever worker ----------------------------------------------


class Trader:
    """Sends updates to the workers in turn; `replies` are the bot's messages since the last."""

    def __init__(
        self, fake: FakeTelegram, client: ClientSession, workers: list[Worker], chat: int
    ) -> None:
        self.fake, self.client, self.chat = fake, client, chat
        self.targets: Iterator[Worker] = itertools.cycle(workers)
        self.mark = 0

    async def post(self, worker: Worker, update: dict[str, Any]) -> int:
        async with self.client.post(
            worker.url + WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET}
        ) as response:
            return response.status

    async def send(self, update: dict[str, Any]) -> None:
        """The webhook answers after the update is handled, so the replies are in by then."""
        self.mark = len(self.fake.calls)
        assert await self.post(next(self.targets), update) == 200

    def text_update(self, text: str) -> dict[str, Any]:
        return message_update(self.fake.next_update_id(), self.chat, text, "ru")

    def tap_update(self, prefix: str) -> dict[str, Any]:
        data, message_id = tap(self.fake.last_keyboard_message(self.chat, prefix), prefix)
        return callback_update(self.fake.next_update_id(), self.chat, data, message_id, "ru")

    async def say(self, text: str) -> None:
        await self.send(self.text_update(text))

    async def tap(self, prefix: str) -> None:
        await self.send(self.tap_update(prefix))

    @property
    def replies(self) -> list[Call]:
        return replies_to(self.fake, self.chat, self.mark)

    def text(self) -> str:
        return "\n".join(html.unescape(call.params.get("text", "")) for call in self.replies)

    def choices(self) -> list[str]:
        return [data.split("|", 1)[1] for call in self.replies for data in buttons(call)]


def replies_to(fake: FakeTelegram, chat: int, since: int) -> list[Call]:
    return [
        call
        for call in fake.calls[since:]
        if call.method in MESSAGE_METHODS and int(call.params["chat_id"]) == chat
    ]


async def reach_the_answer(trader: Trader, translator: Translator) -> None:
    """Language from language_code 'ru' -> 'курага' -> candidate -> origin -> destination."""
    await trader.say("/start")
    assert translator("ru", "product-prompt") in trader.text()
    await trader.say("курага")
    assert "c:0813.10" in trader.choices()
    await trader.tap("c:0813")
    assert "o:KG" in trader.choices()
    await trader.tap("o:KG")
    assert "d:KZ" in trader.choices()
    await trader.tap("d:KZ")
    assert "0813.10" in trader.text()
    assert "side:export" in trader.choices()


async def stored_state(database: str, chat: int) -> dict[str, Any]:
    """The conversation's JSON state as the workers stored it."""
    connection = await asyncpg.connect(PG_ADMIN_DSN.rsplit("/", 1)[0] + "/" + database)
    try:
        raw = await connection.fetchval(
            "SELECT c.state FROM conversations c JOIN users u ON u.id = c.user_id "
            "WHERE u.channel = 'telegram' AND u.platform_id = $1",
            str(chat),
        )
    finally:
        await connection.close()
    assert raw is not None
    return json.loads(raw) if isinstance(raw, str) else raw


# ---- tests ----------------------------------------------------------------------------------


async def test_a_conversation_alternating_between_two_workers_reaches_the_steps(
    workers: list[Worker],
    fake: FakeTelegram,
    client: ClientSession,
    translator: Translator,
    chat: int,
):
    mark = len(fake.calls)
    trader = Trader(fake, client, workers, chat)
    await reach_the_answer(trader, translator)
    acknowledged = [call for call in fake.calls[mark:] if call.method == "answerCallbackQuery"]
    assert len(acknowledged) == 3  # every tap, whichever worker got it


async def test_two_updates_of_one_user_at_two_workers_at_once_are_both_applied(
    workers: list[Worker],
    fake: FakeTelegram,
    client: ClientSession,
    translator: Translator,
    database: str,
):
    """A tap at one worker and a command at the other, for a few traders at once."""
    traders = [Trader(fake, client, workers, next(_chats)) for _ in range(TRADERS_AT_ONCE)]
    await asyncio.gather(*(reach_the_answer(trader, translator) for trader in traders))
    before = {t.chat: await stored_state(database, t.chat) for t in traders}
    assert all(state["step"] == "answer" for state in before.values())

    first, second = workers
    pairs = [(t, t.tap_update("border"), t.text_update("/language")) for t in traders]
    mark = len(fake.calls)
    statuses = await asyncio.gather(
        *(t.post(first, border) for t, border, _ in pairs),
        *(t.post(second, language) for t, _, language in pairs),
    )
    assert statuses == [200] * len(statuses)

    acknowledged = {call.params.get("callback_query_id") for call in fake.of("answerCallbackQuery")}
    for trader, border, _ in pairs:
        choices = [
            data.split("|", 1)[1]
            for call in replies_to(fake, trader.chat, mark)
            for data in buttons(call)
        ]
        assert any(choice.startswith("sit:") for choice in choices)  # the border help was shown
        assert any(choice.startswith("lang:") for choice in choices)  # and the language menu
        assert border["callback_query"]["id"] in acknowledged
        after = await stored_state(database, trader.chat)
        earlier = before[trader.chat]["back"]
        assert len(after["back"]) == len(earlier) + 2  # one after the other, none lost
        assert after["back"][: len(earlier)] == earlier
        assert {after["step"], after["back"][-1].partition("|")[0]} == {"border", "language"}
