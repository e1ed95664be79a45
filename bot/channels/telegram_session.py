"""aiogram's HTTP session, made cheaper for a bot that sends many small messages.

Two costs dominate aiogram's own session under load: building a urlencoded form for every
call, and re-creating the pydantic `Response[...]` class of a method whenever pydantic's
weak cache has let it go. Calls without files go as a JSON body, which the Bot API accepts
like a form, and each method's response class is kept for the life of the session. Calls
that upload files go through aiogram's multipart form unchanged.
"""

from __future__ import annotations

import json
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import ClientError

JSON_HEADERS = {"Content-Type": "application/json"}


class JsonSession(AiohttpSession):
    def __init__(self, api_url: str, **kwargs: Any) -> None:
        super().__init__(api=TelegramAPIServer.from_base(api_url), **kwargs)
        self._response_types: dict[type[TelegramMethod[Any]], type[Response[Any]]] = {}

    def json_body(self, bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
        """The call as JSON, or None when it carries files and needs a multipart form."""
        files: dict[str, Any] = {}
        body = {
            key: prepared
            for key, value in method.model_dump(warnings=False).items()
            if (prepared := self.prepare_value(value, bot=bot, files=files, _dumps_json=False))
            is not None
        }
        if files:
            return None
        return json.dumps(body, ensure_ascii=False).encode()

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        body = self.json_body(bot, method)
        if body is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            async with session.post(
                url,
                data=body,
                headers=JSON_HEADERS,
                timeout=self.timeout if timeout is None else timeout,
            ) as response:
                raw_result = await response.text()
        except TimeoutError as error:
            raise TelegramNetworkError(method=method, message="Request timeout error") from error
        except ClientError as error:
            message = f"{type(error).__name__}: {error}"
            raise TelegramNetworkError(method=method, message=message) from error
        result = self.check_response(
            bot=bot, method=method, status_code=response.status, content=raw_result
        )
        return cast(TelegramType, result.result)

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        """aiogram's checks, with this method's response class held so pydantic reuses it."""
        kind = type(method)
        if kind not in self._response_types:
            self._response_types[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return super().check_response(bot, method, status_code, content)
