"""The channel contract: the registry, what every channel shares, and a toy channel that
the web server and the worker pick up without a line of theirs naming it."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import App
from bot.channels import telegram_render, whatsapp_render
from bot.channels.base import recovery
from bot.channels.console import ConsoleChannel
from bot.channels.contract import (
    ChannelSpec,
    InboxChannel,
    InFlight,
    Limits,
    Outlet,
    Registry,
    Services,
    discover,
)
from bot.channels.text import (
    chosen,
    decode_choice,
    encode_choice,
    numbered_lines,
    numbered_menu,
    split_text,
)
from bot.inbox import Receipt
from bot.outbox import WorkerConfig, enqueue
from bot.settings import Settings
from bot.web import create_web_app
from bot.worker import run_worker
from handlers.events import Choice, Event, Reply, UserRef

# ---- the registry -------------------------------------------------------------------------


def test_the_shipped_channels_are_found_in_their_modules_without_a_list_naming_them():
    registry = discover()
    assert {"telegram", "whatsapp"} <= set(registry.names())
    for spec in registry:
        assert spec.mount is not None and spec.outlet is not None
        assert spec.parse is not None and spec.render is not None
        assert set(spec.required) <= set(spec.settings)
        assert all(name in Settings.model_fields for name in spec.settings), spec.name


def test_a_channel_is_enabled_by_its_own_settings_only():
    registry = discover()
    bare = Settings(_env_file=None)
    telegram_only = Settings(_env_file=None, telegram_token="123:abc")
    assert [s.name for s in registry.enabled(bare)] == []
    assert [s.name for s in registry.enabled(telegram_only)] == ["telegram"]


def test_two_channels_cannot_share_a_name():
    spec = ChannelSpec(name="toy", limits=Limits(text_max=10))
    registry = Registry([spec])
    registry.register(spec)  # the same one again is harmless
    with pytest.raises(ValueError, match="toy"):
        registry.register(ChannelSpec(name="toy", limits=Limits(text_max=20)))


# ---- splitting ------------------------------------------------------------------------------

WORDS = ["Фитосанитарный", "сертификат", "<b>", "&", "🇰🇿", "Oʻzbekiston", "tariff", "ST-1"]


def long_text(words: int) -> str:
    cycle = itertools.cycle(WORDS)
    lines = [" ".join(next(cycle) for _ in range(11)) for _ in range(words // 11)]
    return "\n".join(lines[:20]) + "\n\n" + " ".join(lines[20:])


@pytest.mark.parametrize("name", ["telegram", "whatsapp"])
def test_a_long_text_is_split_within_each_channels_limit_and_never_inside_a_word(name: str):
    limits = discover()[name].limits
    text = long_text(6000)
    assert limits.measure(text) > 3 * limits.text_max
    pieces = split_text(text, limits.text_max, limits.measure)
    assert len(pieces) > 3
    assert all(limits.measure(piece) <= limits.text_max for piece in pieces)
    assert [w for piece in pieces for w in piece.split()] == text.split()  # no word cut


def test_a_long_text_is_cut_at_the_paragraph_before_it_is_cut_at_a_line():
    paragraph = "\n".join(["word " * 8] * 3).strip()
    pieces = split_text(f"{paragraph}\n\n{paragraph}", len(paragraph) + 5)
    assert pieces == [paragraph, paragraph]


def test_only_a_word_longer_than_the_limit_is_cut_and_a_flag_is_never_halved():
    assert split_text("x" * 10, 4) == ["xxxx", "xxxx", "xx"]
    assert split_text("ok 🇰🇿🇰🇬", 5, whatsapp_render.size) == ["ok", "🇰🇿", "🇰🇬"]
    assert split_text("   ", 4) == []


def test_telegram_counts_what_html_escaping_adds_and_whatsapp_counts_utf16_units():
    assert discover()["telegram"].limits.measure("a<b") == 6
    assert discover()["whatsapp"].limits.measure("🇰🇿") == 4


@pytest.mark.parametrize("name", ["telegram", "whatsapp"])
def test_every_message_a_channel_renders_from_a_long_reply_stays_within_its_limit(name: str):
    spec = discover()[name]
    assert spec.render is not None
    reply = Reply(long_text(3000), (Choice("o:KZ", "Kazakhstan"), Choice("o:KG", "Kyrgyzstan")))
    messages = spec.render([reply], 3)
    texts = [text_of(name, message) for message in messages]
    assert len(texts) > 1
    assert all(spec.limits.measure(text) <= spec.limits.text_max for text in texts)
    assert " ".join(texts).split() == reply.text.split()


def text_of(name: str, message: Any) -> str:
    if name == "telegram":
        return message.text
    body = message.message
    return body["text"]["body"] if body["type"] == "text" else body["interactive"]["body"]["text"]


# ---- choice ids --------------------------------------------------------------------------------


@pytest.mark.parametrize("choice_id", ["o:KZ", "st:1", "c:0813.10", "x|y", "page:2", "ü:ё"])
def test_a_choice_id_comes_back_with_the_version_it_was_sent_with(choice_id: str):
    assert decode_choice(encode_choice(17, choice_id)) == (17, choice_id)


def test_a_choice_id_that_would_not_fit_the_platform_is_refused_and_a_foreign_one_has_no_version():
    assert encode_choice(3, "ё" * 31, max_bytes=64) == "3|" + "ё" * 31  # 2 + 62 bytes
    assert encode_choice(3, "ё" * 32, max_bytes=64) is None
    assert decode_choice("o:KZ") == (None, "o:KZ")
    assert decode_choice("1234567890|o:KZ") == (None, "1234567890|o:KZ")  # too many digits
    assert decode_choice("") == (None, "")
    assert decode_choice("5|" + "x" * 500, cap=64) == (5, "x" * 62)


def test_both_messengers_encode_choices_the_one_shared_way():
    assert telegram_render.callback_data(4, "o:KZ") == encode_choice(4, "o:KZ")
    assert whatsapp_render.choice_id(4, "o:KZ") == encode_choice(4, "o:KZ")
    assert telegram_render.parse_callback_data("4|o:KZ") == decode_choice("4|o:KZ")
    assert whatsapp_render.parse_choice_id("4|o:KZ") == decode_choice("4|o:KZ")


# ---- numbered menus ----------------------------------------------------------------------------


def test_numbering_continues_across_the_replies_of_a_turn_and_reads_back_from_digits():
    first = [Choice("o:KZ", "Kazakhstan"), Choice("o:KG", "Kyrgyzstan")]
    second = [Choice("st:1", "1. Phytosanitary certificate"), Choice("back", "Back")]
    assert numbered_lines(first) == ["1. Kazakhstan", "2. Kyrgyzstan"]
    assert numbered_lines(second, offset=2) == ["3. 1. Phytosanitary certificate", "4. Back"]
    assert numbered_lines([Choice("st:2", "2. Customs")], offset=1) == ["2. Customs"]
    assert numbered_menu("Where to?", first) == "Where to?\n\n1. Kazakhstan\n2. Kyrgyzstan"
    ids = [c.id for c in first + second]
    assert chosen(" 3 \n", ids) == "st:1"
    assert chosen("5", ids) is None
    assert chosen("0", ids) is None
    assert chosen("٣", ids) is None  # only ASCII digits are numbers, as everywhere


async def test_the_console_numbers_with_the_shared_menu_and_reads_the_number_back():
    class Out:
        text = ""

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    out = Out()
    console = ConsoleChannel(None, "1", "en", out)  # type: ignore[arg-type]
    replies = [Reply("From?", (Choice("o:KZ", "Kazakhstan"),)), Reply("Or", (Choice("b", "B"),))]
    await console.deliver(console.user, replies, 1)
    assert "  [1] Kazakhstan\n" in out.text and "  [2] B\n" in out.text
    event = console.to_event("2\n")
    assert event == Event.choice(console.user, "b", "en")


# ---- in-flight tasks -----------------------------------------------------------------------------


async def test_a_channel_waits_for_what_it_has_in_flight_including_what_that_started():
    in_flight = InFlight()
    done: list[str] = []

    async def later(name: str, then: str | None = None) -> None:
        await asyncio.sleep(0.01)
        if then:
            in_flight.spawn(later(then))
        done.append(name)

    in_flight.spawn(later("first", then="second"))
    await in_flight.idle()
    assert done == ["first", "second"] and len(in_flight) == 0
    in_flight.spawn(asyncio.sleep(5))
    assert await in_flight.drain(0.01) is False


# ---- a toy channel, mounted and used by the worker without editing web.py or worker.py ---------

TOY = "toy"
TOY_PATH = "/webhooks/toy"


class ToySender:
    def __init__(self) -> None:
        self.sent: list[tuple[UserRef, list[str]]] = []

    async def deliver(self, user: UserRef, replies: Sequence[Reply], version: int) -> None:
        self.sent.append((user, [reply.text for reply in replies]))


class ToyChannel(InboxChannel):
    """A channel as small as the contract allows: JSON {id, from, text} in, texts out."""

    name = TOY

    def __init__(self, services: Services, sender: ToySender) -> None:
        super().__init__(services)
        self.sender = sender

    def who(self, update: dict[str, Any]) -> tuple[UserRef | None, str | None]:
        return UserRef(TOY, update["from"]), "en"

    async def answer(self, update: dict[str, Any], receipt: Receipt) -> None:
        event = Event.parse_text(UserRef(TOY, update["from"]), update["text"], "en")
        await self.turn(event, receipt, "en")

    async def deliver(
        self, user: UserRef, replies: Sequence[Reply], version: int, extra: Mapping[str, Any]
    ) -> None:
        await self.sender.deliver(user, replies, version)

    async def say(self, user: UserRef, text: str) -> None:
        await self.sender.deliver(user, [Reply(text)], 0)


def toy_spec(sender: ToySender) -> ChannelSpec:
    async def mount(web_app: web.Application, services: Services) -> None:
        channel = ToyChannel(services, sender)
        recovery(web_app).add(*channel.recovery())

        async def receive(request: web.Request) -> web.Response:
            data = await request.json()
            try:
                items = await channel.accept([(data["id"], UserRef(TOY, data["from"]), data)])
            except Exception:
                return web.Response(status=503)
            for item in items:
                await channel.handle(item)
            return web.Response(text="ok")

        web_app.router.add_post(TOY_PATH, receive)

    def outlet(services: Services, marker: Any, stack: contextlib.AsyncExitStack) -> Outlet:
        return Outlet(sender)

    return ChannelSpec(
        name=TOY, limits=Limits(text_max=160, numbered=True), mount=mount, outlet=outlet
    )


async def test_a_toy_channel_registered_in_a_test_gets_its_webhook_and_answers_once_per_id(
    sqlite_app: App,
):
    sender = ToySender()
    channels = discover().with_(toy_spec(sender))
    async with TestClient(TestServer(await create_web_app(sqlite_app, channels))) as client:
        hello = {"id": "m1", "from": "77", "text": "/start"}
        assert (await client.post(TOY_PATH, json=hello)).status == 200
        assert (await client.post(TOY_PATH, json=hello)).status == 200  # a repeat delivery
    ((user, texts),) = sender.sent
    assert user == UserRef(TOY, "77")
    assert sqlite_app.translator("en", "product-prompt") in "\n".join(texts)


async def test_the_worker_sends_a_toy_channels_queued_notice_through_the_toy_sender(
    sqlite_app: App,
):
    sender = ToySender()
    async with sqlite_app.sessions.begin() as session:
        enqueue(session, UserRef(TOY, "77"), "notice", [Reply("The border at Dostyk is open")])
    stop = asyncio.Event()
    config = WorkerConfig(chat_interval_s=0.0, idle_s=0.02)
    channels = Registry([toy_spec(sender)])
    worker = asyncio.create_task(run_worker(sqlite_app, stop, config, channels))
    for _ in range(200):
        if sender.sent:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await worker
    assert sender.sent == [(UserRef(TOY, "77"), ["The border at Dostyk is open"])]
