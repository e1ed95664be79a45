"""Webhook load: simulated traders through whole conversations into `tradebot serve`.

Run: python benchmarks/load.py [--users 1000] [--concurrency 32] [--rate 100] [--seconds 10]
[--no-postgres]. Every turn is a real HTTP POST to /webhooks/telegram of a `tradebot serve`
subprocess (one worker), whose replies go to a fake Bot API in its own process. A trader
names a product (language from language_code ru/uz/en, no language step), taps a
candidate, an origin, a destination, opens the export part and its step 1 and goes back:
seven turns. Latency is the
time from the POST to its response, which comes once the update is handled.

Measured on SQLite (a file in a temporary folder) and on PostgreSQL (a fresh database at
TEST_PG_DSN, default postgresql://postgres@127.0.0.1:5432/test, created and dropped here),
next to a conventional aiogram 3 bot walking the same conversation (`run_peer`: Dispatcher
and FSM states, `RedisStorage` at TEST_REDIS_URL, default redis://127.0.0.1:6379/0, and an
ORM user upsert on every update; `--no-peer` leaves it out) and a minimal aiogram 3 echo
bot fed the same updates:
- closed loop: `--concurrency` conversations in flight, as fast as the server answers;
- open loop: `--rate` turns/s at a steady pace for `--seconds` (p99 at a fixed load).
Peak memory is VmHWM of the server process; cpu_ms_per_turn is the server's user+system CPU
time over the closed loop divided by its turns, a figure that holds up better than turns/s
when other work shares the cores. The echo bot has no callback handler, so it answers only
the text turns (1 in 6) and merely parses and routes the taps. The fake Bot API counts the
messages per chat; every tap is checked against the buttons the bot offered in that chat.
The last line is a JSON object: turns_per_s, p50_ms, p99_ms, p99_ms_at_100, peak_rss_mb,
cpu_ms_per_turn, the same under peer_*, echo_* and pg_*, the load averages, and aiogram_import_mb
(what importing aiogram's types adds to a bare interpreter's peak memory).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "123:test"
SECRET = "s3cret"
WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PG_ADMIN_DSN = os.environ.get("TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
READY_TIMEOUT_S = 120.0

# (language_code, product text); each is tried once before the load to learn its buttons.
PRODUCTS = [
    ("ru", "курага"),
    ("ru", "мёд"),
    ("ru", "картофель"),
    ("uz", "olma"),
    ("uz", "asal"),
    ("uz", "kartoshka"),
    ("en", "dried apricots"),
    ("en", "honey"),
    ("en", "apples"),
]
ROUTES = [("KG", "KZ"), ("UZ", "KZ"), ("KZ", "UZ"), ("KG", "UZ"), ("TJ", "UZ"), ("UZ", "KG")]
# A conversation after the product text: what each tap looks for among the offered buttons.
TAPS = ("c:", "o:{origin}", "d:{destination}", "side:export", "st:1", "back")


# ---- the fake Bot API, in its own process ------------------------------------------------------


def run_fake(port: int) -> None:
    """Answers like api.telegram.org; per chat, counts messages and remembers the buttons."""
    from aiohttp import web

    from tests.fake_telegram import BOT_USER, ok, read_params

    chats: dict[int, dict[str, Any]] = {}
    counter = iter(range(1000, 10**9))

    def chat_record(chat_id: int) -> dict[str, Any]:
        return chats.setdefault(chat_id, {"messages": 0, "offered": set(), "keyboards": []})

    async def handle(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await read_params(request)
        if method == "getMe":
            return ok(BOT_USER)
        if method not in ("sendMessage", "editMessageText", "sendPhoto"):
            return ok(True)
        chat_id = int(params["chat_id"])
        record = chat_record(chat_id)
        record["messages"] += 1
        markup = params.get("reply_markup") or {}
        data = [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]
        record["keyboards"].append(data)
        record["offered"].update(data)
        message_id = int(params.get("message_id") or next(counter))
        return ok(
            {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        )

    async def alive(_request: web.Request) -> web.Response:
        return ok(True)

    async def since(request: web.Request) -> web.Response:
        """The message count of a chat, and the buttons of its messages from the n-th on."""
        record = chats.get(int(request.match_info["chat"])) or {"keyboards": []}
        keyboards = record["keyboards"][int(request.match_info["n"]) :]
        body = {"messages": len(record["keyboards"]), "buttons": [b for k in keyboards for b in k]}
        return web.json_response(body)

    async def stats(request: web.Request) -> web.Response:
        body = {
            str(chat): {"messages": r["messages"], "offered": sorted(r["offered"])}
            for chat, r in chats.items()
        }
        return web.json_response(body)

    app = web.Application(client_max_size=16 * 1024 * 1024)
    app.router.add_post("/bot{token}/{method}", handle)
    app.router.add_get("/_since/{chat}/{n}", since)
    app.router.add_get("/_stats", stats)
    app.router.add_get("/healthz", alive)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


# ---- the aiogram echo bot, in its own process ---------------------------------------------------


def run_echo(port: int, api_url: str) -> None:
    """A minimal aiogram 3 bot: one message handler that answers with the same text."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
    from aiohttp import web

    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    async def alive(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_get("/healthz", alive)
    # Answer the webhook after the update is handled, as `tradebot serve` does.
    SimpleRequestHandler(dispatcher, bot, secret_token=SECRET, handle_in_background=False).register(
        app, path=WEBHOOK_PATH
    )
    setup_application(app, dispatcher, bot=bot)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


# ---- a conventional aiogram bot, in its own process ---------------------------------------------

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def run_peer(port: int, api_url: str, folder: str) -> None:
    """The same conversation built the way most aiogram 3 bots are: a Dispatcher with routers
    and handlers per FSM state, the FSM in Redis (`RedisStorage`), and an outer middleware
    that upserts the user through the SQLAlchemy ORM (SQLite file, aiosqlite) on every
    update. It answers from the same knowledge (our matcher and rules, pure Python) with
    plain texts and the same callback data, so the load's scripts and checks apply as they
    are; the difference measured is the shell around the conversation."""
    import datetime as dt
    from collections.abc import Awaitable, Callable

    from aiogram import BaseMiddleware, Bot, Dispatcher, F, Router
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.fsm.context import FSMContext
    from aiogram.fsm.state import State, StatesGroup
    from aiogram.fsm.storage.base import DefaultKeyBuilder
    from aiogram.fsm.storage.redis import RedisStorage
    from aiogram.types import (
        CallbackQuery,
        InlineKeyboardButton,
        InlineKeyboardMarkup,
        Message,
        TelegramObject,
    )
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
    from aiohttp import web
    from sqlalchemy import BigInteger, Column, DateTime, String, event
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
    from sqlalchemy.orm import DeclarativeBase

    from handlers.context import Library
    from knowledge.loader import load_knowledge

    class Base(DeclarativeBase):
        pass

    class User(Base):  # columns spelled out: annotations of a local class are not resolved
        __tablename__ = "users"
        id = Column(BigInteger, primary_key=True)
        first_name = Column(String(64))
        language_code = Column(String(8), nullable=True)
        last_seen = Column(DateTime)

    class Flow(StatesGroup):
        product = State()
        origin = State()
        destination = State()
        answer = State()
        detail = State()

    # As the usual advice has it for SQLite under concurrent writers: WAL, and a lock wait.
    engine = create_async_engine(
        f"sqlite+aiosqlite:///{folder}/peer.db", connect_args={"timeout": 30}
    )

    @event.listens_for(engine.sync_engine, "connect")
    def wal(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA journal_mode=WAL")

    sessions = async_sessionmaker(engine, expire_on_commit=False)

    class UpsertUser(BaseMiddleware):
        async def __call__(
            self,
            handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
            event: TelegramObject,
            data: dict[str, Any],
        ) -> Any:
            user = data.get("event_from_user")
            if user is not None:
                async with sessions.begin() as session:
                    await session.merge(
                        User(
                            id=user.id,
                            first_name=user.first_name,
                            language_code=user.language_code,
                            last_seen=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                        )
                    )
            return await handler(event, data)

    library = Library.build(load_knowledge())
    knowledge = library.knowledge
    version = 1  # the prefix of our bot's buttons on a fresh database

    def markup(pairs: list[tuple[str, str]]) -> InlineKeyboardMarkup:
        rows = [[InlineKeyboardButton(text=t, callback_data=f"{version}|{d}")] for d, t in pairs]
        return InlineKeyboardMarkup(inline_keyboard=rows)

    def lang_of(user: Any) -> str:
        code = (user.language_code or "en")[:2] if user is not None else "en"
        return code if code in ("kk", "ky", "tg", "tk", "uz", "ru", "en") else "en"

    def steps(data: dict[str, Any], side: str) -> list[Any]:
        commodity = knowledge.commodities[data["hs"]]
        found = knowledge.steps_for(commodity, data["origin"], data["destination"])
        return [step for step in found if step.side.value == side]

    router = Router()

    @router.message(F.text)
    async def product(message: Message, state: FSMContext) -> None:
        lang = lang_of(message.from_user)
        result = library.matcher.match(message.text or "", lang, limit=5)
        pairs = [
            (f"c:{c.hs}", knowledge.commodities[c.hs].names.get(lang)) for c in result.candidates
        ]
        await state.set_state(Flow.product)
        await message.answer("Which one?" if pairs else "Not found", reply_markup=markup(pairs))

    @router.callback_query(Flow.product, F.data.contains("|c:"))
    async def commodity(callback: CallbackQuery, state: FSMContext) -> None:
        lang = lang_of(callback.from_user)
        await state.update_data(hs=callback.data.split("|c:", 1)[1])
        await state.set_state(Flow.origin)
        pairs = [(f"o:{c}", knowledge.country_name(c, lang)) for c in knowledge.countries]
        await callback.answer()
        await callback.message.answer("From where?", reply_markup=markup(pairs))

    @router.callback_query(Flow.origin, F.data.contains("|o:"))
    async def origin(callback: CallbackQuery, state: FSMContext) -> None:
        lang = lang_of(callback.from_user)
        code = callback.data.split("|o:", 1)[1]
        await state.update_data(origin=code)
        await state.set_state(Flow.destination)
        pairs = [
            (f"d:{c}", knowledge.country_name(c, lang)) for c in knowledge.countries if c != code
        ]
        await callback.answer()
        await callback.message.answer("To where?", reply_markup=markup(pairs))

    async def show_answer(callback: CallbackQuery, state: FSMContext) -> None:
        lang = lang_of(callback.from_user)
        data = await state.get_data()
        lines = [
            f"{side}: " + "; ".join(step.title.get(lang) for step in steps(data, side))
            for side in ("export", "crossing", "import")
        ]
        await state.set_state(Flow.answer)
        pairs = [("side:export", "Export"), ("side:import", "Import")]
        await callback.message.answer("\n".join(lines)[:4000], reply_markup=markup(pairs))

    @router.callback_query(Flow.destination, F.data.contains("|d:"))
    async def destination(callback: CallbackQuery, state: FSMContext) -> None:
        await state.update_data(destination=callback.data.split("|d:", 1)[1])
        await callback.answer()
        await show_answer(callback, state)

    @router.callback_query(Flow.answer, F.data.contains("|side:"))
    async def side(callback: CallbackQuery, state: FSMContext) -> None:
        lang = lang_of(callback.from_user)
        chosen = callback.data.split("|side:", 1)[1]
        await state.update_data(side=chosen)
        found = steps(await state.get_data(), chosen)
        pairs = [(f"st:{n}", step.title.get(lang)) for n, step in enumerate(found, start=1)]
        await state.set_state(Flow.detail)
        await callback.answer()
        await callback.message.answer(chosen, reply_markup=markup([*pairs, ("back", "Back")]))

    @router.callback_query(Flow.detail, F.data.contains("|st:"))
    async def detail(callback: CallbackQuery, state: FSMContext) -> None:
        lang = lang_of(callback.from_user)
        data = await state.get_data()
        step = steps(data, data["side"])[int(callback.data.split("|st:", 1)[1]) - 1]
        text = f"{step.title.get(lang)}\n{step.text.get(lang)}\n{step.legal_basis.get(lang)}"
        await callback.answer()
        await callback.message.answer(text[:4000], reply_markup=markup([("back", "Back")]))

    @router.callback_query(F.data.endswith("|back"))
    async def back(callback: CallbackQuery, state: FSMContext) -> None:
        await callback.answer()
        await show_answer(callback, state)

    storage = RedisStorage.from_url(
        REDIS_URL,
        key_builder=DefaultKeyBuilder(prefix=f"peer-{uuid.uuid4().hex[:8]}"),
        state_ttl=3600,
        data_ttl=3600,
    )
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    dispatcher = Dispatcher(storage=storage)
    dispatcher.update.outer_middleware(UpsertUser())
    dispatcher.include_router(router)

    async def alive(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def create_tables(_app: web.Application) -> None:
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)

    app = web.Application()
    app.router.add_get("/healthz", alive)
    app.on_startup.append(create_tables)
    SimpleRequestHandler(dispatcher, bot, secret_token=SECRET, handle_in_background=False).register(
        app, path=WEBHOOK_PATH
    )
    setup_application(app, dispatcher, bot=bot)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


# ---- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def peak_rss_mb(self) -> float | None:
        """VmHWM: the most resident memory the process ever had."""
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        return None

    def cpu_s(self) -> float:
        """User + system CPU time of the process so far, all threads."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_count(self, needle: str) -> int:
        if not self.log.exists():
            return 0
        return sum(needle in line for line in self.log.read_text(errors="replace").splitlines())

    def tail(self, lines: int = 20) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def spawn(name: str, argv: list[str], env: dict[str, str], folder: Path, port: int) -> Server:
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Server(name, process, f"http://127.0.0.1:{port}", log)


def serve_env(database_url: str, api_url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("WEBHOOK_URL", "WHATSAPP_TOKEN")}
    env.update(
        PORT=str(port),
        HOST="127.0.0.1",
        DATABASE_URL=database_url,
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_API_URL=api_url,
        WEBHOOK_SECRET=SECRET,
        PYTHONPATH=str(ROOT),
    )
    return env


def stop(servers: list[Server]) -> None:
    for server in servers:
        if server.process.poll() is None:
            server.process.terminate()
    for server in servers:
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=5)


async def wait_ready(client: Any, server: Server, deadline: float) -> None:
    from aiohttp import ClientError

    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited:\n{server.tail()}")
        with contextlib.suppress(ClientError, OSError):
            async with client.get(server.url + "/healthz") as response:
                if response.status == 200:
                    return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{server.name} not ready in time:\n{server.tail()}")
        await asyncio.sleep(0.2)


async def create_database() -> str:
    import asyncpg

    name = f"tradebot_load_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return name


async def create_database_or_none() -> str | None:
    """A fresh database, or None (and a note) when PostgreSQL cannot be reached."""
    import asyncpg

    try:
        return await create_database()
    except (OSError, asyncpg.PostgresError) as error:
        print(f"PostgreSQL at {PG_ADMIN_DSN} unreachable ({error}); skipped", flush=True)
        return None


async def drop_database(name: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def pg_url(name: str) -> str:
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    return f"{base}/{name}"


# ---- updates and conversations -----------------------------------------------------------------


_update_ids = iter(range(1, 10**9))


def text_update(chat: int, lang: str, text: str) -> dict[str, Any]:
    update_id = next(_update_ids)
    sender = {"id": chat, "is_bot": False, "first_name": "Trader", "language_code": lang}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private", "first_name": "Trader"},
            "from": sender,
            "text": text,
        },
    }


def tap_update(chat: int, lang: str, data: str) -> dict[str, Any]:
    update_id = next(_update_ids)
    sender = {"id": chat, "is_bot": False, "first_name": "Trader", "language_code": lang}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "from": sender,
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private"},
                "from": {"id": 123, "is_bot": True, "first_name": "Tradebot"},
                "text": "…",
            },
        },
    }


@dataclass
class Script:
    """One conversation: the product text, then the callback data of each tap."""

    lang: str
    text: str
    taps: list[str]

    def updates(self, chat: int) -> list[dict[str, Any]]:
        first = text_update(chat, self.lang, self.text)
        return [first, *(tap_update(chat, self.lang, data) for data in self.taps)]


@dataclass
class Target:
    name: str
    url: str
    client: Any

    async def post(self, update: dict[str, Any]) -> tuple[int, float]:
        body = json.dumps(update).encode()
        headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
        started = time.perf_counter()
        async with self.client.post(self.url + WEBHOOK_PATH, data=body, headers=headers) as r:
            await r.read()
            return r.status, time.perf_counter() - started


async def learn_scripts(target: Target, fake_url: str, chats: Iterator[int]) -> list[Script]:
    """Walk each product and route once, reading the buttons the bot offered."""
    scripts: list[Script] = []
    for index, (lang, text) in enumerate(PRODUCTS):
        for attempt in range(len(ROUTES)):
            origin, destination = ROUTES[(index + attempt) % len(ROUTES)]
            chat = next(chats)
            script = await walk(target, fake_url, chat, lang, text, origin, destination)
            if script is not None:
                scripts.append(script)
                break
    if not scripts:
        raise RuntimeError("no conversation reached a step detail")
    return scripts


async def walk(
    target: Target, fake_url: str, chat: int, lang: str, text: str, origin: str, dest: str
) -> Script | None:
    seen = 0
    update = text_update(chat, lang, text)
    taps: list[str] = []
    for wanted in TAPS:
        status, _ = await target.post(update)
        assert status == 200, status
        async with target.client.get(f"{fake_url}/_since/{chat}/{seen}") as response:
            turn = await response.json()
        seen = turn["messages"]
        prefix = wanted.format(origin=origin, destination=dest)
        found = [d for d in turn["buttons"] if d.split("|", 1)[-1].startswith(prefix)]
        if not found:
            return None
        taps.append(found[0])
        update = tap_update(chat, lang, found[0])
    status, _ = await target.post(update)
    assert status == 200, status
    return Script(lang, text, taps)


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, float | int]:
        ordered = sorted(self.latencies)
        count = len(ordered)
        return {
            "turns": count,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "turns_per_s": round(count / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else 0.0,
            "p99_ms": round(percentile(ordered, 0.99) * 1000, 1) if ordered else 0.0,
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else 0.0,
        }


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def send(target: Target, update: dict[str, Any], result: Result) -> None:
    try:
        status, elapsed = await target.post(update)
    except Exception:
        result.errors += 1
        return
    if status != 200:
        result.errors += 1
    result.latencies.append(elapsed)


async def closed_loop(
    target: Target, conversations: list[list[dict[str, Any]]], concurrency: int
) -> Result:
    """`concurrency` conversations in flight; each sends its next turn when the last is done."""
    result = Result()
    queue = deque(conversations)

    async def runner() -> None:
        while queue:
            for update in queue.popleft():
                await send(target, update, result)

    started = time.perf_counter()
    await asyncio.gather(*(runner() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    return result


async def open_loop(
    target: Target, conversations: list[list[dict[str, Any]]], rate: float, seconds: float
) -> Result:
    """A turn every 1/rate s whoever is free; a trader's next turn waits for the last one."""
    result = Result()
    ready: deque[deque[dict[str, Any]]] = deque(deque(c) for c in conversations)
    freed = asyncio.Event()
    tasks: set[asyncio.Task[None]] = set()
    loop = asyncio.get_running_loop()

    async def one(turns: deque[dict[str, Any]]) -> None:
        await send(target, turns.popleft(), result)
        if turns:
            ready.append(turns)
            freed.set()

    total = int(rate * seconds)
    start = loop.time() + 0.05
    for n in range(total):
        delay = start + n / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        while not ready:
            freed.clear()
            await freed.wait()
        task = asyncio.create_task(one(ready.popleft()))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await asyncio.gather(*tasks)
    result.seconds = loop.time() - start
    return result


def conversations_for(scripts: list[Script], first_chat: int, users: int) -> list[list[dict]]:
    return [scripts[n % len(scripts)].updates(first_chat + n) for n in range(users)]


async def delivered(fake_url: str, client: Any, conversations: list[list[dict]]) -> dict:
    """What reached the fake: chats answered, and taps on buttons the bot never offered."""
    async with client.get(f"{fake_url}/_stats") as response:
        stats = await response.json()
    answered = unoffered = 0
    for turns in conversations:
        first = turns[0]["message"]
        record = stats.get(str(first["chat"]["id"]))
        if record is None:
            continue
        answered += 1
        offered = set(record["offered"])
        unoffered += sum(
            1
            for turn in turns[1:]
            if "callback_query" in turn and turn["callback_query"]["data"] not in offered
        )
    return {"chats_answered": answered, "taps_not_offered": unoffered}


# ---- the run -----------------------------------------------------------------------------------


async def measure(
    target: Target,
    server: Server,
    scripts: list[Script],
    args: argparse.Namespace,
    fake_url: str,
    first_chat: int,
    check_offered: bool,
) -> dict[str, Any]:
    """Warm up, then the closed loop, then the open loop at `args.rate`, on fresh chats."""
    warm = conversations_for(scripts, first_chat, 20)
    await closed_loop(target, warm, 8)
    closed_users = conversations_for(scripts, first_chat + 1000, args.users)
    load_before = os.getloadavg()[0]
    cpu_before = server.cpu_s()
    closed = await closed_loop(target, closed_users, args.concurrency)
    cpu_closed = server.cpu_s() - cpu_before
    open_users = conversations_for(scripts, first_chat + 100_000, args.users * 2)
    opened = await open_loop(target, open_users, args.rate, args.seconds)
    summary = closed.summary()
    at_rate = opened.summary()
    figures: dict[str, Any] = {
        "turns_per_s": summary["turns_per_s"],
        "p50_ms": summary["p50_ms"],
        "p99_ms": summary["p99_ms"],
        "max_ms": summary["max_ms"],
        "turns": summary["turns"],
        "errors": summary["errors"] + at_rate["errors"],
        "p50_ms_at_rate": at_rate["p50_ms"],
        "p99_ms_at_100" if args.rate == 100 else "p99_ms_at_rate": at_rate["p99_ms"],
        "achieved_rate": at_rate["turns_per_s"],
        "cpu_ms_per_turn": round(cpu_closed * 1000 / max(summary["turns"], 1), 2),
        "peak_rss_mb": server.peak_rss_mb(),
        "busy_retries": server.log_count("database busy"),
        "conflict_retries": server.log_count("concurrent update"),
        "logged_errors": server.log_count('"level": "ERROR"') + server.log_count("Traceback"),
        "load_avg_1m": round(load_before, 2),
    }
    if check_offered:
        figures.update(await delivered(fake_url, target.client, closed_users))
    print(f"{target.name}: closed {summary}", flush=True)
    print(f"{target.name}: open at {args.rate}/s {at_rate}", flush=True)
    return figures


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from aiohttp import ClientSession, TCPConnector

    servers: list[Server] = []
    database: str | None = None
    with tempfile.TemporaryDirectory(prefix="tradebot-load-") as folder_name:
        folder = Path(folder_name)
        try:
            fake_port = free_port()
            fake_url = f"http://127.0.0.1:{fake_port}"
            me = [sys.executable, str(Path(__file__).resolve())]
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            servers.append(spawn("fake", [*me, "--fake", str(fake_port)], env, folder, fake_port))
            port = free_port()
            sqlite_url = f"sqlite+aiosqlite:///{folder / 'tradebot.db'}"
            serve = [sys.executable, "-m", "bot.cli", "serve"]
            servers.append(
                spawn("sqlite", serve, serve_env(sqlite_url, fake_url, port), folder, port)
            )
            if not args.no_postgres:
                database = await create_database_or_none()
            if database is not None:
                port = free_port()
                pg_env = serve_env(pg_url(database), fake_url, port)
                servers.append(spawn("postgres", serve, pg_env, folder, port))
            if not args.no_peer:
                port = free_port()
                peer_argv = [*me, "--peer", str(port), fake_url, str(folder)]
                servers.append(spawn("peer", peer_argv, env, folder, port))
            if not args.no_echo:
                port = free_port()
                echo_argv = [*me, "--echo", str(port), fake_url]
                servers.append(spawn("echo", echo_argv, env, folder, port))
            started = time.monotonic()
            connector = TCPConnector(limit=max(args.concurrency * 2, 256))
            async with ClientSession(connector=connector) as client:
                deadline = time.monotonic() + READY_TIMEOUT_S
                await asyncio.gather(*(wait_ready(client, s, deadline) for s in servers))
                print(f"servers ready in {time.monotonic() - started:.1f} s", flush=True)
                return await measure_all(servers, client, fake_url, args)
        finally:
            stop(servers)
            if database is not None:
                await drop_database(database)


PEAK_RSS_CODE = (
    "import sys\n{imports}\n"
    "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
)


def import_peak_mb(imports: str) -> float:
    """VmHWM of a bare interpreter after `imports`: what a library costs before any work."""
    code = PEAK_RSS_CODE.format(imports=imports)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def aiogram_import_mb() -> float:
    return round(import_peak_mb("import aiogram.types") - import_peak_mb(""), 1)


async def measure_all(
    servers: list[Server], client: Any, fake_url: str, args: argparse.Namespace
) -> dict[str, Any]:
    by_name = {server.name: server for server in servers}
    chats = iter(range(900_000_001, 900_010_000))
    report: dict[str, Any] = {"load_avg_start": [round(x, 2) for x in os.getloadavg()]}
    sqlite = by_name["sqlite"]
    target = Target("sqlite", sqlite.url, client)
    scripts = await learn_scripts(target, fake_url, chats)
    print(f"{len(scripts)} conversation scripts, e.g. {scripts[0]}", flush=True)
    report.update(await measure(target, sqlite, scripts, args, fake_url, 910_000_000, True))
    if "postgres" in by_name:
        postgres = by_name["postgres"]
        target = Target("postgres", postgres.url, client)
        pg_scripts = await learn_scripts(target, fake_url, chats)
        figures = await measure(target, postgres, pg_scripts, args, fake_url, 920_000_000, True)
        report.update({f"pg_{key}": value for key, value in figures.items()})
    if "peer" in by_name:
        peer = by_name["peer"]
        target = Target("peer", peer.url, client)
        figures = await measure(target, peer, scripts, args, fake_url, 940_000_000, True)
        report.update({f"peer_{key}": value for key, value in figures.items()})
    if "echo" in by_name:
        echo = by_name["echo"]
        figures = await measure(
            Target("echo", echo.url, client), echo, scripts, args, fake_url, 930_000_000, False
        )
        report.update({f"echo_{key}": value for key, value in figures.items()})
    report["fake_peak_rss_mb"] = by_name["fake"].peak_rss_mb()
    report["aiogram_import_mb"] = aiogram_import_mb()
    report["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-echo", action="store_true")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--peer", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--fake", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--echo", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fake:
        run_fake(args.fake)
        return
    if args.echo:
        run_echo(int(args.echo[0]), args.echo[1])
        return
    if args.peer:
        run_peer(int(args.peer[0]), args.peer[1], args.peer[2])
        return
    started = time.monotonic()
    report = asyncio.run(run(args))
    report["runtime_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
