"""The Telegram channel over real HTTP: the bot talks to a fake Bot API on 127.0.0.1.

Polling runs `run_polling` exactly as `tradebot run` does; webhooks are real POSTs to the
web app of `tradebot serve`. Every assertion is on what the fake recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import ClientSession, web
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.bootstrap import App, start_app
from bot.channels.telegram import SECRET_HEADER, WEBHOOK_PATH, TelegramChannel, run_polling
from bot.channels.telegram_client import BotApi
from bot.channels.telegram_render import callback_data, keyboard, split_text
from bot.channels.telegram_send import TelegramSender
from bot.i18n import Translator
from bot.models import InboxItem, User
from bot.settings import Settings
from bot.web import create_web_app
from handlers.events import Choice, Reply, UserRef
from tests.conftest import create_pg_database, drop_pg_database, pg_url, postgres_available
from tests.fake_telegram import (
    Call,
    FakeTelegram,
    buttons,
    callback_update,
    message_update,
    photo_update,
    tap,
)

TOKEN = "123456:TEST-token-for-the-fake-api"
SECRET = "s3cret-token_for-tests"
MESSAGE_METHODS = ("sendMessage", "editMessageText", "sendPhoto")

# One bot serves the whole module, as in production: seeding and indexing the knowledge
# takes seconds, so each test talks from its own chat instead of building its own app.
pytestmark = pytest.mark.asyncio(loop_scope="module")
module_fixture = pytest_asyncio.fixture(scope="module", loop_scope="module")
_chats = itertools.count(5550001)


@module_fixture
async def fake_server() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    yield server
    await server.stop()


@pytest_asyncio.fixture(loop_scope="module")
async def fake(fake_server: FakeTelegram) -> FakeTelegram:
    """The module's fake API with nothing recorded and no fault armed."""
    fake_server.reset()
    return fake_server


@pytest.fixture
def chat() -> int:
    return next(_chats)


def use_fake(app: App, fake: FakeTelegram) -> App:
    app.settings = app.settings.model_copy(
        update={
            "telegram_token": SecretStr(TOKEN),
            "telegram_api_url": fake.url,
            "webhook_url": "https://bot.example.org",
            "webhook_secret": SecretStr(SECRET),
        }
    )
    return app


async def built_app(database_url: str, translator: Translator, fake: FakeTelegram) -> App:
    app = await start_app(Settings(database_url=database_url, _env_file=None), translator)
    await app.knowledge.current()
    return use_fake(app, fake)


@module_fixture
async def sqlite_bot(
    tmp_path_factory: pytest.TempPathFactory, translator: Translator, fake_server: FakeTelegram
) -> AsyncIterator[App]:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('telegram') / 'tradebot.db'}"
    app = await built_app(url, translator, fake_server)
    yield app
    await app.close()


@module_fixture
async def postgres_bot(translator: Translator, fake_server: FakeTelegram) -> AsyncIterator[App]:
    if not await postgres_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL not reachable")
    name = await create_pg_database()
    app = await built_app(pg_url(name), translator, fake_server)
    try:
        yield app
    finally:
        await app.close()
        await drop_pg_database(name)


async def knowledge_version(app: App) -> int:
    return (await app.knowledge.current()).knowledge.version


# ---- a trader as Telegram delivers them ------------------------------------------------------


Deliver = Callable[[dict[str, Any]], Awaitable[None]]


class Trader:
    """Says things and taps buttons; `replies` are the bot's messages since the last action."""

    def __init__(self, fake: FakeTelegram, deliver: Deliver, chat: int, lang: str = "ru"):
        self.fake, self.deliver, self.chat, self.lang = fake, deliver, chat, lang
        self.mark = 0
        self.taps = 0

    async def say(self, text: str) -> None:
        await self.send(message_update(self.fake.next_update_id(), self.chat, text, self.lang))

    async def send(self, update: dict[str, Any]) -> None:
        self.mark = len(self.fake.calls)
        await self.deliver(update)

    async def tap(self, prefix: str) -> None:
        data, message_id = tap(self.fake.last_keyboard_message(self.chat, prefix), prefix)
        await self.tap_data(data, message_id)

    async def tap_data(self, data: str, message_id: int) -> None:
        self.taps += 1
        update = callback_update(self.fake.next_update_id(), self.chat, data, message_id, self.lang)
        await self.send(update)

    @property
    def replies(self) -> list[Call]:
        return [
            call
            for call in self.fake.calls[self.mark :]
            if call.method in MESSAGE_METHODS and int(call.params["chat_id"]) == self.chat
        ]

    def text(self) -> str:
        return "\n".join(html.unescape(call.params.get("text", "")) for call in self.replies)

    def choices(self) -> list[str]:
        return [data.split("|", 1)[1] for call in self.replies for data in buttons(call)]


