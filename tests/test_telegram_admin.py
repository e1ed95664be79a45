"""Admins and experts on Telegram, over real HTTP: uploads, broadcasts, expert answers."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator

import pytest
import yaml
from aiohttp import ClientSession, web
from sqlalchemy import select

from bot.bootstrap import App, start_app
from bot.channels.telegram import SECRET_HEADER, WEBHOOK_PATH
from bot.i18n import Translator
from bot.models import Outbox
from bot.outbox import OutboxWorker, RecordingMarker, WorkerConfig
from bot.settings import Settings
from bot.web import create_web_app
from bot.worker import BroadcastProgress
from tests.fake_telegram import (
    FakeTelegram,
    buttons,
    callback_update,
    document_update,
    message_update,
    tap,
)

TOKEN = "123456:TEST-token-for-the-fake-api"
SECRET = "s3cret"
ADMIN, TRADER, EXPERTS = 777, 4242, -100500


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(tmp_path, fake: FakeTelegram, translator: Translator) -> AsyncIterator[App]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'tradebot.db'}",
        telegram_token=TOKEN,
        telegram_api_url=fake.url,
        webhook_secret=SECRET,
        admin_ids=f"telegram:{ADMIN}",
        expert_chat_id=str(EXPERTS),
        _env_file=None,
    )
    app = await start_app(settings, translator)
    yield app
    await app.close()


class Hook:
    def __init__(self, fake: FakeTelegram, client: ClientSession, url: str) -> None:
        self.fake, self.client, self.url = fake, client, url

    async def post(self, update: dict) -> None:
        async with self.client.post(
            self.url, json=update, headers={SECRET_HEADER: SECRET}
        ) as response:
            assert response.status == 200

    async def say(self, chat: int, text: str, **extra) -> None:
        await self.post(message_update(self.fake.next_update_id(), chat, text, "en", **extra))

    async def tap(self, chat: int, prefix: str) -> None:
        data, message_id = tap(self.fake.last_keyboard_message(chat, prefix), prefix)
        await self.post(callback_update(self.fake.next_update_id(), chat, data, message_id, "en"))

    def texts(self, chat: int) -> list[str]:
        return [html.unescape(t) for t in self.fake.sent_texts(chat)]


@pytest.fixture
async def hook(bot: App, fake: FakeTelegram) -> AsyncIterator[Hook]:
    runner = web.AppRunner(await create_web_app(bot))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with ClientSession() as client:
        yield Hook(fake, client, f"http://127.0.0.1:{port}{WEBHOOK_PATH}")
    await runner.cleanup()


async def drain_outbox(bot: App) -> None:
    from bot.channels.telegram_outbox import telegram_sender

    blocked: set = set()
    sender, writer, close = telegram_sender(bot, RecordingMarker(bot.store, blocked))
    config = WorkerConfig(rates={"telegram": 100.0}, chat_interval_s=0.0)
    worker = OutboxWorker(
        bot.sessions,
        {"telegram": sender},
        config,
        blocked,
        BroadcastProgress(bot, {"telegram": writer}),
    )
    try:
        while await worker.drain_once():
            pass
    finally:
        await worker.release_channels()  # as a stopping worker does
        await close()


async def test_an_admin_uploads_a_knowledge_file_previews_and_applies_it(
    bot: App, hook: Hook, fake: FakeTelegram
):
    files = await bot.knowledge.active_files()
    name = "documents.yaml"
    data = yaml.safe_load(files[name])
    data["documents"][0]["name"]["en"] += " (new form)"
    content = yaml.safe_dump(data, allow_unicode=True).encode()
    file_id = fake.add_file(content)
    await hook.post(document_update(fake.next_update_id(), ADMIN, file_id, name, len(content)))
    assert fake.of("getFile")
    assert "(new form)" in hook.texts(ADMIN)[-1]
    await hook.tap(ADMIN, "adm:import:")
    assert len(await bot.knowledge.history()) == 2
    assert "Version 2 is now active" in hook.texts(ADMIN)[-1]


async def test_an_admins_file_over_5_mb_is_refused_without_downloading_it(
    bot: App, hook: Hook, fake: FakeTelegram
):
    file_id = fake.add_file(b"documents: []\n")
    too_big = 5 * 1024 * 1024 + 1
    await hook.post(
        document_update(fake.next_update_id(), ADMIN, file_id, "documents.yaml", too_big)
    )
    assert not fake.of("getFile")
    assert hook.texts(ADMIN)[-1] == bot.translator("en", "admin-upload-too-big")
    assert len(await bot.knowledge.history()) == 1


async def test_a_traders_file_is_not_even_downloaded(bot: App, hook: Hook, fake: FakeTelegram):
    file_id = fake.add_file(b"documents: []\n")
    await hook.post(document_update(fake.next_update_id(), TRADER, file_id, "documents.yaml", 14))
    assert not fake.of("getFile")
    assert bot.translator("en", "help") in hook.texts(TRADER)
    assert len(await bot.knowledge.history()) == 1


async def test_an_expert_answer_in_the_expert_chat_reaches_the_trader(
    bot: App, hook: Hook, fake: FakeTelegram
):
    await hook.say(TRADER, "dried apricots")
    await hook.tap(TRADER, "c:0813.10")
    await hook.tap(TRADER, "o:KG")
    await hook.tap(TRADER, "d:KZ")
    await hook.tap(TRADER, "acts")
    await hook.tap(TRADER, "expert")
    await hook.say(TRADER, "Do I need a lab test for dried apricots?")
    assert hook.texts(TRADER)[-2] == bot.translator("en", "expert-sent")
    await drain_outbox(bot)
    forwarded = hook.texts(EXPERTS)[-1]
    assert "#1" in forwarded and "lab test" in forwarded and "0813.10|KG|KZ" in forwarded

    question = {
        "message_id": 1,
        "date": 0,
        "chat": {"id": EXPERTS, "type": "supergroup"},
        "text": forwarded,
    }
    await hook.say(EXPERTS, "Yes, ask the lab in Bishkek.", reply_to_message=question)
    assert "#1" in hook.texts(EXPERTS)[-1]
    await drain_outbox(bot)
    assert "Yes, ask the lab in Bishkek." in hook.texts(TRADER)[-1]


async def test_a_broadcast_shows_its_progress_to_the_admin_in_one_message(
    bot: App, hook: Hook, fake: FakeTelegram
):
    for chat in (1001, 1002, 1003):
        await hook.say(chat, "/start")
    await hook.say(ADMIN, "/broadcast The Korday crossing is open again.")
    await hook.tap(ADMIN, "adm:bcast:")
    await drain_outbox(bot)
    for chat in (1001, 1002, 1003):
        assert hook.texts(chat)[-1] == "The Korday crossing is open again."
    status = [
        c
        for c in fake.calls
        if c.method in ("sendMessage", "editMessageText")
        and int(c.params["chat_id"]) == ADMIN
        and "sent" in c.params.get("text", "")
    ]
    assert status and "sent 3 of 3, failed 0" in status[-1].params["text"]
    async with bot.sessions() as session:
        statuses = (await session.scalars(select(Outbox.status))).all()
    assert set(statuses) == {"sent"}
    assert not any(buttons(c) for c in status)
