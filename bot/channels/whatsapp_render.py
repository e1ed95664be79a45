"""Plain replies -> WhatsApp Cloud API message objects, within WhatsApp's limits (pure).

Up to 3 choices become reply buttons, 4 to 10 a list, more a list paged 9 rows at a time
with a 'More…' row ("page:2"). The page is not remembered here: tapping it re-asks the
engine for the current step and renders the page the row named. Text longer than an
interactive body allows goes first as plain text message(s); the choices follow in a short
interactive message. Every interactive message carries a numbered-text fallback, sent when
the API rejects the interactive form.

Lengths are counted in UTF-16 code units, which is never less than the character count
WhatsApp checks, so a title that fits here fits there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.channels.text import decode_choice, encode_choice, numbered_menu
from bot.channels.text import fit as shared_fit
from bot.channels.text import split_text as shared_split
from handlers.events import Choice, Reply, ascii_number

BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
LIST_BUTTON_MAX = 20
SECTION_TITLE_MAX = 24
INTERACTIVE_BODY_MAX = 1024
TEXT_BODY_MAX = 4096
ID_CAP = 256  # reply ids WhatsApp sends back are at most this long
BUTTON_ID_MAX = 256
ROW_ID_MAX = 200
TEMPLATE_PARAM_MAX = 600  # the template's own words share the 1024 body limit

PAGE = "page"
ELLIPSIS = "…"
TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")

Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Labels:
    """Words of the channel itself, in the trader's language."""

    list_button: str = "Choose"
    more: str = "More…"


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to send; `fallback` replaces it when the API rejects it (HTTP 400)."""

    message: Message | None = None
    image: bytes | None = None  # uploaded first, then sent as an image message
    fallback: tuple[Message, ...] = ()


# ---- measuring and cutting --------------------------------------------------------------


def size(text: str) -> int:
    """Length in UTF-16 code units: an emoji counts two, as some platforms count it."""
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int) -> str:
    """The longest prefix within `limit` that does not split a flag or a combining mark."""
    return shared_fit(text, limit, size)


def one_line(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str, limit: int, drop_parenthesis: bool = True) -> str:
    """Shorten meaningfully: drop a trailing '(0813.10)' first, then cut between words
    and mark the cut with '…'. A single word longer than the limit is cut with '…' too."""
    text = one_line(text)
    if size(text) <= limit:
        return text
    if drop_parenthesis:
        without = TRAILING_PARENTHESIS.sub("", text)
        if without and size(without) <= limit:
            return without
        text = without or text
    head = fit(text, limit - size(ELLIPSIS))
    if len(head) < len(text) and not text[len(head)].isspace():
        boundary = head.rfind(" ")
        if boundary > 0:
            head = head[:boundary]
    head = head.rstrip(" ,;:.-–—/")
    return f"{head}{ELLIPSIS}" if head else fit(text, limit - size(ELLIPSIS)) + ELLIPSIS


def split_text(text: str, limit: int) -> list[str]:
    """Pieces within `limit`, cut at paragraphs, else lines, else words, else anywhere."""
    return shared_split(text, limit, size)


def split_for_interactive(text: str) -> tuple[list[str], str]:
    """(plain text messages to send first, the body of the interactive message).

    The body is the end of the text (usually the line that asks the trader to choose)."""
    text = text.strip() or ELLIPSIS
    if size(text) <= INTERACTIVE_BODY_MAX:
        return [], text
    body = split_text(text, INTERACTIVE_BODY_MAX)[-1]
    start = text.rfind(body)
    head = text[:start] if start > 0 else ""
    return split_text(head, TEXT_BODY_MAX), body


# ---- message objects --------------------------------------------------------------------


def text_message(body: str) -> Message:
    return {"type": "text", "text": {"body": body, "preview_url": False}}


def choice_id(version: int, raw: str) -> str:
    """The knowledge version rides along, so a tap on an old message is recognised."""
    return encode_choice(version, raw) or ""


def parse_choice_id(reply_id: str) -> tuple[int | None, str]:
    return decode_choice(reply_id, ID_CAP)  # WhatsApp's ids are 256 characters at most


def page_number(raw: str) -> int | None:
    kind, _, value = raw.partition(":")
    number = ascii_number(value, 4) if kind == PAGE else None
    return number if number is not None and number >= 1 else None


def button_title(choice: Choice) -> str:
    return shorten(choice.title, BUTTON_TITLE_MAX)


def buttons_fit(choices: Sequence[Choice]) -> bool:
    """Buttons only when no title loses words (a dropped '(code)' is fine) and all differ."""
    if not 0 < len(choices) <= BUTTONS_MAX:
        return False
    titles = [button_title(c) for c in choices]
    return len(set(titles)) == len(titles) and not any(t.endswith(ELLIPSIS) for t in titles)


def buttons_message(body: str, choices: Sequence[Choice], version: int) -> Message:
    buttons = [
        {"type": "reply", "reply": {"id": choice_id(version, c.id), "title": button_title(c)}}
        for c in choices
    ]
    return {
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}},
    }


def row(choice: Choice, version: int) -> dict[str, str]:
    title = shorten(choice.title, ROW_TITLE_MAX)
    data = {"id": choice_id(version, choice.id), "title": title}
    if title != one_line(choice.title):
        data["description"] = shorten(choice.title, ROW_DESCRIPTION_MAX, drop_parenthesis=False)
    return data


def list_message(body: str, rows: list[dict[str, str]], labels: Labels) -> Message:
    return {
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": body},
            "action": {
                "button": shorten(labels.list_button, LIST_BUTTON_MAX),
                "sections": [{"rows": rows}],
            },
        },
    }


def page_bounds(count: int, page: int) -> tuple[int, int, bool]:
    """(start, end, more): every page but the last holds 9 rows and a 'More…' row."""
    start = 0
    for _ in range(page - 1):
        if count - start <= ROWS_MAX:
            break
        start += ROWS_MAX - 1
    if count - start <= ROWS_MAX:
        return start, count, False
    return start, start + ROWS_MAX - 1, True


def page_count(count: int) -> int:
    pages, start = 1, 0
    while count - start > ROWS_MAX:
        start += ROWS_MAX - 1
        pages += 1
    return pages


def paged_rows(choices: Sequence[Choice], version: int, labels: Labels, page: int) -> list:
    start, end, more = page_bounds(len(choices), page)
    rows = [row(c, version) for c in choices[start:end]]
    if more:
        title = shorten(labels.more, ROW_TITLE_MAX)
        rows.append({"id": choice_id(version, f"{PAGE}:{page + 1}"), "title": title})
    return rows


def numbered(body: str, choices: Sequence[Choice], offset: int) -> tuple[Message, ...]:
    """Choices as '1. title' lines; the engine maps a typed number to the n-th choice
    of the turn, so numbering continues across the replies of one turn."""
    text = numbered_menu(body, choices, offset)
    return tuple(text_message(piece) for piece in split_text(text, TEXT_BODY_MAX))


# ---- replies ----------------------------------------------------------------------------


def render_reply(
    reply: Reply, version: int, labels: Labels, offset: int = 0, page: int = 1
) -> list[Outgoing]:
    """One reply -> messages; `offset` is how many choices earlier replies of the turn had."""
    out: list[Outgoing] = []
    if reply.image is not None:
        out.append(Outgoing(image=reply.image))
    if not reply.choices:
        return out + [Outgoing(text_message(p)) for p in split_text(reply.text, TEXT_BODY_MAX)]
    before, body = split_for_interactive(reply.text)
    out += [Outgoing(text_message(piece)) for piece in before]
    choices = reply.choices
    if len(choices) <= BUTTONS_MAX and buttons_fit(choices):
        message = buttons_message(body, choices, version)
    elif len(choices) <= ROWS_MAX:
        message = list_message(body, [row(c, version) for c in choices], labels)
    else:
        message = list_message(body, paged_rows(choices, version, labels, page), labels)
    out.append(Outgoing(message, fallback=numbered(body, choices, offset)))
    return out


def render(
    replies: Sequence[Reply], version: int, labels: Labels, page: int | None = None
) -> list[Outgoing]:
    """A turn's replies -> messages. With `page`, only the long list of the turn is sent,
    at that page (the other replies are already on the trader's screen)."""
    if page is not None:
        offset = 0
        for reply in replies:
            if len(reply.choices) > ROWS_MAX:
                return render_page(reply, version, labels, offset, page)
            offset += len(reply.choices)
    out: list[Outgoing] = []
    offset = 0
    for reply in replies:
        out += render_reply(reply, version, labels, offset)
        offset += len(reply.choices)
    return out


def render_page(
    reply: Reply, version: int, labels: Labels, offset: int, page: int
) -> list[Outgoing]:
    pages = page_count(len(reply.choices))
    page = min(max(page, 1), pages)
    heading = next((line for line in reply.text.splitlines() if line.strip()), "")
    suffix = f" ({page}/{pages})"
    body = shorten(heading, INTERACTIVE_BODY_MAX - size(suffix), drop_parenthesis=False) + suffix
    message = list_message(body.strip(), paged_rows(reply.choices, version, labels, page), labels)
    return [Outgoing(message, fallback=numbered(body, reply.choices, offset))]


# ---- outside the 24-hour window ---------------------------------------------------------

# Template languages WhatsApp offers for ours; tg and tk have none, Russian is read widely.
TEMPLATE_LANGUAGES = {
    "kk": "kk",
    "ky": "ky_KG",
    "uz": "uz",
    "ru": "ru",
    "en": "en",
    "tg": "ru",
    "tk": "ru",
}


def template_message(name: str, lang: str | None, replies: Sequence[Reply]) -> Message:
    """The approved template, its one body parameter a one-line summary of the news."""
    summary = next((one_line(r.text) for r in replies if r.text.strip()), ELLIPSIS)
    return {
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": TEMPLATE_LANGUAGES.get(lang or "en", "en")},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {
                            "type": "text",
                            "text": shorten(summary, TEMPLATE_PARAM_MAX, drop_parenthesis=False),
                        }
                    ],
                }
            ],
        },
    }