def polling_deliver(fake: FakeTelegram) -> Deliver:
    """Queue the update for getUpdates; done when the bot's messages stop coming."""

    async def deliver(update: dict[str, Any]) -> None:
        before = len(fake.calls)
        fake.queue(update)
        await fake.wait_for(lambda: any(c.method in MESSAGE_METHODS for c in fake.calls[before:]))
        while True:  # settle: the turn's replies go out back to back
            count = len(fake.calls)
            await asyncio.sleep(0.15)
            if len(fake.calls) == count:
                return

    return deliver


@contextlib.asynccontextmanager
async def polling(app: App, fake: FakeTelegram) -> AsyncIterator[App]:
    """`run_polling` as `tradebot run` calls it, stopped at the end as SIGTERM would."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_polling(app, stop=stop, polling_timeout=1))
    await fake.wait_for(lambda: bool(fake.of("getMe")))
    try:
        yield app
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=10)


class Webhook:
    """The web app of `tradebot serve` on a free port, and real POSTs to it."""

    def __init__(self, url: str, client: ClientSession, set_webhook: list[Call]) -> None:
        self.url, self.client, self.set_webhook = url, client, set_webhook

    async def post(self, body: bytes | dict[str, Any], secret: str | None = SECRET) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        if isinstance(body, dict):
            response = await self.client.post(self.url, json=body, headers=headers)
        else:
            response = await self.client.post(self.url, data=body, headers=headers)
        async with response:
            return response.status

    async def deliver(self, update: dict[str, Any]) -> None:
        assert await self.post(update) == 200


@module_fixture
async def webhook_server(sqlite_bot: App, fake_server: FakeTelegram) -> AsyncIterator[Webhook]:
    fake_server.reset()
    runner = web.AppRunner(await create_web_app(sqlite_bot))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with ClientSession() as client:
        yield Webhook(
            f"http://127.0.0.1:{port}{WEBHOOK_PATH}", client, fake_server.of("setWebhook")
        )
    await runner.cleanup()


@pytest_asyncio.fixture(loop_scope="module")
async def webhook(webhook_server: Webhook, fake: FakeTelegram) -> Webhook:
    return webhook_server


async def have_a_conversation(app: App, trader: Trader) -> None:
    """Language from language_code 'ru' -> 'курага' -> candidate -> origin -> destination."""
    await trader.say("/start")
    assert app.translator("ru", "product-prompt") in trader.text()

    await trader.say("курага")
    assert "c:0813.10" in trader.choices()
    await trader.tap("c:0813")
    assert "o:KG" in trader.choices()
    await trader.tap("o:KG")
    assert "d:KZ" in trader.choices()
    await trader.tap("d:KZ")

    answer = trader.replies
    assert "0813.10" in trader.text()
    assert "side:export" in trader.choices()
    assert all(call.params["parse_mode"] == "HTML" for call in answer)
    version = await knowledge_version(app)
    assert all(data.startswith(f"{version}|") for call in answer for data in buttons(call))


async def user_row(app: App, chat: int) -> User | None:
    async with app.sessions() as session:
        return await session.scalar(
            select(User).where(User.channel == "telegram", User.platform_id == str(chat))
        )


# ---- conversations ---------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite_bot", "postgres_bot"])
def any_bot(request: pytest.FixtureRequest) -> App:
    """The module's bot on SQLite, then on PostgreSQL."""
    return request.getfixturevalue(request.param)


async def test_a_trader_gets_the_steps_by_long_polling(any_bot: App, fake: FakeTelegram, chat: int):
    app = any_bot
    async with polling(app, fake):
        trader = Trader(fake, polling_deliver(fake), chat)
        await have_a_conversation(app, trader)
    assert len(fake.of("answerCallbackQuery")) == trader.taps
    assert fake.of("deleteWebhook")
    user = await user_row(app, chat)
    assert user is not None and user.language == "ru" and user.active


