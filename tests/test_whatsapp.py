"""The WhatsApp channel over real HTTP: signed webhooks in, a fake Graph API out (127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx
import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from bot.bootstrap import App
from bot.channels import whatsapp_render as render
from bot.channels.whatsapp import PATH, WHATSAPP_KEY, WhatsAppChannel
from bot.channels.whatsapp_client import Delivery, WhatsAppSender
from bot.channels.whatsapp_render import Labels, size
from bot.models import User
from bot.outbox import RecordingMarker
from bot.web import create_web_app
from handlers.events import Choice, Reply, UserRef
from knowledge.models import localized
from tests.fake_graph import FakeGraph

SECRET = "app-secret"
VERIFY = "verify-me"
PHONE_ID = "1234567890"
TRADER = "998901234567"

# ---- limits every rendered message must keep --------------------------------------------


def interactive_problems(message: dict[str, Any]) -> list[str]:
    """Every WhatsApp limit a message object breaks; empty when it is sendable."""
    problems: list[str] = []

    def check(what: str, text: str, limit: int, minimum: int = 1) -> None:
        if not minimum <= size(text) <= limit:
            problems.append(f"{what} has {size(text)} units (limit {limit}): {text!r}")

    kind = message["type"]
    if kind == "text":
        check("text body", message["text"]["body"], render.TEXT_BODY_MAX)
        return problems
    if kind != "interactive":
        return problems
    interactive = message["interactive"]
    check("interactive body", interactive["body"]["text"], render.INTERACTIVE_BODY_MAX)
    action = interactive["action"]
    if interactive["type"] == "button":
        buttons = action["buttons"]
        if not 1 <= len(buttons) <= render.BUTTONS_MAX:
            problems.append(f"{len(buttons)} buttons")
        titles = [b["reply"]["title"] for b in buttons]
        if len(set(titles)) != len(titles):
            problems.append(f"button titles repeat: {titles}")
        for button in buttons:
            check("button title", button["reply"]["title"], render.BUTTON_TITLE_MAX)
            check("button id", button["reply"]["id"], render.BUTTON_ID_MAX)
    else:
        check("list button", action["button"], render.LIST_BUTTON_MAX)
        rows = [r for section in action["sections"] for r in section["rows"]]
        if not 1 <= len(rows) <= render.ROWS_MAX:
            problems.append(f"{len(rows)} rows")
        if len({r["id"] for r in rows}) != len(rows):
            problems.append("row ids repeat")
        for section in action["sections"]:
            if "title" in section:
                check("section title", section["title"], render.SECTION_TITLE_MAX)
        for r in rows:
            check("row title", r["title"], render.ROW_TITLE_MAX)
            check("row id", r["id"], render.ROW_ID_MAX)
            if "description" in r:
                check("row description", r["description"], render.ROW_DESCRIPTION_MAX)
    return problems


def rendered_problems(outgoing: Sequence[render.Outgoing]) -> list[str]:
    problems = []
    for item in outgoing:
        for message in ([item.message] if item.message else []) + list(item.fallback):
            problems += interactive_problems(message)
    return problems


def choices(*titles: str) -> tuple[Choice, ...]:
    return tuple(Choice(f"x:{n}", title) for n, title in enumerate(titles, start=1))


def interactive(outgoing: Sequence[render.Outgoing]) -> dict[str, Any]:
    return next(o.message for o in outgoing if o.message and o.message["type"] == "interactive")


def rows_of(message: dict[str, Any]) -> list[dict[str, str]]:
    return [r for s in message["interactive"]["action"]["sections"] for r in s["rows"]]


# ---- the renderer: pure -----------------------------------------------------------------


def test_a_long_title_drops_its_trailing_code_before_losing_words():
    assert render.shorten("Dried apricots (0813.10)", 20) == "Dried apricots"
    assert render.shorten("Apricots (0813.10)", 24) == "Apricots (0813.10)"


def test_a_title_is_cut_between_words_and_marked_with_an_ellipsis():
    short = render.shorten("Phytosanitary certificate for export", 20)
    assert short == "Phytosanitary…"
    assert size(short) <= 20
    assert render.shorten("Sertifikatlashtirishmarkazi", 10).endswith("…")


def test_a_flag_is_never_split_in_half():
    cut = render.fit("🇰🇿🇰🇬🇺🇿", 5)
    assert cut == "🇰🇿"


def test_long_text_is_split_at_paragraphs_then_lines_within_the_limit():
    paragraph = "\n".join(f"line {n} " + "word " * 30 for n in range(10))
    text = "\n\n".join([paragraph] * 4)
    pieces = render.split_text(text, 1024)
    assert all(size(p) <= 1024 for p in pieces)
    assert all(p.startswith("line ") for p in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_up_to_three_short_choices_become_reply_buttons_with_the_versioned_ids():
    out = render.render([Reply("Do you mean dried apricots?", choices("Yes", "No"))], 7, Labels())
    message = interactive(out)
    assert message["interactive"]["type"] == "button"
    assert [b["reply"]["id"] for b in message["interactive"]["action"]["buttons"]] == [
        "7|x:1",
        "7|x:2",
    ]
    assert render.parse_choice_id("7|x:1") == (7, "x:1")


def test_four_to_ten_choices_become_a_list_with_full_titles_in_descriptions():
    titles = [f"{n}. Phytosanitary certificate of the exporting country" for n in range(1, 8)]
    out = render.render([Reply("Steps", choices(*titles))], 1, Labels())
    message = interactive(out)
    assert message["interactive"]["type"] == "list"
    rows = rows_of(message)
    assert len(rows) == 7
    assert rows[0]["title"].endswith("…")
    assert rows[0]["description"].startswith("1. Phytosanitary certificate")
    assert not rendered_problems(out)


def test_a_button_title_that_would_lose_words_makes_a_list_instead():
    out = render.render([Reply("?", choices("Yes", "Same goods, other country"))], 1, Labels())
    assert interactive(out)["interactive"]["type"] == "list"


def test_more_than_ten_choices_are_paged_nine_at_a_time_with_a_more_row():
    many = choices(*[f"Country {n}" for n in range(1, 24)])
    first = interactive(render.render([Reply("Where from?", many)], 3, Labels(more="Yana…")))
    rows = rows_of(first)
    assert len(rows) == 10
    assert rows[-1] == {"id": "3|page:2", "title": "Yana…"}
    second = interactive(render.render([Reply("Where from?", many)], 3, Labels(), page=2))
    rows = rows_of(second)
    assert [r["title"] for r in rows[:9]] == [f"Country {n}" for n in range(10, 19)]
    assert rows[-1]["id"] == "3|page:3"
    last = interactive(render.render([Reply("Where from?", many)], 3, Labels(), page=3))
    assert [r["title"] for r in rows_of(last)] == [f"Country {n}" for n in range(19, 24)]
    assert "(3/3)" in last["interactive"]["body"]["text"]


def test_a_text_too_long_for_an_interactive_body_goes_first_as_text_messages():
    text = "\n".join(f"{n}. A step of the procedure with its agency" for n in range(1, 120))
    out = render.render([Reply(text + "\n\nTap a step.", choices("A", "B"))], 1, Labels())
    texts = [o.message["text"]["body"] for o in out if o.message["type"] == "text"]
    body = interactive(out)["interactive"]["body"]["text"]
    assert texts and body.endswith("Tap a step.")
    assert size(body) <= 1024
    assert not rendered_problems(out)
    sent = " ".join([*texts, body])
    assert " ".join(sent.split()) == " ".join((text + " Tap a step.").split())


def test_the_numbered_fallback_continues_the_numbering_of_the_whole_turn():
    replies = [
        Reply("Steps:", (Choice("st:1", "1. Export declaration"), Choice("st:2", "2. Permit"))),
        Reply("What next?", choices("New search", "Other country", "Language", "Back")),
    ]
    out = render.render(replies, 1, Labels())
    fallback = [o.fallback for o in out if o.fallback]
    assert fallback[0][0]["text"]["body"] == "Steps:\n\n1. Export declaration\n2. Permit"
    assert fallback[1][0]["text"]["body"].endswith(
        "3. New search\n4. Other country\n5. Language\n6. Back"
    )


def test_the_template_speaks_the_traders_language_where_whatsapp_has_it():
    message = render.template_message("tradebot_update", "ky", [Reply("News\nabout rules")])
    assert message["template"]["language"] == {"code": "ky_KG"}
    assert message["template"]["components"][0]["parameters"][0]["text"] == "News about rules"
    assert render.template_message("t", "tk", [])["template"]["language"]["code"] == "ru"


def test_incoming_messages_become_plain_events():
    from bot.channels.whatsapp import to_inbound
    from handlers.events import EventKind

    def event(kind: str, **content: Any) -> Any:
        inbound = to_inbound(incoming("wamid.1", kind, **content), 5)
        return inbound and inbound.event

    start = event("text", text={"body": "/start"})
    assert (start.kind, start.value, start.user) == (
        EventKind.COMMAND,
        "start",
        UserRef("whatsapp", TRADER),
    )
    tap = {"type": "button_reply", "button_reply": {"id": "5|c:0813.10", "title": "Yes"}}
    assert event("interactive", interactive=tap).value == "c:0813.10"
    row = {"type": "list_reply", "list_reply": {"id": "4|st:2", "title": "2."}}
    assert event("interactive", interactive=row).value == "stale:st:2"
    more = to_inbound(
        incoming(
            "wamid.2",
            "interactive",
            interactive={"type": "list_reply", "list_reply": {"id": "5|page:2", "title": "More…"}},
        ),
        5,
    )
    assert (more.event.value, more.page) == ("show", 2)
    assert event("image", image={"id": "m"}).value == ""
    assert event("reaction", reaction={"emoji": "👍"}) is None


# ---- the sender against the fake Graph API ----------------------------------------------


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield client


def use_fake_graph(app: App, graph: FakeGraph) -> None:
    """The app as `tradebot serve` runs it with WhatsApp configured, sending to the fake."""
    app.settings = app.settings.model_copy(
        update={
            "whatsapp_token": SecretStr("token-1"),
            "whatsapp_phone_number_id": PHONE_ID,
            "whatsapp_app_secret": SecretStr(SECRET),
            "whatsapp_verify_token": SecretStr(VERIFY),
            "whatsapp_api_url": graph.url,
            "whatsapp_rate_per_s": 0.0,
        }
    )


def fast(sender: WhatsAppSender) -> WhatsAppSender:
    sender.graph.backoff_s = 0.01
    return sender


@pytest.fixture
async def sender(sqlite_app: App, graph: FakeGraph, http: httpx.AsyncClient) -> WhatsAppSender:
    use_fake_graph(sqlite_app, graph)
    return fast(WhatsAppSender.for_app(sqlite_app, http))


async def add_user(app: App, language: str | None) -> UserRef:
    async with app.sessions.begin() as session:
        session.add(User(channel="whatsapp", platform_id=TRADER, language=language))
    return UserRef("whatsapp", TRADER)


async def user_row(app: App) -> User:
    async with app.sessions() as session:
        from sqlalchemy import select

        return await session.scalar(select(User).where(User.platform_id == TRADER))


QUESTION = [Reply("Do you mean dried apricots?", choices("Yes", "No"))]


async def test_a_429_is_retried_and_the_message_goes_out_once(sender, graph):
    graph.fail_next(2, status=429, retry_after="0")
    result = await sender.deliver(UserRef("whatsapp", TRADER), QUESTION, 1)
    assert result == Delivery.SENT
    attempts = [r for r in graph.requests if r.is_message]
    assert [r.status for r in attempts] == [429, 429, 200]
    assert attempts[0].json == attempts[-1].json
    assert attempts[-1].path == f"/v21.0/{PHONE_ID}/messages"
    assert attempts[-1].headers["authorization"] == "Bearer token-1"
    assert attempts[-1].json["to"] == TRADER
    assert attempts[-1].json["messaging_product"] == "whatsapp"


async def test_server_errors_are_retried_a_bounded_number_of_times(sender, graph):
    graph.fail_next(10, status=503)
    with pytest.raises(Exception, match="503"):
        await sender.deliver(UserRef("whatsapp", TRADER), QUESTION, 1)
    assert len(graph.requests) == sender.graph.attempts


async def test_outside_the_24_hour_window_the_template_goes_in_the_traders_language(
    sender, sqlite_app, graph
):
    user = await add_user(sqlite_app, "ru")
    graph.fail_next(1, status=400, error_code=131047)
    assert await sender.deliver(user, QUESTION, 1) == Delivery.TEMPLATE
    sent = graph.messages
    assert len(sent) == 1 and sent[0]["type"] == "template"
    assert sent[0]["template"]["name"] == "tradebot_update"
    assert sent[0]["template"]["language"] == {"code": "ru"}


async def test_the_workers_sender_also_sends_the_template_in_the_traders_language(
    sqlite_app, graph, http
):
    """The outbox worker hands senders a RecordingMarker, not the store: it must pass on
    the trader's language, or notices outside the window would all go in English."""
    use_fake_graph(sqlite_app, graph)
    user = await add_user(sqlite_app, "ru")
    marker = RecordingMarker(sqlite_app.store, set())
    worker_sender = fast(WhatsAppSender(sqlite_app.settings, http, marker, sqlite_app.translator))
    graph.fail_next(1, status=400, error_code=131047)
    assert await worker_sender.deliver(user, QUESTION, 1) == Delivery.TEMPLATE
    assert graph.messages[-1]["template"]["language"] == {"code": "ru"}


