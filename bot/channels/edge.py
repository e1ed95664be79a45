"""Clean input at the edge: what a messenger sends is made safe before anything parses it.

Every webhook body goes through `load_json`: malformed or deeply nested JSON is refused
(the caller answers 400), every string loses NUL characters and lone surrogates (which
PostgreSQL refuses to store, and no text needs) and is capped in length. Ids are checked
against what the platforms send before they name a user or a message.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32  # a Telegram update with a reply to a message with a keyboard is about 10
MAX_STRING = 8192  # a message holds at most 4,096 characters on either messenger
UNSAFE = re.compile("[\x00\ud800-\udfff]")
WHATSAPP_ID = re.compile(r"[A-Za-z0-9._:=+/-]{1,256}")
WHATSAPP_SENDER = re.compile(r"[0-9]{5,20}")
TELEGRAM_ID_MAX = 2**53  # ids fit a double, the Bot API says


class BadInput(ValueError):
    """The body is not JSON a messenger sends: answered with 400, nothing stored."""


def clean_text(text: str, limit: int = MAX_STRING) -> str:
    """Without NUL and lone surrogates, at most `limit` characters."""
    if not (text.isascii() and "\x00" not in text):
        text = UNSAFE.sub("", text)
    return text[:limit]


def load_json(body: bytes) -> Any:
    """Parse, refuse what is too deep, clean every string (keys included)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise BadInput(type(error).__name__) from error
    if depth(data) > MAX_DEPTH:
        raise BadInput("nested too deeply")
    return clean(data)


def depth(data: Any) -> int:
    """How deeply lists and objects nest, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        stack.extend((child, level + 1) for child in children)
    return deepest


def clean(data: Any) -> Any:
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, dict):
        return {clean_text(str(k)): clean(v) for k, v in data.items()}
    if isinstance(data, list):
        return [clean(item) for item in data]
    return data


def telegram_id_ok(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < TELEGRAM_ID_MAX


def whatsapp_id_ok(value: Any) -> bool:
    return isinstance(value, str) and WHATSAPP_ID.fullmatch(value) is not None


def whatsapp_sender_ok(value: Any) -> bool:
    return isinstance(value, str) and WHATSAPP_SENDER.fullmatch(value) is not None