async def test_the_same_conversation_works_by_webhook(
    sqlite_bot: App, fake: FakeTelegram, webhook: Webhook, chat: int
):
    (set_webhook,) = webhook.set_webhook
    assert set_webhook.params["url"] == "https://bot.example.org/webhooks/telegram"
    assert set_webhook.params["secret_token"] == SECRET

    trader = Trader(fake, webhook.deliver, chat)
    await have_a_conversation(sqlite_bot, trader)
    assert len(fake.of("answerCallbackQuery")) == trader.taps


async def test_paging_through_steps_edits_the_message_that_carried_the_button(
    sqlite_bot: App, fake: FakeTelegram, webhook: Webhook, chat: int
):
    trader = Trader(fake, webhook.deliver, chat)
    await have_a_conversation(sqlite_bot, trader)
    await trader.tap("side:export")
    await trader.tap("st:1")
    (detail,) = [call for call in trader.replies if call.method == "sendMessage"]
    next_step = next(c for c in trader.choices() if c.startswith("st:"))
    data, message_id = tap(detail, next_step)

    await trader.tap_data(data, message_id)
    (edit,) = trader.replies
    assert edit.method == "editMessageText"
    assert int(edit.params["message_id"]) == message_id == detail.result["message_id"]
    assert buttons(edit)


# ---- webhook safety --------------------------------------------------------------------------


async def seen(app: App, update_id: int) -> bool:
    key = app.inbox.key("telegram", str(update_id))
    async with app.sessions() as session:
        found = await session.scalar(
            select(func.count())
            .select_from(InboxItem)
            .where(InboxItem.channel == "telegram", InboxItem.key == key)
        )
    return bool(found)


@pytest.mark.parametrize("secret", [None, "forged", ""])
async def test_webhooks_without_the_right_secret_are_refused_and_change_nothing(
    sqlite_bot: App, fake: FakeTelegram, webhook: Webhook, chat: int, secret: str | None
):
    update = message_update(fake.next_update_id(), chat, "/start")
    assert await webhook.post(update, secret=secret) in (401, 403)
    assert await webhook.post(b"{not json", secret=secret) in (401, 403)
    assert not fake.of("sendMessage")
    assert not await seen(sqlite_bot, update["update_id"])
    assert await user_row(sqlite_bot, chat) is None


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"update_id": "x"}'])
async def test_malformed_webhook_bodies_get_400_and_change_nothing(
    sqlite_bot: App, fake: FakeTelegram, webhook: Webhook, body: bytes
):
    async with sqlite_bot.sessions() as session:
        before = await session.scalar(select(func.count()).select_from(InboxItem))
    assert await webhook.post(body) == 400
    assert not fake.calls
    async with sqlite_bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(InboxItem)) == before


async def test_an_update_delivered_twice_is_answered_once(
    fake: FakeTelegram, webhook: Webhook, chat: int
):
    update = message_update(fake.next_update_id(), chat, "/start")
    await webhook.deliver(update)
    answered = len(fake.of("sendMessage"))
    await webhook.deliver(update)
    assert answered >= 1
    assert len(fake.of("sendMessage")) == answered


async def test_an_update_served_twice_by_get_updates_is_answered_once(
    sqlite_bot: App, fake: FakeTelegram, chat: int
):
    other = next(_chats)
    async with polling(sqlite_bot, fake):
        update = message_update(fake.next_update_id(), chat, "/start")
        await polling_deliver(fake)(update)
        answered = len(fake.of("sendMessage", chat))
        fake.queue(update)
        fake.queue(message_update(fake.next_update_id(), other, "/start"))
        await fake.wait_for(lambda: bool(fake.of("sendMessage", other)))
        await asyncio.sleep(0.2)
    assert answered >= 1
    assert len(fake.of("sendMessage", chat)) == answered


# ---- input ----------------------------------------------------------------------------------


async def test_photos_stickers_and_voice_get_a_please_type_reply(
    sqlite_bot: App, fake: FakeTelegram, webhook: Webhook, chat: int
):
    trader = Trader(fake, webhook.deliver, chat)
    await trader.say("/start")
    sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
               "is_animated": False, "is_video": False}  # fmt: skip
    voice = {"file_id": "v", "file_unique_id": "v", "duration": 2}
    updates = [
        photo_update(fake.next_update_id(), chat),
        message_update(fake.next_update_id(), chat, None, sticker=sticker),
        message_update(fake.next_update_id(), chat, None, voice=voice),
    ]
    please_type = sqlite_bot.translator("ru", "error-empty")
    for update in updates:
        await trader.send(update)
        assert please_type in trader.text()