async def test_a_caller_that_knows_the_window_closed_sends_only_the_template(
    sender, sqlite_app, graph
):
    user = await add_user(sqlite_app, "uz")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)
    assert await sender.deliver(user, QUESTION, 1, last_inbound=long_ago) == Delivery.TEMPLATE
    assert [m["type"] for m in graph.messages] == ["template"]
    assert graph.messages[0]["template"]["language"] == {"code": "uz"}
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    assert await sender.deliver(user, QUESTION, 1, last_inbound=recent) == Delivery.SENT
    assert graph.messages[-1]["type"] == "interactive"


async def test_a_rejected_interactive_message_is_sent_again_as_numbered_text(sender, graph):
    graph.fail_next(1, status=400, error_code=100)
    await sender.deliver(UserRef("whatsapp", TRADER), QUESTION, 1)
    assert graph.messages == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": TRADER,
            "type": "text",
            "text": {"body": "Do you mean dried apricots?\n\n1. Yes\n2. No", "preview_url": False},
        }
    ]


async def test_a_trader_whatsapp_cannot_reach_is_marked_inactive(sender, sqlite_app, graph):
    user = await add_user(sqlite_app, "en")
    graph.fail_next(1, status=400, error_code=131026)
    assert await sender.deliver(user, QUESTION, 1) == Delivery.UNREACHABLE
    assert (await user_row(sqlite_app)).active is False


