"""Input cleaned at the edge: whatever a trader types or a forger sends gets a normal reply
through both webhooks, never an apology, a 'try again' or a traceback (on PostgreSQL too,
which refuses NUL characters and lone surrogates). Malformed or nested JSON gets 400."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import ClientSession, web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.bootstrap import App, start_app
from bot.channels.edge import BadInput, clean_text, load_json
from bot.channels.whatsapp import WHATSAPP_KEY, WhatsAppChannel
from bot.i18n import Translator
from bot.models import Incident
from bot.settings import Settings
from bot.web import create_web_app
from handlers.events import ascii_number
from knowledge import LANGS
from tests.conftest import create_pg_database, drop_pg_database, pg_url, postgres_available
from tests.fake_graph import FakeGraph
from tests.fake_telegram import FakeTelegram, callback_update, message_update
from tests.test_telegram import SECRET, WEBHOOK_PATH, use_fake
from tests.test_whatsapp import PATH as WA_PATH
from tests.test_whatsapp import delivery, sign, use_fake_graph

NUMBER = "998905550000"


def test_only_short_ascii_digits_are_numbers():
    assert ascii_number("12") == 12
    for text in ("²", "①", "٣", "1²", "", "-1", "9" * 5000, " 1"):
        assert ascii_number(text) is None, text


def test_the_edge_cleans_strings_and_refuses_deep_or_broken_json():
    assert clean_text("ку\x00ра\ud800га") == "курага"
    assert clean_text("x" * 10_000) == "x" * 8192
    assert load_json(b'{"a": ["b\\u0000", "\\ud83d\\ude00", "\\udc00"]}') == {"a": ["b", "😀", ""]}
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 40 + b"1" + b"}" * 40, b"{", b"\xff"):
        with pytest.raises(BadInput):
            load_json(body)


@dataclass
class Both:
    """One server with both webhooks, and a trader on each channel."""

    app: App
    fake: FakeTelegram
    graph: FakeGraph
    client: ClientSession
    base: str
    updates: Iterator[int]
    channel: WhatsAppChannel

    async def post_telegram(self, body: bytes) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
        async with self.client.post(self.base + WEBHOOK_PATH, data=body, headers=headers) as r:
            return r.status

    async def post_whatsapp(self, body: bytes) -> int:
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)}
        async with self.client.post(self.base + WA_PATH, data=body, headers=headers) as r:
            return r.status

    async def telegram(self, update: dict[str, Any]) -> list[str]:
        """Texts the bot sent to the update's chat in answer."""
        chat = (update.get("message") or update["callback_query"]["message"])["chat"]["id"]
        before = len(self.fake.calls)
        assert await self.post_telegram(json.dumps(update).encode()) == 200
        return [
            call.params.get("text", "")
            for call in self.fake.calls[before:]
            if call.method in ("sendMessage", "editMessageText")
            and int(call.params["chat_id"]) == chat
        ]

    async def whatsapp(self, message: dict[str, Any], number: str = NUMBER) -> list[str]:
        message = {
            "from": number,
            "id": f"wamid.e{next(self.updates)}",
            "timestamp": "1",
            **message,
        }
        before = len(self.graph.messages)
        assert await self.post_whatsapp(json.dumps(delivery(message)).encode()) == 200
        await self.channel.idle()
        return [
            m["text"]["body"] if m["type"] == "text" else m["interactive"]["body"]["text"]
            for m in self.graph.messages[before:]
            if m.get("to") == number and m["type"] in ("text", "interactive")
        ]


async def start_both(url: str, translator: Translator) -> tuple[Both, web.AppRunner]:
    app = await start_app(Settings(database_url=url, _env_file=None), translator)
    fake, graph = await FakeTelegram().start(), FakeGraph()
    await graph.start()
    use_fake(app, fake)
    use_fake_graph(app, graph)
    web_app = await create_web_app(app)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    channel = web_app[WHATSAPP_KEY]
    channel.sender.graph.backoff_s = 0.01
    both = Both(app, fake, graph, ClientSession(), base, iter(range(10**9)), channel)
    return both, runner


async def stop_both(both: Both, runner: web.AppRunner) -> None:
    await both.client.close()
    await runner.cleanup()
    await both.app.close()
    await both.fake.stop()
    await both.graph.stop()


@pytest.fixture
async def both(database_url: str, translator: Translator) -> AsyncIterator[Both]:
    served, runner = await start_both(database_url, translator)
    yield served
    await stop_both(served, runner)