async def test_html_special_characters_in_user_text_are_escaped(
    fake: FakeTelegram, webhook: Webhook, chat: int
):
    trader = Trader(fake, webhook.deliver, chat)
    await trader.say("/start")
    await trader.say("zzqx <b>&")  # no such product: the answer quotes the query back
    sent = " ".join(call.params["text"] for call in trader.replies)
    assert "zzqx &lt;b&gt;&amp;" in sent
    assert "<b>" not in sent


async def test_a_button_from_an_older_knowledge_version_gets_the_stale_reply(
    sqlite_bot: App, fake: FakeTelegram, webhook: Webhook, chat: int
):
    trader = Trader(fake, webhook.deliver, chat)
    await trader.say("/start")
    current, message_id = tap(fake.last_keyboard_message(chat), "")
    version, choice_id = current.split("|", 1)
    assert int(version) == await knowledge_version(sqlite_bot)

    await trader.tap_data(f"{int(version) - 1}|{choice_id}", message_id)
    assert sqlite_bot.translator("ru", "error-stale-choice") in trader.text()
    assert sqlite_bot.translator("ru", "product-prompt") in trader.text()  # still where it was
    assert len(fake.of("answerCallbackQuery")) == 1


# ---- faults ---------------------------------------------------------------------------------


async def test_flood_control_is_waited_out_before_the_retry(
    fake: FakeTelegram, webhook: Webhook, chat: int
):
    fake.fail("sendMessage", 429, times=1, retry_after=1)
    await Trader(fake, webhook.deliver, chat).say("/start")
    refused, accepted = fake.of("sendMessage")[:2]
    assert accepted.at - refused.at >= 1.0
    assert accepted.params["text"] == refused.params["text"]


async def test_server_errors_are_retried_with_backoff(
    fake: FakeTelegram, webhook: Webhook, chat: int
):
    fake.fail("sendMessage", 502, times=2)
    await Trader(fake, webhook.deliver, chat).say("/start")
    first, second, third = fake.of("sendMessage")[:3]
    assert first.params["text"] == second.params["text"] == third.params["text"]
    assert third.result is not None  # the third try got through
    assert third.at - second.at > second.at - first.at


async def test_a_user_who_blocked_the_bot_is_marked_inactive(
    sqlite_bot: App, fake: FakeTelegram, webhook: Webhook, chat: int
):
    fake.fail("sendMessage", 403, times=5)
    await Trader(fake, webhook.deliver, chat).say("/start")
    assert len(fake.of("sendMessage")) == 1  # 403 is not retried
    user = await user_row(sqlite_bot, chat)
    assert user is not None and user.active is False


async def test_a_failure_in_the_channel_apologizes_and_others_are_still_served(
    sqlite_bot: App,
    fake: FakeTelegram,
    webhook: Webhook,
    chat: int,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
):
    original = TelegramChannel.reply

    async def broken_for_one(self, user: UserRef, outcome, callback) -> None:
        if user.platform_id == str(chat):
            raise RuntimeError("rendering broke")
        await original(self, user, outcome, callback)

    monkeypatch.setattr(TelegramChannel, "reply", broken_for_one)
    unlucky, other = (
        Trader(fake, webhook.deliver, chat),
        Trader(fake, webhook.deliver, next(_chats)),
    )
    with caplog.at_level(logging.ERROR):
        await unlucky.say("/start")
    assert unlucky.text() == sqlite_bot.translator("ru", "error-apology")
    assert any(r.exc_info and "rendering broke" in str(r.exc_info[1]) for r in caplog.records)

    await other.say("/start")
    assert sqlite_bot.translator("ru", "product-prompt") in other.text()


