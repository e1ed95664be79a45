"""Nothing lost, nothing answered twice: `tradebot serve` killed mid-flight, and the database
link cut under a running server, on PostgreSQL.

The fake messengers play the platforms: Telegram delivers again what a webhook did not
answer with 200 (and, after a 5xx, later), Meta delivers again what was not acknowledged.
A reply counts as delivered when the fake answered it, as the platform processes a message
before answering: requests the fake holds when the server dies were never delivered.
"""

from __future__ import annotations

import asyncio
import collections
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web
from sqlalchemy import select

from bot.bootstrap import start_app
from bot.db import create_engine
from bot.models import Conversation, User
from bot.settings import Settings
from bot.web import create_web_app
from tests.conftest import create_pg_database, drop_pg_database, pg_url, postgres_available
from tests.fake_graph import FakeGraph
from tests.fake_telegram import FakeTelegram, buttons, message_update
from tests.test_telegram import SECRET, TOKEN, use_fake
from tests.test_whatsapp import PHONE_ID, VERIFY, delivery, sign, use_fake_graph
from tests.test_whatsapp import SECRET as APP_SECRET

ROOT = Path(__file__).resolve().parent.parent
TRADERS = 50  # on each channel
LEASE_S = 2  # OUTBOX_LEASE_S: how soon a dead server's updates and replies are taken over


@pytest.fixture
async def pg_database() -> AsyncIterator[str]:
    if not await postgres_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL not reachable")
    name = await create_pg_database()
    try:
        yield name
    finally:
        await drop_pg_database(name)


# ---- fakes that can hold what the server sends ---------------------------------------------


class Holding:
    """While `holding`, messages the bot sends are held unanswered, never delivered; once
    the server that sent them is dead, `drop()` ends them with an error nobody reads."""

    holding = False
    held = 0

    def __init__(self) -> None:
        super().__init__()
        self.dropped = asyncio.Event()

    async def hold(self) -> web.Response:
        self.held += 1
        await self.dropped.wait()
        return web.Response(status=502)

    def drop(self) -> None:
        self.holding = False
        self.dropped.set()


class HoldingTelegram(Holding, FakeTelegram):
    async def _handle(self, request: web.Request) -> web.Response:
        if self.holding and request.match_info["method"] in ("sendMessage", "editMessageText"):
            return await self.hold()
        return await super()._handle(request)


class HoldingGraph(Holding, FakeGraph):
    async def handle(self, request: web.Request) -> web.Response:
        if self.holding and request.path.endswith("/messages"):
            body = await request.json()
            if body.get("status") != "read":
                return await self.hold()
        return await super().handle(request)


def tg_answers(fake: FakeTelegram, chat: int, prefix: str) -> int:
    """Messages to the chat offering a button whose choice starts with `prefix`."""
    return sum(
        1
        for call in fake.of("sendMessage", chat)
        if any(data.split("|", 1)[-1].startswith(prefix) for data in buttons(call))
    )


def wa_answers(graph: FakeGraph, number: str, prefix: str) -> int:
    found = 0
    for message in graph.messages:
        if message.get("to") != number or message.get("type") != "interactive":
            continue
        interactive = message["interactive"]
        action = interactive["action"]
        if interactive["type"] == "button":
            ids = [b["reply"]["id"] for b in action["buttons"]]
        else:
            ids = [r["id"] for s in action["sections"] for r in s["rows"]]
        found += any(i.split("|", 1)[-1].startswith(prefix) for i in ids)
    return found


def wa_message(number: str, message_id: str, text: str) -> dict[str, Any]:
    message = {"from": number, "id": message_id, "timestamp": "1", "type": "text"}
    payload = delivery({**message, "text": {"body": text}})
    payload["entry"][0]["changes"][0]["value"]["contacts"][0]["wa_id"] = number
    return payload


def wa_tap(number: str, message_id: str, reply_id: str) -> dict[str, Any]:
    message = {"from": number, "id": message_id, "timestamp": "1", "type": "interactive"}
    tap = {"type": "list_reply", "list_reply": {"id": reply_id, "title": "…"}}
    payload = delivery({**message, "interactive": tap})
    payload["entry"][0]["changes"][0]["value"]["contacts"][0]["wa_id"] = number
    return payload