async def test_an_image_reply_is_uploaded_then_sent_with_its_text(sender, graph):
    await sender.deliver(UserRef("whatsapp", TRADER), [Reply("Searches", image=b"\x89PNG")], 1)
    assert graph.requests[0].path == f"/v21.0/{PHONE_ID}/media"
    assert graph.messages[0]["image"] == {"id": "media-1"}
    assert graph.messages[1]["text"]["body"] == "Searches"


# ---- the webhook over real HTTP ---------------------------------------------------------


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def delivery(*messages: dict[str, Any], statuses: Sequence[dict[str, Any]] = ()) -> dict:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_ID},
    }
    if messages:
        value["contacts"] = [{"profile": {"name": "Trader"}, "wa_id": TRADER}]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


def incoming(message_id: str, kind: str, **content: Any) -> dict[str, Any]:
    return {"from": TRADER, "id": message_id, "timestamp": "1718000000", "type": kind, **content}


@dataclass
class Webhook:
    """A trader on WhatsApp: signed deliveries to the running server, answers from the fake."""

    url: str
    http: httpx.AsyncClient
    channel: WhatsAppChannel
    graph: FakeGraph
    sent: int = 0
    answer: list[dict[str, Any]] | None = None

    async def post(self, payload: Any, signature: str | None = "good") -> httpx.Response:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "good":
            headers["X-Hub-Signature-256"] = sign(body)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        response = await self.http.post(self.url, content=body, headers=headers)
        await self.channel.idle()
        return response

    async def send(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        self.graph.clear()
        response = await self.post(delivery(message))
        assert response.status_code == 200
        self.answer = self.graph.messages
        for item in self.answer:
            assert not interactive_problems(item), interactive_problems(item)
        return self.answer

    def next_id(self) -> str:
        self.sent += 1
        return f"wamid.in{self.sent}"

    async def say(self, text: str) -> list[dict[str, Any]]:
        return await self.send(incoming(self.next_id(), "text", text={"body": text}))

    def offered(self) -> dict[str, tuple[str, str]]:
        """Choice id -> (the id WhatsApp sends back, button_reply or list_reply)."""
        found = {}
        for message in self.answer or []:
            if message["type"] != "interactive":
                continue
            action = message["interactive"]["action"]
            if message["interactive"]["type"] == "button":
                for button in action["buttons"]:
                    reply_id = button["reply"]["id"]
                    found[reply_id.split("|", 1)[1]] = (reply_id, "button_reply")
            else:
                for r in rows_of(message):
                    found[r["id"].split("|", 1)[1]] = (r["id"], "list_reply")
        return found

    async def tap(self, choice: str) -> list[dict[str, Any]]:
        """Tap a choice, turning list pages until it shows."""
        offered = self.offered()
        while choice not in offered:
            more = [raw for raw in offered if raw.startswith("page:")]
            assert more, f"{choice} not offered: {list(offered)}"
            await self.tap(more[0])
            offered = self.offered()
        reply_id, kind = offered[choice]
        return await self.tap_id(reply_id, kind)

    async def tap_id(self, reply_id: str, kind: str = "list_reply") -> list[dict[str, Any]]:
        content = {"type": kind, kind: {"id": reply_id, "title": "…"}}
        return await self.send(incoming(self.next_id(), "interactive", interactive=content))

    def first(self, prefix: str) -> str:
        return next(raw for raw in self.offered() if raw.startswith(prefix))

    def texts(self) -> str:
        parts = []
        for message in self.answer or []:
            if message["type"] == "text":
                parts.append(message["text"]["body"])
            elif message["type"] == "interactive":
                parts.append(message["interactive"]["body"]["text"])
        return "\n".join(parts)


async def start(app: App, graph: FakeGraph) -> tuple[Webhook, web.AppRunner]:
    use_fake_graph(app, graph)
    web_app = await create_web_app(app)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    channel = web_app[WHATSAPP_KEY]
    fast(channel.sender)
    http = httpx.AsyncClient(timeout=10.0)
    return Webhook(f"http://127.0.0.1:{port}{PATH}", http, channel, graph), runner


@pytest.fixture
async def webhook(sqlite_app: App, graph: FakeGraph) -> AsyncIterator[Webhook]:
    hook, runner = await start(sqlite_app, graph)
    try:
        yield hook
    finally:
        await hook.http.aclose()
        await runner.cleanup()


@pytest.fixture
async def webhook_on_each_database(app: App, graph: FakeGraph) -> AsyncIterator[Webhook]:
    hook, runner = await start(app, graph)
    try:
        yield hook
    finally:
        await hook.http.aclose()
        await runner.cleanup()


async def test_meta_verification_gets_the_challenge_back_only_with_the_right_token(webhook):
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"}
    good = await webhook.http.get(webhook.url, params=query)
    assert good.status_code == 200
    assert good.text == "1158201444"
    assert good.headers["content-type"].startswith("text/plain")
    bad = await webhook.http.get(webhook.url, params={**query, "hub.verify_token": "guess"})
    assert bad.status_code == 403
    unsubscribe = await webhook.http.get(webhook.url, params={**query, "hub.mode": "other"})
    assert unsubscribe.status_code == 403


async def nothing_processed(webhook: Webhook, app: App) -> None:
    from sqlalchemy import func, select

    from bot.models import InboxItem

    assert webhook.graph.requests == []
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(InboxItem)) == 0