async def test_blocking_the_bot_in_telegram_marks_the_user_inactive(
    sqlite_bot: App, fake: FakeTelegram, webhook: Webhook, chat: int
):
    await Trader(fake, webhook.deliver, chat).say("/start")
    bot_user = {"id": 123456, "is_bot": True, "first_name": "Tradebot"}
    await webhook.deliver(
        {
            "update_id": fake.next_update_id(),
            "my_chat_member": {
                "chat": {"id": chat, "type": "private"},
                "from": {"id": chat, "is_bot": False, "first_name": "Trader"},
                "date": 1,
                "old_chat_member": {"status": "member", "user": bot_user},
                "new_chat_member": {"status": "kicked", "user": bot_user, "until_date": 0},
            },
        }
    )
    user = await user_row(sqlite_bot, chat)
    assert user is not None and user.active is False


# ---- the sender without an incoming update ---------------------------------------------------


@pytest_asyncio.fixture(loop_scope="module")
async def sender(fake: FakeTelegram) -> AsyncIterator[TelegramSender]:
    bot = BotApi(TOKEN, fake.url)
    yield TelegramSender(bot)
    await bot.close()


async def test_a_long_answer_is_split_with_the_keyboard_on_the_last_part(
    fake: FakeTelegram, sender: TelegramSender, chat: int
):
    paragraphs = [f"Step {n}: " + " ".join(["document"] * 60 + ["<&>"]) for n in range(40)]
    text = "\n\n".join(paragraphs)
    choices = (Choice("st:1", "1. Certificate of origin"), Choice("new", "New"))
    await sender.deliver(UserRef("telegram", str(chat)), [Reply(text, choices)], 7)

    parts = fake.of("sendMessage")
    assert len(parts) > 1
    assert all(len(call.params["text"]) <= 4096 for call in parts)
    with_keyboard = [bool(call.params.get("reply_markup")) for call in parts]
    assert with_keyboard == [False] * (len(parts) - 1) + [True]
    received = [html.unescape(call.params["text"]) for call in parts]
    assert "\n\n".join(received) == text  # cut at paragraph boundaries, nothing lost
    assert buttons(parts[-1]) == ["7|st:1", "7|new"]


async def test_an_image_goes_as_a_photo_with_the_text_as_caption(
    fake: FakeTelegram, sender: TelegramSender, chat: int
):
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    await sender.deliver(UserRef("telegram", str(chat)), [Reply("Queries <week>", image=png)], 1)
    (photo,) = fake.of("sendPhoto")
    assert photo.params["photo"] == png
    assert photo.params["caption"] == "Queries &lt;week&gt;"
    assert photo.content_type == "multipart/form-data"  # a file: a multipart form


async def test_calls_without_files_go_as_json(
    fake: FakeTelegram, sender: TelegramSender, chat: int
):
    choices = (Choice("st:1", "1. Certificate of origin"),)
    await sender.deliver(UserRef("telegram", str(chat)), [Reply("Steps <b>", choices)], 3)
    await sender.answer_callback("cb1")
    (message,) = fake.of("sendMessage")
    (answered,) = fake.of("answerCallbackQuery")
    assert message.content_type == answered.content_type == "application/json"
    assert message.params["text"] == "Steps &lt;b&gt;"
    assert message.params["chat_id"] == chat  # a number in JSON, not a form's string
    assert buttons(message) == ["3|st:1"]
    assert answered.params == {"callback_query_id": "cb1"}


async def test_text_is_cut_at_lines_then_words_never_inside_a_word():
    line = " ".join(f"word{n}" for n in range(30))
    text = "\n".join([line] * 40)
    parts = split_text(text, limit=500)
    assert all(len(part) <= 500 for part in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())
    words = set(line.split())
    assert all(word in words for part in parts for word in part.split())  # none cut
    assert split_text("short") == ["short"]
    assert split_text("x" * 10, limit=4) == ["xxxx", "xxxx", "xx"]


async def test_short_buttons_share_rows_and_long_ones_stand_alone():
    choices = [Choice("o:KG", "🇰🇬 Kyrgyzstan"), Choice("o:KZ", "🇰🇿 Kazakhstan"),
               Choice("st:1", "1. Phytosanitary certificate for export"),
               Choice("back", "Back"), Choice("border", "At the border")]  # fmt: skip
    markup = keyboard(choices, 12)
    assert markup is not None
    rows = [[b["callback_data"] for b in row] for row in markup["inline_keyboard"]]
    assert rows == [["12|o:KG", "12|o:KZ"], ["12|st:1"], ["12|back", "12|border"]]
    assert callback_data(12, "x" * 70) is None