def failures(translator: Translator) -> set[str]:
    return {translator(lang, key) for lang in LANGS for key in ("error-apology", "error-try-again")}


def normal(texts: list[str], translator: Translator) -> bool:
    return bool(texts) and not set(texts) & failures(translator)


TYPED = ["²", "①", "٣", "9" * 5000, "кура\x00га", "\ud800", "\udfff курага", "\x00", "𝟙"]
FORGED = ["²|o:KG", "①|st:1", "1|st:" + "9" * 5000, "1|page:" + "9" * 5000, "\x00|\ud800"]


async def test_each_reported_input_gets_a_normal_reply_on_both_channels(
    both: Both, translator: Translator
):
    chat = 6_600_001
    await both.telegram(message_update(both.fake.next_update_id(), chat, "/start"))
    await both.whatsapp({"type": "text", "text": {"body": "salom"}})
    for text in TYPED:
        update = message_update(both.fake.next_update_id(), chat, text)
        assert normal(await both.telegram(update), translator), text
        said = await both.whatsapp({"type": "text", "text": {"body": text}})
        assert normal(said, translator), text
    for data in FORGED:
        update = callback_update(both.fake.next_update_id(), chat, data, 1)
        assert normal(await both.telegram(update), translator), data
        tap = {"type": "list_reply", "list_reply": {"id": data, "title": "…"}}
        said = await both.whatsapp({"type": "interactive", "interactive": tap})
        assert normal(said, translator), data


async def test_an_incident_report_with_nul_and_a_lone_surrogate_is_saved(
    both: Both, translator: Translator
):
    chat = 6_600_002
    for step in ("/start", "/border"):
        await both.telegram(message_update(both.fake.next_update_id(), chat, step))
    version = (await both.app.knowledge.current()).knowledge.version
    situation = next(iter((await both.app.knowledge.current()).knowledge.situations))
    for data in (f"sit:{situation}", "report", "rp:other", "rd:today"):
        update = callback_update(both.fake.next_update_id(), chat, f"{version}|{data}", 1)
        assert normal(await both.telegram(update), translator), data
    words = "Забрали\x00 паспорт \ud83d на посту"
    said = await both.telegram(message_update(both.fake.next_update_id(), chat, words))
    assert any(s.startswith(translator("ru", "report-thanks-short")) for s in said)
    async with both.app.sessions() as session:
        assert await session.scalar(select(Incident.text)) == "Забрали паспорт  на посту"


async def test_nested_or_malformed_json_is_a_bad_request_on_both_webhooks(both: Both):
    for body in (b"[" * 50_000 + b"]" * 50_000, b'{"a":' * 40 + b"1" + b"}" * 40, b'{"x": '):
        assert await both.post_telegram(body) == 400
        assert await both.post_whatsapp(body) == 400
    assert not both.fake.of("sendMessage") and not both.graph.requests


# ---- the property, on PostgreSQL ------------------------------------------------------------

CHARACTERS = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),  # lone surrogates, which hypothesis leaves out by default
    st.sampled_from(["\x00", "²", "①", "٣", "\u202e", "|", ":", "/"]),
)
TEXTS = st.one_of(st.text(CHARACTERS, max_size=120), st.just("7" * 5000))


def test_arbitrary_unicode_through_both_channels_gets_normal_replies(translator: Translator):
    loop = asyncio.new_event_loop()
    if not loop.run_until_complete(postgres_available()):
        loop.close()
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL not reachable")
    name = loop.run_until_complete(create_pg_database())
    served, runner = loop.run_until_complete(start_both(pg_url(name), translator))
    chats = iter(range(6_700_000, 6_800_000))

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(typed=TEXTS, forged=TEXTS)
    def property_(typed: str, forged: str) -> None:
        chat = next(chats)
        number = str(99_890_000_0000 + chat)

        async def example() -> None:
            update = message_update(served.fake.next_update_id(), chat, typed)
            assert normal(await served.telegram(update), translator)
            update = callback_update(served.fake.next_update_id(), chat, forged, 1)
            assert normal(await served.telegram(update), translator)
            said = await served.whatsapp({"type": "text", "text": {"body": typed}}, number)
            assert normal(said, translator)
            tap = {"type": "button_reply", "button_reply": {"id": forged, "title": "…"}}
            said = await served.whatsapp({"type": "interactive", "interactive": tap}, number)
            assert normal(said, translator)

        loop.run_until_complete(example())

    try:
        property_()
    finally:
        loop.run_until_complete(stop_both(served, runner))
        loop.run_until_complete(drop_pg_database(name))
        loop.close()