async def test_a_delivery_without_a_valid_signature_is_refused_and_not_processed(
    webhook, sqlite_app
):
    payload = delivery(incoming("wamid.f1", "text", text={"body": "kuraga"}))
    body = json.dumps(payload).encode()
    for signature in [None, "", "sha256=" + "0" * 64, "forged", sign(body, "other-secret")]:
        response = await webhook.post(body, signature=signature)
        assert response.status_code == 401, signature
    await nothing_processed(webhook, sqlite_app)


async def test_malformed_json_with_a_valid_signature_is_a_bad_request(webhook, sqlite_app):
    response = await webhook.post(b'{"entry": [', signature="good")
    assert response.status_code == 400
    await nothing_processed(webhook, sqlite_app)


async def test_status_callbacks_get_no_answer(webhook, sqlite_app):
    status = {"id": "wamid.out1", "status": "delivered", "timestamp": "1", "recipient_id": TRADER}
    response = await webhook.post(delivery(statuses=[status]))
    assert response.status_code == 200
    await nothing_processed(webhook, sqlite_app)


async def test_a_delivery_for_another_business_number_is_left_alone(webhook, sqlite_app):
    payload = delivery(incoming("wamid.o1", "text", text={"body": "hello"}))
    payload["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "999"
    assert (await webhook.post(payload)).status_code == 200
    await nothing_processed(webhook, sqlite_app)


async def test_a_failed_status_for_an_unreachable_trader_marks_her_inactive(webhook, sqlite_app):
    await add_user(sqlite_app, "uz")
    failed = {
        "id": "wamid.out2",
        "status": "failed",
        "timestamp": "1",
        "recipient_id": TRADER,
        "errors": [{"code": 131026, "title": "Message undeliverable"}],
    }
    assert (await webhook.post(delivery(statuses=[failed]))).status_code == 200
    assert (await user_row(sqlite_app)).active is False
    assert webhook.graph.requests == []


# ---- conversations ----------------------------------------------------------------------

CONVERSATIONS = {
    "uz": ("Assalomu alaykum", "kuraga", "UZ", "KZ"),
    "ru": ("Здравствуйте", "курага", "KG", "KZ"),
}


@pytest.mark.parametrize("lang", ["uz", "ru"])
async def test_a_trader_gets_the_procedure_for_dried_apricots_on_whatsapp(
    webhook_on_each_database, app, lang
):
    hook = webhook_on_each_database
    greeting, product, origin, destination = CONVERSATIONS[lang]
    await hook.say(greeting)
    assert hook.graph.read_receipts == ["wamid.in1"]
    assert {f"lang:{code}" for code in ("uz", "ru", "en")} <= set(hook.offered())

    await hook.tap(f"lang:{lang}")
    assert app.translator(lang, "product-prompt") in hook.texts()

    await hook.say(product)
    commodity = hook.first("c:0813")
    await hook.tap(commodity)
    await hook.tap(f"o:{origin}")
    await hook.tap(f"d:{destination}")

    knowledge = (await app.knowledge.current()).knowledge
    hs = commodity.split(":", 1)[1]
    steps = knowledge.steps_for(knowledge.commodities[hs], origin, destination)
    answer = hook.texts()
    assert hs in answer
    assert knowledge.country_name(destination, lang) in answer
    assert {"side:export", "docs", "acts", "border"} <= set(hook.offered())

    await hook.tap("side:export")
    assert steps[0].title.get(lang) in hook.texts()
    await hook.tap("st:1")
    detail = hook.texts()
    assert steps[0].legal_basis.get(lang) in detail
    assert localized(knowledge.sources[steps[0].source].title, lang) in detail


async def choose_language(hook: Webhook, lang: str) -> None:
    await hook.say("hello")
    await hook.tap(f"lang:{lang}")


async def test_a_delivery_repeated_by_meta_is_answered_once(webhook):
    message = incoming("wamid.dup", "text", text={"body": "hello"})
    assert await webhook.send(message)
    assert await webhook.send(message) == []
    assert webhook.graph.requests == []


async def test_photos_voice_and_locations_get_a_short_helpful_answer(webhook, sqlite_app):
    await choose_language(webhook, "uz")
    helpful = sqlite_app.translator("uz", "error-empty")
    for kind, content in [
        ("image", {"image": {"id": "m1", "mime_type": "image/jpeg"}}),
        ("audio", {"audio": {"id": "m2", "mime_type": "audio/ogg", "voice": True}}),
        ("location", {"location": {"latitude": 41.3, "longitude": 69.2}}),
        ("sticker", {"sticker": {"id": "m3", "mime_type": "image/webp"}}),
    ]:
        await webhook.send(incoming(webhook.next_id(), kind, **content))
        assert helpful in webhook.texts(), kind
    # A file from a trader (only admins' files mean something) gets the ordinary help.
    document = {"document": {"id": "m4", "filename": "invoice.pdf"}}
    await webhook.send(incoming(webhook.next_id(), "document", **document))
    assert sqlite_app.translator("uz", "help") in webhook.texts()


async def test_a_429_from_the_graph_api_delays_the_answer_without_losing_it(webhook):
    webhook.graph.fail_next(1, status=429)
    answer = await webhook.say("hello")
    sends = [r.status for r in webhook.graph.requests if r.is_message]
    assert sends[0] == 429 and sends[-1] == 200
    assert answer[-1]["type"] == "interactive" and "lang:uz" in webhook.offered()


async def test_a_rejected_list_falls_back_to_numbers_the_trader_can_type(webhook, sqlite_app):
    webhook.graph.fail_next(1, status=400, error_code=100, kind="interactive")
    await webhook.say("hello")
    numbered = webhook.answer[-1]["text"]["body"]
    assert "5. " in numbered
    await webhook.say("5")  # the fifth language: kk ky tg tk uz
    assert sqlite_app.translator("uz", "product-prompt") in webhook.texts()


async def test_a_tap_on_a_message_of_an_older_knowledge_version_is_answered_as_stale(
    webhook, sqlite_app
):
    await choose_language(webhook, "en")
    reply_id, kind = webhook.offered()["border"]
    await webhook.tap_id("999|border", kind)
    assert sqlite_app.translator("en", "error-stale-choice") in webhook.texts()
    await webhook.tap_id(reply_id, kind)
    assert sqlite_app.translator("en", "border-prompt") in webhook.texts()


# ---- every reply the engine can produce fits WhatsApp (property) -----------------------


@cache
def library() -> Any:
    from handlers.context import Library
    from knowledge.loader import DATA_DIR, load_texts, read_sources

    return Library.build(load_texts(read_sources(DATA_DIR)))


def covered_pairs(knowledge: Any) -> list[tuple[str, str]]:
    from handlers import views

    return [(o, d) for o in views.origins(knowledge) for d in views.destinations(knowledge, o)]


def every_prompt(ctx: Any, lang: str, hs: str, origin: str, destination: str) -> Iterator[list]:
    """The replies of every step for one flow, as the engine's `prompt` builds them."""
    from handlers import dialog, views
    from handlers.dialog import Turn
    from handlers.state import State, Step

    knowledge = ctx.knowledge
    situations = list(knowledge.situations) or [None]
    candidates = [c for c in knowledge.commodities if c != hs][:4]
    flow = {"hs": hs, "origin": origin, "destination": destination}

    def at(step: Step, **values: Any) -> list[Reply]:
        state = State(step=step, back=["product"], **{"lang": lang, **flow, **values})
        out = Turn()
        dialog.prompt(state, ctx, out)
        return out.replies

    yield at(Step.LANGUAGE, lang=None)
    for step in Step:
        yield at(step, situation=situations[0], detail=1, candidates=[hs])
    yield at(Step.PICK_PRODUCT, candidates=[hs, *candidates])
    count = len(views.flow_steps(knowledge, State(**flow)))
    for number in range(1, count + 1):
        yield at(Step.DETAIL, detail=number)
    for situation in situations:
        yield at(Step.SITUATION, situation=situation)
        yield at(Step.SITUATION, situation=situation, origin=None, destination=None)
        state = State(step=Step.SITUATION, lang=lang, situation=situation, **flow)
        yield [Reply(views.keep_card(ctx, lang, state))]


def title_kept_meaning(original: str, shown: str) -> bool:
    """Whole, or without its trailing '(…)', or cut between words and marked with '…'."""
    whole = render.one_line(original)
    if shown in (whole, render.TRAILING_PARENTHESIS.sub("", whole)):
        return True
    return shown.endswith(render.ELLIPSIS) and whole.startswith(shown[:-1].rstrip())


def check_rendering(replies: list[Reply], version: int, labels: Labels) -> None:
    pages = [None] + [
        p
        for reply in replies
        if len(reply.choices) > render.ROWS_MAX
        for p in range(2, render.page_count(len(reply.choices)) + 1)
    ]
    titles = {c.id: c.title for reply in replies for c in reply.choices}
    for page in pages:
        out = render.render(replies, version, labels, page)
        assert out, replies
        assert not rendered_problems(out), rendered_problems(out)
        for item in out:
            if item.message is None or item.message["type"] != "interactive":
                continue
            interactive = item.message["interactive"]
            if interactive["type"] == "button":
                shown = [
                    (b["reply"]["id"], b["reply"]["title"])
                    for b in interactive["action"]["buttons"]
                ]
            else:
                shown = [(r["id"], r["title"]) for r in rows_of(item.message)]
            for reply_id, title in shown:
                sent_with, raw = render.parse_choice_id(reply_id)
                assert sent_with == version
                if render.page_number(raw) is None:
                    assert title_kept_meaning(titles[raw], title), (titles[raw], title)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_reply_for_any_commodity_and_covered_flow_fits_whatsapps_limits(data, translator):
    from bot.channels.whatsapp_client import labels_for
    from handlers.context import Context
    from knowledge import LANGS

    lib = library()
    knowledge = lib.knowledge
    hs = data.draw(st.sampled_from(sorted(knowledge.commodities)), label="hs")
    origin, destination = data.draw(st.sampled_from(covered_pairs(knowledge)), label="flow")
    lang = data.draw(st.sampled_from(LANGS), label="lang")
    ctx = Context(lib, translator)
    for replies in every_prompt(ctx, lang, hs, origin, destination):
        check_rendering(replies, 7, labels_for(translator, lang))


async def test_a_list_longer_than_ten_is_paged_and_the_next_page_comes_on_more(webhook, sqlite_app):
    await choose_language(webhook, "en")
    await webhook.say("/border")
    if "page:2" not in webhook.offered():
        pytest.skip("the border situations fit one list")
    first_page = list(webhook.offered())
    assert len(first_page) == render.ROWS_MAX
    await webhook.tap("page:2")
    assert webhook.graph.read_receipts and len(webhook.answer) == 1
    second_page = [raw for raw in webhook.offered() if not raw.startswith("page:")]
    assert second_page and not set(second_page) & set(first_page)
    await webhook.tap(second_page[0])
    assert sqlite_app.translator("en", "error-stale-choice") not in webhook.texts()
