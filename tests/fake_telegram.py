"""A fake Telegram Bot API on 127.0.0.1: records every call and fails on request.

The bot under test talks to it over real HTTP exactly as to api.telegram.org
(`TELEGRAM_API_URL=http://127.0.0.1:<port>`), so the bot's own Bot API client (requests,
errors, retries) is part of what the tests prove.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Tradebot", "username": "tradebot_test_bot"}
LONG_POLL_CAP_S = 0.3  # the fake answers getUpdates at least this often, whatever the timeout


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    result: Any = None  # what the fake answered
    content_type: str = ""  # application/json, or a form for uploads


@dataclass
class Fault:
    status: int
    times: int
    retry_after: int | None = None


@dataclass
class FakeTelegram:
    calls: list[Call] = field(default_factory=list)
    faults: dict[str, Fault] = field(default_factory=dict)
    pending: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    _update_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _runner: web.AppRunner | None = None
    files: dict[str, bytes] = field(default_factory=dict)

    # ---- server -------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path}", self._file)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await read_params(request)
        call = Call(method, params, time.monotonic(), content_type=request.content_type)
        fault = self.faults.get(method)
        if fault is not None and fault.times > 0:
            fault.times -= 1
            self._record(call)
            return failure(fault)
        if method == "getUpdates":
            call.result = await self._updates(params)
        else:
            call.result = self._result(method, params)
            self._record(call)
        return ok(call.result)

    async def _file(self, request: web.Request) -> web.Response:
        content = self.files.get(request.match_info["path"])
        return web.Response(body=content) if content is not None else web.Response(status=404)

    def add_file(self, content: bytes) -> str:
        """A file users can send: its file_id (also its download path)."""
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = content
        return file_id

    def _record(self, call: Call) -> None:
        """getUpdates is left out of the record: it repeats all the time while polling."""
        if call.method != "getUpdates":
            self.calls.append(call)
            self._arrived.set()

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        wait = min(float(params.get("timeout") or 0), LONG_POLL_CAP_S)
        deadline = time.monotonic() + wait
        while not self.pending and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        served, self.pending = self.pending, []
        return served

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "sendPhoto"):
            message = self.message(int(params["chat_id"]), params.get("text", ""))
            if method == "sendPhoto":
                message.pop("text")
                message["photo"] = [
                    {"file_id": "p1", "file_unique_id": "u1", "width": 640, "height": 480}
                ]
                if params.get("caption"):
                    message["caption"] = params["caption"]
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "getFile":
            file_id = params["file_id"]
            size = len(self.files.get(file_id, b""))
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": size,
                "file_path": file_id,
            }
        if method == "editMessageText":
            message = self.message(int(params["chat_id"]), params["text"])
            message["message_id"] = int(params["message_id"])
            return message
        return True  # setWebhook, deleteWebhook, answerCallbackQuery

    def message(self, chat_id: int, text: str) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }

    # ---- controls -----------------------------------------------------------------------

    def reset(self) -> None:
        """Forget calls, faults and queued updates; ids keep counting so none repeats."""
        self.calls.clear()
        self.faults.clear()
        self.pending.clear()

    def fail(
        self, method: str, status: int, times: int = 1, retry_after: int | None = None
    ) -> None:
        """The next `times` calls of `method` answer with `status` (429 with retry_after)."""
        self.faults[method] = Fault(status, times, retry_after)

    def queue(self, update: dict[str, Any]) -> dict[str, Any]:
        """Serve an update to the next getUpdates."""
        self.pending.append(update)
        return update

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def of(self, method: str, chat_id: int | None = None) -> list[Call]:
        return [
            call
            for call in self.calls
            if call.method == method
            and (chat_id is None or int(call.params.get("chat_id", 0)) == chat_id)
        ]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [call.params.get("text", "") for call in self.of("sendMessage", chat_id)]

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[c.method for c in self.calls]}")
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), timeout=0.05)

    def last_keyboard_message(self, chat_id: int, choice_prefix: str = "") -> Call:
        """The latest message sent or edited in the chat with a button for the choice."""
        for call in reversed(self.calls):
            if (
                call.method in ("sendMessage", "editMessageText", "sendPhoto")
                and call.result is not None
                and int(call.params.get("chat_id", 0)) == chat_id
                and any(choice_of(data).startswith(choice_prefix) for data in buttons(call))
            ):
                return call
        raise AssertionError(f"no message with a button {choice_prefix!r}")


# ---- wire format ----------------------------------------------------------------------------


async def read_params(request: web.Request) -> dict[str, Any]:
    """A JSON body, or form fields with nested objects as JSON strings and files as uploads."""
    if request.content_type == "application/json":
        return dict(await request.json())
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = value.file.read()
        elif isinstance(value, str) and value[:1] in "[{":
            params[key] = json.loads(value)
        else:
            params[key] = value
    for key, value in list(params.items()):  # "photo": "attach://<field>" names the upload
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.pop(value.removeprefix("attach://"), value)
    return params


def ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def failure(fault: Fault) -> web.Response:
    descriptions = {
        403: "Forbidden: bot was blocked by the user",
        429: f"Too Many Requests: retry after {fault.retry_after}",
    }
    body: dict[str, Any] = {
        "ok": False,
        "error_code": fault.status,
        "description": descriptions.get(fault.status, "Internal Server Error"),
    }
    if fault.retry_after is not None:
        body["parameters"] = {"retry_after": fault.retry_after}
    return web.json_response(body, status=fault.status)


# ---- updates as Telegram sends them ----------------------------------------------------------


def user_json(user_id: int, lang: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Trader"}
    if lang is not None:
        user["language_code"] = lang
    return user


def message_update(
    update_id: int, chat_id: int, text: str | None, lang: str | None = "ru", **extra: Any
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": update_id + 5000,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Trader"},
        "from": user_json(chat_id, lang),
        **extra,
    }
    if text is not None:
        message["text"] = text
    return {"update_id": update_id, "message": message}


def document_update(
    update_id: int, chat_id: int, file_id: str, name: str, size: int, lang: str | None = "en"
) -> dict[str, Any]:
    document = {"file_id": file_id, "file_unique_id": file_id, "file_name": name, "file_size": size}
    return message_update(update_id, chat_id, None, lang, document=document)


def photo_update(update_id: int, chat_id: int, lang: str | None = "ru") -> dict[str, Any]:
    photo = [{"file_id": "f1", "file_unique_id": "u1", "width": 90, "height": 90}]
    return message_update(update_id, chat_id, None, lang, photo=photo)


def callback_update(
    update_id: int, chat_id: int, data: str, message_id: int, lang: str | None = "ru"
) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "from": user_json(chat_id, lang),
            "chat_instance": "ci1",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": "…",
            },
        },
    }


def buttons(call: Call) -> list[str]:
    """Callback data of every button of a recorded message, row by row."""
    markup = call.params.get("reply_markup") or {}
    return [button["callback_data"] for row in markup.get("inline_keyboard", []) for button in row]


def choice_of(data: str) -> str:
    return data.split("|", 1)[-1]


def tap(call: Call, choice_prefix: str) -> tuple[str, int]:
    """The callback data of the first button whose choice id starts with the prefix."""
    for data in buttons(call):
        if choice_of(data).startswith(choice_prefix):
            return data, int(call.result["message_id"])
    raise AssertionError(f"no button {choice_prefix!r} in {buttons(call)}")