async def russian_on_whatsapp(
    deliver: Callable[[dict[str, Any]], Any], graph: FakeGraph, numbers: list[str]
) -> None:
    """Each WhatsApp trader greets and picks Russian: two turns, at the product prompt."""
    await asyncio.gather(*(deliver(wa_message(n, f"wamid.hi{n}", "hello")) for n in numbers))
    await wait_until(
        lambda: all(wa_answers(graph, n, "lang:") >= 1 for n in numbers), 30, "the hellos"
    )
    await asyncio.gather(*(deliver(wa_tap(n, f"wamid.ru{n}", "1|lang:ru")) for n in numbers))
    await wait_until(
        lambda: all(wa_answers(graph, n, "") >= 2 for n in numbers), 30, "the language"
    )


async def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.1)


async def states(url: str, channel: str) -> dict[str, tuple[str, int]]:
    """platform id -> (step, version) of every conversation on the channel."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(User.platform_id, Conversation.state, Conversation.version)
                .join(Conversation, Conversation.user_id == User.id)
                .where(User.channel == channel)
            )
            return {pid: (state["step"], version) for pid, state, version in rows}
    finally:
        await engine.dispose()


# ---- kill -9 ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


async def ready(client: httpx.AsyncClient, base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, "tradebot serve exited"
        try:
            if (await client.get(f"{base}/healthz")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError("tradebot serve did not start")


async def test_a_killed_server_loses_no_update_and_answers_none_twice(
    pg_database: str, tmp_path: Path
):
    telegram, graph = await HoldingTelegram().start(), HoldingGraph()
    await graph.start()
    url = pg_url(pg_database)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.url,
        "WEBHOOK_SECRET": SECRET,
        "WHATSAPP_TOKEN": "token-1",
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": VERIFY,
        "WHATSAPP_API_URL": graph.url,
        "WHATSAPP_RATE_PER_S": "0",
        "OUTBOX_LEASE_S": str(LEASE_S),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("WEBHOOK_URL", None)
    chats = [8_100_000 + n for n in range(TRADERS)]
    numbers = [f"99890{7_000_000 + n}" for n in range(TRADERS)]
    tg_url = f"{base}/webhooks/telegram"
    wa_url = f"{base}/webhooks/whatsapp"

    async def post_tg(client: httpx.AsyncClient, update: dict[str, Any]) -> int:
        response = await client.post(
            tg_url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        return response.status_code

    async def post_wa(client: httpx.AsyncClient, payload: dict[str, Any]) -> int:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)}
        return (await client.post(wa_url, content=body, headers=headers)).status_code

    log = tmp_path / "serve.log"
    server = start_server(env, log)
    second: subprocess.Popen[bytes] | None = None
    try:
        async with httpx.AsyncClient(timeout=60) as client:
            await ready(client, base, server)
            # Each trader is at the product prompt: one turn each, answered.
            firsts = [message_update(telegram.next_update_id(), c, "/start") for c in chats]
            assert set(await asyncio.gather(*(post_tg(client, u) for u in firsts))) == {200}

            async def acknowledged(payload: dict[str, Any]) -> None:
                assert await post_wa(client, payload) == 200

            await russian_on_whatsapp(acknowledged, graph, numbers)

            # 50 updates in flight on each channel; the replies held by the platforms.
            telegram.holding = graph.holding = True
            seconds = [message_update(telegram.next_update_id(), c, "курага") for c in chats]
            in_flight = [asyncio.create_task(post_tg(client, u)) for u in seconds]
            searches = [wa_message(n, f"wamid.search{n}", "курага") for n in numbers]
            acknowledged = await asyncio.gather(*(post_wa(client, p) for p in searches))
            assert set(acknowledged) == {200}
            await wait_until(lambda: telegram.held + graph.held >= TRADERS, 30, "replies held")
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=10)
            outcomes = await asyncio.gather(*in_flight, return_exceptions=True)
            assert not [o for o in outcomes if o == 200], "Telegram's webhooks were not answered"
            telegram.drop()
            graph.drop()
            assert all(tg_answers(telegram, c, "c:") == 0 for c in chats)

            # Restarted, the server takes over; Telegram delivers the unanswered again.
            second = start_server(env, log)
            await ready(client, base, second)
            assert set(await asyncio.gather(*(post_tg(client, u) for u in seconds))) == {200}
            await wait_until(
                lambda: (
                    all(tg_answers(telegram, c, "c:") >= 1 for c in chats)
                    and all(wa_answers(graph, n, "c:") >= 1 for n in numbers)
                ),
                60,
                "every search answered",
            )
            await asyncio.sleep(LEASE_S + 1.5)  # a reply sent twice would come by now
    except BaseException:
        print(log.read_text()[-20000:])  # the servers' own account, on failure
        print({c: tg_answers(telegram, c, "c:") for c in chats})
        print({n: wa_answers(graph, n, "c:") for n in numbers})
        raise
    finally:
        for process in (server, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=15)
        await telegram.stop()
        await graph.stop()
    tg_copies = collections.Counter(tg_answers(telegram, c, "c:") for c in chats)
    wa_copies = collections.Counter(wa_answers(graph, n, "c:") for n in numbers)
    assert tg_copies == {1: TRADERS}, tg_copies  # 0 lost, 0 twice
    assert wa_copies == {1: TRADERS}, wa_copies
    # Each conversation took exactly its turns (2 on Telegram, 3 on WhatsApp, whose
    # traders also chose a language) and stands at the candidates.
    tg_states, wa_states = await states(url, "telegram"), await states(url, "whatsapp")
    assert sorted(tg_states) == sorted(str(c) for c in chats)
    assert set(tg_states.values()) == {("pick_product", 2)}
    assert sorted(wa_states) == sorted(numbers)
    assert set(wa_states.values()) == {("pick_product", 3)}


# ---- the database link cut ---------------------------------------------------------------------


class CuttableProxy:
    """A TCP proxy to PostgreSQL the test can cut: open connections are dropped and new ones
    refused until it is restored, as when a network link or a database failover goes."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.server: asyncio.Server | None = None
        self.streams: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(
            self._connect, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self.server.sockets[0].getsockname()[1]

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self.streams |= {writer, upstream}
        await asyncio.gather(
            pipe(reader, upstream), pipe(upstream_reader, writer), return_exceptions=True
        )
        self.streams -= {writer, upstream}

    async def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for stream in list(self.streams):
            stream.transport.abort()
        self.streams.clear()

    async def restore(self) -> None:
        await self.start()

    async def stop(self) -> None:
        await self.cut()


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.transport.abort()


CUT_S = 5.0
CUT_TRADERS = 10  # on each channel: half start their turn just before the cut, half during it


async def test_a_five_second_database_cut_loses_nothing_and_needs_no_restart(
    pg_database: str, translator
):
    proxy = CuttableProxy(("127.0.0.1", 5432))
    await proxy.start()
    url = pg_url(pg_database).replace("@127.0.0.1:5432/", f"@127.0.0.1:{proxy.port}/")
    assert f":{proxy.port}/" in url
    app = await start_app(
        Settings(database_url=url, outbox_lease_s=LEASE_S + 2, _env_file=None), translator
    )
    telegram, graph = await FakeTelegram().start(), FakeGraph()
    await graph.start()
    use_fake(app, telegram)
    use_fake_graph(app, graph)
    runner = web.AppRunner(await create_web_app(app))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    refused = collections.Counter[str]()
    chats = [8_200_000 + n for n in range(CUT_TRADERS)]
    numbers = [f"99891{7_000_000 + n}" for n in range(CUT_TRADERS)]

    async def telegram_delivers(client: httpx.AsyncClient, update: dict[str, Any]) -> None:
        """Telegram's webhook: delivered again, after a pause, until answered 200."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        while (
            await client.post(f"{base}/webhooks/telegram", json=update, headers=headers)
        ).status_code != 200:
            refused["telegram"] += 1
            await asyncio.sleep(0.5)

    async def meta_delivers(client: httpx.AsyncClient, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)}
        while (
            await client.post(f"{base}/webhooks/whatsapp", content=body, headers=headers)
        ).status_code != 200:
            refused["whatsapp"] += 1
            await asyncio.sleep(0.5)

    def turn(n: int, text: str) -> list[Any]:
        return [
            (telegram_delivers, message_update(telegram.next_update_id(), chats[n], text)),
            (meta_delivers, wa_message(numbers[n], f"wamid.cut{n}-{len(text)}", text)),
        ]

    try:
        async with httpx.AsyncClient(timeout=60) as client:
            starts = [message_update(telegram.next_update_id(), c, "/start") for c in chats]
            await asyncio.gather(*(telegram_delivers(client, u) for u in starts))
            await russian_on_whatsapp(lambda p: meta_delivers(client, p), graph, numbers)
            half = CUT_TRADERS // 2
            before = [deliver(client, u) for n in range(half) for deliver, u in turn(n, "курага")]
            early = asyncio.gather(*before)
            await asyncio.sleep(0.02)
            await proxy.cut()
            during = [
                deliver(client, u)
                for n in range(half, CUT_TRADERS)
                for deliver, u in turn(n, "курага")
            ]
            late = asyncio.gather(*during)
            await asyncio.sleep(CUT_S)
            await proxy.restore()
            await asyncio.wait_for(asyncio.gather(early, late), 60)
            await wait_until(
                lambda: (
                    all(tg_answers(telegram, c, "c:") >= 1 for c in chats)
                    and all(wa_answers(graph, n, "c:") >= 1 for n in numbers)
                ),
                60,
                "every search answered",
            )
            await asyncio.sleep(LEASE_S + 3)  # a reply sent twice would come by now
            assert (await client.get(f"{base}/healthz")).status_code == 200  # no restart
    except BaseException:
        print({c: (tg_answers(telegram, c, "c:"), telegram.sent_texts(c)) for c in chats})
        print({n: wa_answers(graph, n, "c:") for n in numbers})
        print(dict(refused))
        raise
    finally:
        await runner.cleanup()
        await app.close()
        await proxy.stop()
        await telegram.stop()
        await graph.stop()
    assert refused["telegram"] and refused["whatsapp"], "the cut was never noticed"
    try_again = {translator(lang, "error-try-again") for lang in ("ru", "en")}
    told = [c for c in chats if set(telegram.sent_texts(c)) & try_again]
    told_wa = [m["to"] for m in graph.messages if m.get("text", {}).get("body") in try_again]
    assert told and told_wa, "nobody was told to try again"
    assert [tg_answers(telegram, c, "c:") for c in chats] == [1] * CUT_TRADERS
    assert [wa_answers(graph, n, "c:") for n in numbers] == [1] * CUT_TRADERS
    direct = pg_url(pg_database)
    assert set((await states(direct, "telegram")).values()) == {("pick_product", 2)}
    assert set((await states(direct, "whatsapp")).values()) == {("pick_product", 3)}


# ---- long polling: the offset confirms only what is stored ---------------------------------------


class OffsetTelegram(FakeTelegram):
    """getUpdates as Telegram serves it: every update from `offset` on, until confirmed."""

    served: collections.Counter[int]

    def __init__(self) -> None:
        super().__init__()
        self.served = collections.Counter()

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.pending = [u for u in self.pending if u["update_id"] >= offset]
        if not self.pending:
            await asyncio.sleep(0.05)
        for update in self.pending:
            self.served[update["update_id"]] += 1
        return list(self.pending)


async def test_polling_asks_again_for_updates_it_could_not_store(
    sqlite_app, monkeypatch: pytest.MonkeyPatch
):
    from sqlalchemy.exc import OperationalError

    from bot.channels.telegram import run_polling

    fake = await OffsetTelegram().start()
    app = use_fake(sqlite_app, fake)
    accept = app.inbox.accept
    refusals = []

    async def down_twice(channel: str, entries: Any) -> Any:
        if len(refusals) < 2:
            refusals.append(entries)
            raise OperationalError("INSERT", {}, ConnectionRefusedError("database down"))
        return await accept(channel, entries)

    monkeypatch.setattr(app.inbox, "accept", down_twice)
    update = fake.queue(message_update(fake.next_update_id(), 5_900_001, "/start"))
    stop = asyncio.Event()
    polling = asyncio.create_task(run_polling(app, stop=stop, polling_timeout=1))
    try:
        await fake.wait_for(
            lambda: any(
                app.translator("ru", "product-prompt") in text
                for text in fake.sent_texts(5_900_001)
            ),
            timeout=30,
        )
        await asyncio.sleep(0.5)
    finally:
        stop.set()
        await asyncio.wait_for(polling, 10)
        await fake.stop()
    assert len(refusals) == 2
    assert fake.served[update["update_id"]] >= 3  # served again until it was stored
    texts = fake.sent_texts(5_900_001)
    assert texts.count(app.translator("ru", "error-try-again")) == 1  # said once
    assert sum(app.translator("ru", "product-prompt") in t for t in texts) == 1
