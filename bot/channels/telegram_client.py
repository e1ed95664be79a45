"""A thin Bot API client: methods by name, JSON in and out, Telegram's errors as exceptions.

The bot uses eight methods and reads a handful of fields of an update, so it talks to the
Bot API directly over aiohttp, like the WhatsApp client, instead of through aiogram, whose
pydantic models of every Bot API type cost about 155 MB of memory a process (issue 20).
Calls without files go as a JSON body; a call with a file goes as a multipart form, the
file in the method's own field. The errors are named as aiogram names them, so the
sender's retry rules read the same: 429 waits `retry_after`, 5xx and network faults are
retried, 403 means the user blocked the bot.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp

DEFAULT_TIMEOUT_S = 60.0


class TelegramAPIError(Exception):
    def __init__(self, method: str, message: str) -> None:
        super().__init__(f"Telegram server says - {message}")
        self.method = method
        self.message = message


class TelegramNetworkError(TelegramAPIError):
    pass


class TelegramBadRequest(TelegramAPIError):
    pass


class TelegramUnauthorizedError(TelegramAPIError):
    pass


class TelegramForbiddenError(TelegramAPIError):
    pass


class TelegramNotFound(TelegramAPIError):
    pass


class TelegramConflictError(TelegramAPIError):
    pass


class TelegramEntityTooLarge(TelegramNetworkError):
    pass


class TelegramServerError(TelegramAPIError):
    pass


class TelegramRetryAfter(TelegramAPIError):
    def __init__(self, method: str, message: str, retry_after: int) -> None:
        super().__init__(method, message)
        self.retry_after = retry_after


BY_STATUS: dict[int, type[TelegramAPIError]] = {
    400: TelegramBadRequest,
    401: TelegramUnauthorizedError,
    403: TelegramForbiddenError,
    404: TelegramNotFound,
    409: TelegramConflictError,
    413: TelegramEntityTooLarge,
}


class InputFile:
    """Bytes to upload, with the name Telegram shows."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.data = data
        self.filename = filename


class BotApi:
    def __init__(
        self, token: str, api_url: str = "https://api.telegram.org", timeout: float | None = None
    ) -> None:
        self.token = token
        self.base = api_url.rstrip("/")
        self.timeout = timeout or DEFAULT_TIMEOUT_S
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                json_serialize=lambda data: json.dumps(data, ensure_ascii=False)
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def __call__(
        self, method: str, params: dict[str, Any] | None = None, timeout: float | None = None
    ) -> Any:
        """One call; its `result`, or the error Telegram answered with, as an exception."""
        url = f"{self.base}/bot{self.token}/{method}"
        fields = {k: v for k, v in (params or {}).items() if v is not None}
        files = {k: v for k, v in fields.items() if isinstance(v, InputFile)}
        request: dict[str, Any]
        if files:
            form = aiohttp.FormData()
            for key, value in fields.items():
                if isinstance(value, InputFile):
                    form.add_field(key, value.data, filename=value.filename)
                elif isinstance(value, dict | list):
                    form.add_field(key, json.dumps(value, ensure_ascii=False))
                else:
                    form.add_field(key, str(value))
            request = {"data": form}
        else:
            request = {"json": fields}
        wait = aiohttp.ClientTimeout(total=timeout or self.timeout)
        try:
            async with self.session().post(url, timeout=wait, **request) as response:
                status, content = response.status, await response.text()
        except TimeoutError as error:
            raise TelegramNetworkError(method, "Request timeout error") from error
        except aiohttp.ClientError as error:
            raise TelegramNetworkError(method, f"{type(error).__name__}: {error}") from error
        return result_of(method, status, content)

    async def download(self, file_id: str) -> bytes:
        """A file someone sent, by its id (getFile, then the file's own address)."""
        found = await self("getFile", {"file_id": file_id})
        path = found.get("file_path") if isinstance(found, dict) else None
        if not path:
            return b""
        url = f"{self.base}/file/bot{self.token}/{path}"
        try:
            async with self.session().get(
                url, timeout=aiohttp.ClientTimeout(total=self.timeout)
            ) as response:
                if response.status != 200:
                    raise TelegramNetworkError("getFile", f"file download {response.status}")
                return await response.read()
        except aiohttp.ClientError as error:
            raise TelegramNetworkError("getFile", type(error).__name__) from error


def result_of(method: str, status: int, content: str) -> Any:
    try:
        body = json.loads(content)
    except ValueError as error:
        raise TelegramNetworkError(method, f"not JSON (HTTP {status})") from error
    if not isinstance(body, dict):
        raise TelegramNetworkError(method, f"not a Bot API answer (HTTP {status})")
    if body.get("ok") is True and 200 <= status < 300:
        return body.get("result")
    description = str(body.get("description") or f"HTTP {status}")
    code = body.get("error_code") if isinstance(body.get("error_code"), int) else status
    parameters = body.get("parameters") or {}
    if code == 429 or isinstance(parameters.get("retry_after"), int):
        retry = parameters.get("retry_after")
        raise TelegramRetryAfter(method, description, retry if isinstance(retry, int) else 1)
    if code >= 500:
        raise TelegramServerError(method, description)
    raise BY_STATUS.get(code, TelegramAPIError)(method, description)
