"""The SMS channel over real HTTP: a fake Twilio-compatible gateway posts signed SMS in and
takes the bot's SMS out (127.0.0.1); every SMS counted with the real GSM-7/UCS-2 rules."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import yaml
from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import select

from bot.bootstrap import App, start_app
from bot.channels.sms import SMS_KEY, SmsChannel
from bot.channels.sms_client import signature
from bot.channels.sms_render import fold_words
from bot.channels.sms_segments import Encoding, cheapest, count, segments
from bot.i18n import Translator
from bot.models import (
    Base,
    InboxItem,
    Incident,
    SmsConversation,
    SmsDay,
    SmsNumber,
    SmsStatus,
)
from bot.outbox import OutboxWorker, WorkerConfig
from bot.settings import Settings
from bot.web import create_web_app
from bot.worker import build_senders
from handlers.events import UserRef
from tests.fake_sms import ACCOUNT, FROM, TOKEN, FakeSmsGateway

PUBLIC = "https://sms.example.org"  # the address the gateway posts to, through a proxy
TURKMEN = "+99365123456"
RUSSIAN = "+79161234567"
UZBEK = "+998901234567"


@dataclass
class Bot:
    app: App
    gateway: FakeSmsGateway
    channel: SmsChannel

    def phone(self, number: str) -> Phone:
        return Phone(self, number)


@dataclass
class Phone:
    """A trader's phone: says something, gets the SMS the bot sent back."""

    bot: Bot
    number: str

    async def say(self, text: str, sid: str | None = None) -> list[str]:
        before = len(self.bot.gateway.to(self.number))
        status, _ = await self.bot.gateway.text(self.number, text, sid)
        assert status == 200
        await self.settle()
        got = self.bot.gateway.to(self.number)[before:]
        for body in got:
            assert segments(body) <= 3, f"{segments(body)} segments: {body!r}"
        return got

    async def settle(self) -> None:
        for _ in range(3):
            await asyncio.sleep(0)
            await self.bot.channel.idle()

    def last(self) -> str:
        return self.bot.gateway.to(self.number)[-1]

    def number_of(self, *words: str) -> str:
        """The number the last SMS gives the line with one of these words."""
        for line in self.last().splitlines():
            found = re.match(r"^(\d+) (.+)$", line)
            if found and any(fold_words(w) in fold_words(found.group(2)) for w in words):
                return found.group(1)
        raise AssertionError(f"none of {words} in {self.last()!r}")


def sms_settings(database_url: str, **extra) -> Settings:
    return Settings(
        database_url=database_url,
        sms_account_sid=ACCOUNT,
        sms_auth_token=SecretStr(TOKEN),
        sms_from=FROM,
        sms_public_url=PUBLIC,
        sms_rate_per_s=1000,
        _env_file=None,
        **extra,
    )


@pytest.fixture
async def gateway() -> AsyncIterator[FakeSmsGateway]:
    fake = FakeSmsGateway(public_url=PUBLIC)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


async def started(app: App, gateway: FakeSmsGateway) -> tuple[Bot, web.AppRunner]:
    web_app = await create_web_app(app)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    gateway.webhook = f"http://127.0.0.1:{runner.addresses[0][1]}"
    return Bot(app, gateway, web_app[SMS_KEY]), runner


@pytest.fixture
async def bot(
    database_url: str, translator: Translator, gateway: FakeSmsGateway
) -> AsyncIterator[Bot]:
    settings = sms_settings(database_url, sms_api_url=gateway.url)
    app = await start_app(settings, translator)
    running, runner = await started(app, gateway)
    try:
        yield running
    finally:
        await runner.cleanup()
        await app.close()


@pytest.fixture
async def capped_bot(
    sqlite_url: str, translator: Translator, gateway: FakeSmsGateway
) -> AsyncIterator[Bot]:
    settings = sms_settings(
        sqlite_url,
        sms_api_url=gateway.url,
        sms_daily_segments_per_number=6,
        sms_daily_segments_total=10,
    )
    app = await start_app(settings, translator)
    running, runner = await started(app, gateway)
    try:
        yield running
    finally:
        await runner.cleanup()
        await app.close()


# ---- the gateway's signature ---------------------------------------------------------------


def test_the_signature_is_twilios_documented_example():
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert signature("12345", url, params.items()) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def test_the_signature_matches_a_vector_computed_with_twilios_own_validator():
    # twilio 9.13.0: RequestValidator('test-auth-token').compute_signature(url, params)
    params = {
        "From": "+99365123456",
        "To": "+99312000000",
        "Body": "Salam alma",
        "MessageSid": "SM0123456789abcdef0123456789abcdef",
        "AccountSid": "AC11111111111111111111111111111111",
    }
    url = "https://sms.example.org/webhooks/sms"
    assert signature("test-auth-token", url, params.items()) == "nw66ClqaIG7uPRw4J9DNFemlgXQ="


async def test_forged_and_unsigned_sms_are_refused_and_nothing_is_stored(bot: Bot):
    assert await bot.gateway.text(TURKMEN, "alma", sign="forged") == (403, "bad signature")
    assert (await bot.gateway.text(TURKMEN, "alma", sign=None))[0] == 403
    status, _ = await bot.gateway.status("SM" + "1" * 32, "delivered")
    assert status == 204
    await bot.channel.idle()
    assert bot.gateway.sent == []
    async with bot.app.sessions() as session:
        assert (await session.scalars(select(InboxItem))).all() == []


async def test_a_repeated_message_sid_is_answered_once(bot: Bot):
    phone = bot.phone(TURKMEN)
    first = await phone.say("alma", sid="SM" + "a" * 32)
    again = await phone.say("alma", sid="SM" + "a" * 32)
    assert len(first) == 1 and again == []


# ---- a conversation ----------------------------------------------------------------------


async def walk_to_a_step_and_border_help(bot: Bot, number: str, words: dict[str, str]) -> None:
    phone = bot.phone(number)
    (reply,) = await phone.say(words["product"])
    assert words["confirm"] in reply
    await phone.say(phone.number_of(words["yes"]))
    await phone.say(phone.number_of(words["origin"]))
    (answer,) = await phone.say(phone.number_of(words["destination"]))
    assert words["route"] in answer, answer
    (detail,) = await phone.say("1")  # the first step, by its number
    assert detail.startswith("1. "), detail  # the step detail opens with its title
    (border,) = await phone.say(phone.number_of(words["border"]))
    assert words["situations"] in border, border
    (situation,) = await phone.say("1")
    assert len(situation) > 40


async def test_a_whole_conversation_in_turkmen_folded_into_gsm7(bot: Bot):
    words = {
        "product": "alma",
        "confirm": "Alma",
        "yes": "Hawa",
        "origin": "Türkmenistan",
        "destination": "Ozbegistan",
        "route": "Türkmenistan",
        "step": "1",
        "border": "Serhetde",
        "situations": "Serhet",
    }
    await walk_to_a_step_and_border_help(bot, TURKMEN, words)
    sent = bot.gateway.to(TURKMEN)
    assert all(count(body).encoding == Encoding.GSM7 for body in sent), sent


async def test_a_whole_conversation_in_russian(bot: Bot):
    words = {
        "product": "яблоки",
        "confirm": "Яблоки",
        "yes": "Да",
        "origin": "Кыргызстан",
        "destination": "Казахстан",
        "route": "Кыргызстан",
        "step": "1",
        "border": "На границе",
        "situations": "границе",
    }
    await walk_to_a_step_and_border_help(bot, RUSSIAN, words)


async def test_a_whole_conversation_in_uzbek(bot: Bot):
    words = {
        "product": "olma",
        "confirm": "Olma",
        "yes": "Ha",
        "origin": "O'zbekiston",
        "destination": "Qozog'iston",
        "route": "O'zbekiston",
        "step": "1",
        "border": "Chegarada",
        "situations": "Chegara",
    }
    await walk_to_a_step_and_border_help(bot, UZBEK, words)


async def test_a_choice_can_be_typed_as_its_words(bot: Bot):
    phone = bot.phone(RUSSIAN)
    await phone.say("яблоки")
    await phone.say("да")
    (reply,) = await phone.say("Кыргызстан")
    assert "Кыргызстан" in reply and "Казахстан" in reply


# ---- STOP, START, HELP ------------------------------------------------------------------------


async def test_stop_ends_all_sending_until_start(bot: Bot):
    phone = bot.phone(TURKMEN)
    await phone.say("alma")
    (stopped,) = await phone.say("dur")
    assert stopped == cheapest(bot.app.translator("tk", "sms-stopped"))
    assert await phone.say("alma") == []
    assert await phone.say("HELP") == []
    (welcome,) = await phone.say("Başla")
    assert "SMS" in welcome
    assert await phone.say("alma")


@pytest.mark.parametrize(
    ("lang", "word"),
    [
        ("kk", "ТОҚТА"),
        ("ky", "токто"),
        ("tg", "Ист"),
        ("tk", "DUR"),
        ("uz", "to‘xta"),
        ("uz", "ТЎХТА"),
        ("ru", "стоп"),
        ("en", "Stop"),
    ],
)
async def test_stop_is_understood_in_all_seven_languages(
    sqlite_url: str, translator: Translator, gateway: FakeSmsGateway, lang: str, word: str
):
    app = await start_app(sms_settings(sqlite_url, sms_api_url=gateway.url), translator)
    running, runner = await started(app, gateway)
    try:
        phone = running.phone(UZBEK)
        (confirmation,) = await phone.say(word)
        assert await phone.say("olma") == []
        async with app.sessions() as session:
            assert (await session.get(SmsNumber, UZBEK)).stopped
        assert confirmation
    finally:
        await runner.cleanup()
        await app.close()


async def test_help_says_how_the_sms_service_works_in_her_language(bot: Bot):
    phone = bot.phone(RUSSIAN)
    await phone.say("яблоки")
    (help_text,) = await phone.say("помощь")
    assert help_text == bot.app.translator("ru", "sms-help")
    assert segments(help_text) <= 2


# ---- cost control --------------------------------------------------------------------------


async def test_a_number_over_its_daily_cap_is_told_once_and_then_left_alone(capped_bot: Bot):
    phone = capped_bot.phone(RUSSIAN)
    sent = []
    for text in ("яблоки", "да", "1", "1", "1"):
        sent += await phone.say(text)
    notice = capped_bot.app.translator("ru", "sms-cap-number")
    assert sent[-1] == notice
    assert sent.count(notice) == 1
    async with capped_bot.app.sessions() as session:
        row = await session.get(SmsNumber, RUSSIAN)
    assert row.segments <= 6


async def test_the_global_cap_stops_everyone_with_a_polite_notice(capped_bot: Bot):
    phones = [capped_bot.phone(f"+9936512345{n}") for n in range(7)]
    for phone in phones:
        await phone.say("alma")
        await phone.say("1")
    notice = cheapest(capped_bot.app.translator("tk", "sms-cap-total"))
    told = [p for p in phones if capped_bot.gateway.to(p.number)[-1] == notice]
    assert told
    async with capped_bot.app.sessions() as session:
        (day,) = (await session.scalars(select(SmsDay))).all()
    assert day.segments <= 10


async def test_segments_are_counted_in_metrics(bot: Bot):
    phone = bot.phone(TURKMEN)
    await phone.say("alma")
    await phone.say("1")
    metrics = bot.app.metrics.render().decode()
    sent = sum(segments(b) for b in bot.gateway.to(TURKMEN))
    assert f'tradebot_sms_segments_total{{kind="reply"}} {float(sent)}' in metrics
    assert f"tradebot_sms_day_segments {float(sent)}" in metrics


# ---- delivery -----------------------------------------------------------------------------


async def test_a_rate_limited_send_is_retried_and_arrives_once(bot: Bot):
    bot.gateway.fail_next(2, status=429)
    assert len(await bot.phone(TURKMEN).say("alma")) == 1


async def test_delivery_statuses_are_recorded_without_the_number(bot: Bot):
    await bot.phone(TURKMEN).say("alma")
    (sent,) = bot.gateway.sent
    assert sent.status_callback == PUBLIC + "/webhooks/sms/status"
    assert (await bot.gateway.status(sent.sid, "delivered"))[0] == 204
    async with bot.app.sessions() as session:
        (row,) = (await session.scalars(select(SmsStatus))).all()
    assert row.status == "delivered"
    assert sent.sid not in row.key and TURKMEN not in json.dumps(row.key)


# ---- privacy -------------------------------------------------------------------------------


async def test_an_incident_report_by_sms_is_as_unlinkable_as_on_other_channels(bot: Bot):
    phone = bot.phone(RUSSIAN)
    report = "Просили деньги без квитанции на посту"
    await phone.say("яблоки")
    await phone.say("да")
    await phone.say(phone.number_of("Кыргызстан"))
    await phone.say(phone.number_of("Казахстан"))
    await phone.say(phone.number_of("На границе"))
    await phone.say("1")
    await phone.say(phone.number_of("Сообщить"))
    await phone.say("1")
    await phone.say("1")
    (thanks,) = await phone.say(report)
    assert "Спасибо" in thanks or "спасибо" in thanks
    async with bot.app.db.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in (await connection.execute(select(table))).mappings():
                values = json.dumps({k: str(v) for k, v in row.items()}, ensure_ascii=False)
                if table.name == "incidents":
                    assert RUSSIAN[1:] not in values
                    continue
                assert report not in values, table.name
        incidents = (await connection.execute(select(Incident.situation))).all()
        number = (await connection.execute(select(SmsNumber.menu))).scalar()
    assert incidents
    assert "rp:" not in json.dumps(number) and "sit:" not in json.dumps(number.get("again"))


async def conversations(bot: Bot) -> list[SmsConversation]:
    async with bot.app.sessions() as session:
        return list((await session.scalars(select(SmsConversation))).all())


async def pause(bot: Bot, number: str, minutes: int) -> None:
    """As if her last SMS had come `minutes` earlier."""
    async with bot.app.sessions.begin() as session:
        row = await session.get(SmsNumber, number)
        row.active_at = row.active_at - dt.timedelta(minutes=minutes)


async def test_a_conversation_ends_after_half_an_hour_without_her_sms(bot: Bot):
    assert bot.app.settings.sms_conversation_idle_minutes == 30
    phone = bot.phone(TURKMEN)
    first = await phone.say("alma") + await phone.say("1")
    await pause(bot, TURKMEN, 29)
    first += await phone.say("0")  # 29 minutes later: the same conversation
    (one,) = await conversations(bot)
    assert one.segments == sum(segments(b) for b in first) and one.messages == 3
    assert not one.ended
    await pause(bot, TURKMEN, 31)
    second = await phone.say("alma")  # after the gap: a new conversation
    ended, opened = sorted(await conversations(bot), key=lambda c: not c.ended)
    assert ended.id == one.id and ended.ended and ended.segments == one.segments
    assert opened.segments == sum(segments(b) for b in second) and not opened.ended
    async with bot.app.sessions() as session:
        assert (await session.get(SmsNumber, TURKMEN)).conversation == opened.id
    metrics = bot.app.metrics.render().decode()
    assert "tradebot_sms_conversation_segments_count 1.0" in metrics
    assert f"tradebot_sms_conversation_segments_sum {float(one.segments)}" in metrics


async def test_start_and_lang_begin_a_new_conversation_and_stop_ends_it(bot: Bot):
    phone = bot.phone(RUSSIAN)
    await phone.say("яблоки")
    await phone.say("язык")  # LANG: a new conversation
    await phone.say("стоп")  # STOP: the conversation ends
    assert [c.ended for c in await conversations(bot)] == [True, True]
    await phone.say("старт")
    assert sorted(c.ended for c in await conversations(bot)) == [False, True, True]
    metrics = bot.app.metrics.render().decode()
    assert "tradebot_sms_conversation_segments_count 2.0" in metrics


async def test_the_admins_stats_show_segments_per_ended_conversation_as_metrics_do(bot: Bot):
    phone, other, third = bot.phone(TURKMEN), bot.phone(UZBEK), bot.phone(RUSSIAN)
    costs = [sum(segments(b) for b in await phone.say("alma"))]
    await pause(bot, TURKMEN, 45)
    costs.append(sum(segments(b) for b in await phone.say("alma") + await phone.say("1")))
    costs.append(sum(segments(b) for b in await other.say("olma")))
    silent = "+99365000001"  # a conversation that cost nothing: no conversation
    store, idle = bot.channel.store, dt.timedelta(minutes=30)
    await store.converse(silent, dt.datetime.now(dt.UTC), idle)
    bot.channel.sender.observe(await store.end(silent))
    await pause(bot, TURKMEN, 31)
    await pause(bot, UZBEK, 31)
    await third.say("яблоки")  # theirs end (idle); hers is open: not counted yet
    replies = await bot.app.admin.stats(UserRef("sms", "+1000"), "en")
    median = sorted(costs)[1]
    assert (
        f"SMS conversations (30 days): 3, segments per conversation: median {median}, "
        f"max {max(costs)}"
    ) in replies[0].text
    metrics = bot.app.metrics.render().decode()
    assert "tradebot_sms_conversation_segments_count 3.0" in metrics
    assert f"tradebot_sms_conversation_segments_sum {float(sum(costs))}" in metrics


async def test_a_broadcast_is_not_charged_to_a_conversation_idle_long_ago(bot: Bot):
    from bot.web_admin.broadcasts import Target, send

    phone, other = bot.phone(RUSSIAN), bot.phone(UZBEK)
    await phone.say("яблоки")
    await other.say("olma")
    await pause(bot, RUSSIAN, 120)  # her conversation went idle; nobody has texted since
    before = {c.id: c.segments for c in await conversations(bot)}
    await send(bot.app.sessions, "boss", "Сервис работает в праздники.", Target())
    await run_outbox(bot)
    assert bot.gateway.to(RUSSIAN)[-1] == "Сервис работает в праздники."
    after = {c.id: c.segments for c in await conversations(bot)}
    hers = (await number_row(bot, RUSSIAN)).conversation
    theirs = (await number_row(bot, UZBEK)).conversation
    assert after[hers] == before[hers]  # idle: not charged
    assert after[theirs] > before[theirs]  # open: the broadcast is part of it


async def test_ended_sms_conversations_are_kept_thirty_days_and_empty_ones_not_at_all(bot: Bot):
    from bot.retention import enforce_retention

    await bot.phone(TURKMEN).say("alma")
    await pause(bot, TURKMEN, 31)
    await bot.phone(TURKMEN).say("alma")  # the first ends, a second is open
    store = bot.channel.store
    await store.converse("+99365000001", dt.datetime.now(dt.UTC), dt.timedelta(minutes=30))
    await store.end("+99365000001")  # ended at 0 segments
    async with bot.app.sessions.begin() as session:
        for row in (await session.scalars(select(SmsConversation))).all():
            row.day = row.day - dt.timedelta(days=31)
    assert (await enforce_retention(bot.app.sessions))["sms_conversations"] == 2
    (left,) = await conversations(bot)
    assert not left.ended and left.id == (await number_row(bot, TURKMEN)).conversation


async def test_forget_deletes_the_numbers_row_and_her_open_conversation(bot: Bot):
    phone = bot.phone(RUSSIAN)
    await phone.say("яблоки")
    await pause(bot, RUSSIAN, 31)
    await phone.say("/forget")  # a second conversation, open when she says yes
    (earlier,) = [c for c in await conversations(bot) if c.ended]
    await phone.say(phone.number_of("Да", "Удал"))
    async with bot.app.sessions() as session:
        assert await session.get(SmsNumber, RUSSIAN) is None
    assert [c.id for c in await conversations(bot)] == [earlier.id]  # it knows no number
    async with bot.app.db.connect() as connection:  # every table, one added later too
        for table in Base.metadata.sorted_tables:
            for row in (await connection.execute(select(table))).mappings():
                values = json.dumps({k: str(v) for k, v in row.items()})
                assert RUSSIAN[1:] not in values, table.name


async def test_delivery_statuses_are_kept_thirty_days(bot: Bot):
    from bot.retention import enforce_retention

    await bot.phone(TURKMEN).say("alma")
    (sent,) = bot.gateway.sent
    await bot.gateway.status(sent.sid, "delivered")
    async with bot.app.sessions.begin() as session:
        row = (await session.scalars(select(SmsStatus))).one()
        row.updated_on = row.updated_on - dt.timedelta(days=31)
    assert (await enforce_retention(bot.app.sessions))["sms_statuses"] == 1


async def test_the_instant_of_her_last_sms_is_kept_a_day_at_most(bot: Bot):
    from bot.retention import enforce_retention

    await bot.phone(TURKMEN).say("alma")
    await pause(bot, TURKMEN, 25 * 60)  # no SMS from anyone since
    assert (await enforce_retention(bot.app.sessions))["sms_instants"] == 1
    async with bot.app.sessions() as session:
        row = await session.get(SmsNumber, TURKMEN)
    assert row.active_at is None and row.conversation is None
    assert [c.ended for c in await conversations(bot)] == [True]


# ---- the channel contract (bot/channels/contract.py) ---------------------------------------


def test_sms_is_found_by_the_registry_and_enabled_by_its_own_settings_only():
    from bot.channels.contract import discover

    spec = discover()["sms"]
    assert spec.mount and spec.outlet and spec.parse and spec.render
    assert set(spec.required) <= set(spec.settings) <= set(Settings.model_fields)
    assert spec.limits.numbered and spec.limits.segments_max == 3
    assert not spec.enabled(Settings(_env_file=None))
    assert spec.enabled(Settings(sms_account_sid=ACCOUNT, _env_file=None))


def test_the_specs_render_keeps_a_long_reply_within_three_segments():
    from bot.channels.contract import discover
    from handlers.events import Choice, Reply

    spec = discover()["sms"]
    reply = Reply("Фитосанитарный сертификат " * 80, (Choice("o:KZ", "Казахстан"),))
    (sms,) = spec.render([reply], 3)
    assert segments(sms.body) <= 3 and sms.pages_left
    assert spec.limits.measure(sms.body) <= spec.limits.text_max
    event = spec.parse({"from": TURKMEN, "body": "alma"}, 3)
    assert event is not None and event.value == "alma" and event.platform_lang == "tk"


async def test_at_the_border_in_russian_the_rights_card_is_one_sms_for_the_country_ahead(
    bot: Bot,
):
    phone = bot.phone(RUSSIAN)
    await phone.say("яблоки")
    await phone.say("да")
    await phone.say(phone.number_of("Кыргызстан"))
    await phone.say(phone.number_of("Казахстан"))  # from Kyrgyzstan to Kazakhstan
    await phone.say(phone.number_of("На границе"))
    await phone.say("1")
    (card,) = await phone.say(phone.number_of("Сохранить"))
    assert segments(card) <= 2, segments(card)
    lines = card.splitlines()
    assert lines[0] == "Права (Казахстан):"  # the officials she faces next: Kazakhstan's
    assert lines[1] == "Обжаловать решение (СУПТ ВТО ст. 4.1)"
    assert lines[2] == "Узнать причины (ст. 4.4)"
    assert lines[-1] == "1 Все права"  # the full card, one number away
    (full,) = await phone.say("1")
    assert full.startswith(bot.app.translator("ru", "keep-header")), full
    assert "(Соглашение ВТО об упрощении процедур торговли" in full  # full citations
    assert segments(full) <= 3


async def test_at_the_border_in_turkmen_she_picks_the_country_and_gets_its_card_in_gsm7(
    bot: Bot,
):
    phone = bot.phone(TURKMEN)
    await phone.say("/border")  # no route yet: the card asks whose officials she faces
    await phone.say("1")
    (which,) = await phone.say(phone.number_of("Saklamak"))
    assert "Türkmenistan" in which
    (card,) = await phone.say(phone.number_of("Türkmenistan"))
    assert count(card).encoding == Encoding.GSM7 and segments(card) <= 2, card
    assert card.splitlines() == [
        "Hukuklarynyz (Türkmenistan):",
        "Sikayat etmek, sebäbini soramak (Kioto konw. 10-njy bap)",
        "Barlagda bolmagy soramak (3-nji bap)",
        "Isiniz boyunca jogap almak (9-njy bap)",
        "Yokary gümrüge ya-da kazyyete sikayat (Gümrük kodeksi)",
        "1 Ähli hukuklar",
    ]
    pages = await phone.say("1")  # the full card, in pages of at most 3 segments
    while "dowam" in pages[-1].lower() and len(pages) < 10:
        pages += await phone.say(phone.number_of("dowam"))
    assert "Kioto konwensiyasy" in "\n".join(pages)


async def test_a_number_the_gateway_cannot_reach_is_marked_inactive(bot: Bot):
    from bot.models import User

    phone = bot.phone(RUSSIAN)
    await phone.say("яблоки")
    bot.gateway.fail_next(1, status=400, code=21610)  # unsubscribed at the carrier
    assert await phone.say("да") == []
    async with bot.app.sessions() as session:
        user = (await session.scalars(select(User).where(User.platform_id == RUSSIAN))).one()
    assert user.active is False


def test_a_gateway_error_keeps_no_number_for_the_logs():
    from bot.channels.sms_client import GatewayError

    error = GatewayError(400, 21211, "The 'To' number +99365123456 is not a valid phone number.")
    assert "99365123456" not in str(error) and "21211" in str(error)


# ---- notices and broadcasts (the outbox worker) ----------------------------------------------

BROADCAST = (
    "Уважаемые участники внешней торговли! Мы обновили справочник процедур: для каждого "
    "направления теперь указаны документы, которые проверяют на границе, и органы, которые "
    "их выдают. Перед отправкой груза откройте свой маршрут заново и сверьте список "
    "документов с тем, что у вас на руках. Если на посту от вас требуют то, чего нет в "
    "списке, спокойно попросите назвать акт, на основании которого это требуют, и сообщите "
    "нам о случае через меню, выбрав пункт «На границе». Ваши ответы помогают другим "
    "торговцам. Спасибо, что пользуетесь сервисом!"
)


async def run_outbox(bot: Bot) -> None:
    """The outbox worker's turn (`tradebot worker`): every queued message sent, by SMS."""
    async with contextlib.AsyncExitStack() as stack:
        senders, _ = build_senders(bot.app, set(), stack)
        worker = OutboxWorker(bot.app.sessions, senders, WorkerConfig(chat_interval_s=0.0))
        while await worker.drain_once():
            pass
        await worker.release_channels()  # the next run's worker may send too


async def at_the_answer(phone: Phone) -> str:
    await phone.say("яблоки")
    await phone.say("да")
    await phone.say(phone.number_of("Кыргызстан"))
    (answer,) = await phone.say(phone.number_of("Казахстан"))
    return answer


async def number_row(bot: Bot, number: str) -> SmsNumber | None:
    async with bot.app.sessions() as session:
        return await session.get(SmsNumber, number)


async def read_on(phone: Phone, more: str) -> list[str]:
    """Her 'more' after each page while one ends with it: the pages that came."""
    pages = []
    while phone.last().endswith(f"\n{more}") and len(pages) < 10:
        (page,) = await phone.say(more.split()[0])
        pages.append(page)
    return pages


def words_of(pages: list[str], more: str) -> list[str]:
    """What the pages say, without their 'more' lines and the ellipses of a cut."""
    text = " ".join(p.removesuffix(f"\n{more}").removesuffix("…") for p in pages)
    return text.split()


async def test_a_long_broadcast_reaches_her_page_by_page_then_her_numbers_are_hers_again(
    bot: Bot,
):
    from bot.web_admin.broadcasts import Target, send

    phone = bot.phone(RUSSIAN)
    answer = await at_the_answer(phone)  # '1' there is the answer's first step
    menu = (await number_row(bot, RUSSIAN)).menu
    await send(bot.app.sessions, "boss", BROADCAST, Target())
    await run_outbox(bot)
    first = phone.last()
    assert first != answer and first.startswith("Уважаемые участники внешней торговли!")
    assert count(first).encoding == Encoding.UCS2 and segments(first) == 3
    assert first.endswith("…\n1 дальше"), first  # no choices of its own: 'more' is 1
    row = await number_row(bot, RUSSIAN)
    assert row.pending["page"] == 1 and row.pending["replies"][0]["text"] == BROADCAST
    assert row.menu == menu  # her conversation's menu, as it was

    later = await read_on(phone, "1 дальше")  # '1' gives the broadcast's next page
    assert len(later) >= 2
    assert all(segments(p) <= 3 for p in later) and "дальше" not in later[-1]
    assert words_of([first, *later], "1 дальше") == BROADCAST.split()  # all of it, in order
    assert (await number_row(bot, RUSSIAN)).pending is None

    (step,) = await phone.say("1")  # the broadcast is over: '1' is the answer's step again
    assert step.startswith("1. "), step
    sent = sum(segments(b) for b in [first, *later])
    metrics = bot.app.metrics.render().decode()
    assert f'tradebot_sms_segments_total{{kind="notice"}} {float(sent)}' in metrics


async def test_her_answer_to_anything_else_drops_the_broadcasts_pages(bot: Bot):
    from bot.web_admin.broadcasts import Target, send

    phone = bot.phone(RUSSIAN)
    await at_the_answer(phone)
    await send(bot.app.sessions, "boss", BROADCAST, Target())
    await run_outbox(bot)
    assert phone.last().endswith("\n1 дальше")
    (other,) = await phone.say("груши")  # a new search: her conversation goes on
    assert "Уважаемые" not in other and (await number_row(bot, RUSSIAN)).pending is None
    (confirm,) = await phone.say("1")
    assert "Груш" in confirm or "груш" in confirm, confirm


async def test_a_long_measure_notice_is_paged_too(bot: Bot):
    from bot.measure_notices import send_measure_notices

    phone = bot.phone(RUSSIAN)
    await at_the_answer(phone)
    await phone.say(phone.number_of("Ещё"))
    (subscribed,) = await phone.say(phone.number_of("Подписаться"))
    assert subscribed.startswith("Я сообщу вам"), subscribed
    measure = {
        "id": "test-kz-import-apples",
        "country": "KZ",
        "direction": "import",
        "kind": "sanitary_ban",
        "hs_prefixes": ["0808"],
        "partners": ["KG"],
        "start": "2026-12-20",
        "text": {
            lang: f"TEST: ввоз свежих яблок из Кыргызстана в Казахстан временно ограничен "
            f"до завершения лабораторных проверок партий в пунктах пропуска ({lang})"
            for lang in ("kk", "ky", "tg", "tk", "uz", "ru", "en")
        },
        "act": {"title": "TEST act", "number": "T-2", "date": "2026-12-01"},
        "source": "wto-tfa",
        "verified": "2026-12-02",
    }
    files = await bot.app.knowledge.active_files()
    document = yaml.safe_load(files["measures.yaml"])
    document["measures"].append(measure)
    files["measures.yaml"] = yaml.safe_dump(document, allow_unicode=True)
    await bot.app.knowledge.import_texts(files, author="test", note="measure")
    knowledge = (await bot.app.knowledge.current()).knowledge
    day = dt.date(2026, 12, 2)
    assert await send_measure_notices(bot.app.sessions, knowledge, bot.app.translator, day) == 1
    await run_outbox(bot)

    first = phone.last()
    assert first.startswith("Временная мера на вашем направлении"), first
    assert first.endswith("\n1 дальше") and segments(first) == 3
    later = await read_on(phone, "1 дальше")
    assert later and "Отключить такие сообщения: /subscriptions." in later[-1]
    assert (await number_row(bot, RUSSIAN)).pending is None


async def test_forget_deletes_a_broadcasts_pages_left_with_her_number(bot: Bot):
    from bot.web_admin.broadcasts import Target, send

    phone = bot.phone(RUSSIAN)
    await phone.say("/forget")
    await send(bot.app.sessions, "boss", BROADCAST, Target())
    await run_outbox(bot)
    assert phone.last().endswith("\n1 дальше")  # '1' is the broadcast's 'more' now
    assert (await number_row(bot, RUSSIAN)).pending is not None
    await phone.say("Да, удалить")  # her conversation's choice, by its words
    assert await number_row(bot, RUSSIAN) is None
    async with bot.app.db.connect() as connection:  # every table, one added later too
        for table in Base.metadata.sorted_tables:
            for row in (await connection.execute(select(table))).mappings():
                values = json.dumps({k: str(v) for k, v in row.items()}, ensure_ascii=False)
                assert RUSSIAN[1:] not in values, table.name
                if table.name != "broadcasts":  # the admin's own record of what she sent
                    assert BROADCAST[:40] not in values, table.name


async def test_a_one_page_notice_leaves_the_pages_left_of_a_long_one(bot: Bot):
    from bot.web_admin.broadcasts import Target, send

    phone = bot.phone(RUSSIAN)
    await at_the_answer(phone)
    await send(bot.app.sessions, "boss", BROADCAST, Target())
    await run_outbox(bot)
    first = phone.last()
    assert first.endswith("\n1 дальше")
    await send(bot.app.sessions, "boss", "Сервис работает в праздники.", Target())
    await run_outbox(bot)
    assert phone.last() == "Сервис работает в праздники."  # one SMS, no 'more'
    assert (await number_row(bot, RUSSIAN)).pending["page"] == 1
    (second,) = await phone.say("1")  # '1' still gives the long one's next page
    later = await read_on(phone, "1 дальше")
    assert words_of([first, second, *later], "1 дальше") == BROADCAST.split()


async def resend_what_is_left(bot: Bot) -> None:
    """Recovery's pass over the SMS replies the gateway did not take, as if after the pause."""
    from bot.models import Outbox

    async with bot.app.sessions.begin() as session:
        for row in (await session.scalars(select(Outbox).where(Outbox.kind == "reply"))).all():
            row.available_at = row.available_at - dt.timedelta(minutes=10)
    for queued in await bot.app.inbox.claim_replies(["sms"]):
        await bot.channel.resend(queued)


async def test_a_notice_page_the_gateway_refused_is_sent_again_once_and_in_order(bot: Bot):
    from bot.web_admin.broadcasts import Target, send

    phone = bot.phone(RUSSIAN)
    await at_the_answer(phone)
    await send(bot.app.sessions, "boss", BROADCAST, Target())
    await run_outbox(bot)
    first = phone.last()
    bot.gateway.fail_next(1, status=500)  # retried by the client...
    bot.gateway.fail_next(3, status=500)  # ... until it gives up: queued for Recovery
    assert await phone.say("1") == []
    assert (await number_row(bot, RUSSIAN)).pending["page"] == 2  # moved on when queued
    (third,) = await phone.say("1")  # her next 'more': the page after the one queued
    await resend_what_is_left(bot)  # Recovery: the refused page, once
    second = phone.last()
    assert second != third and not second.startswith(first[:20])
    later = await read_on(phone, "1 дальше") if third.endswith("\n1 дальше") else []
    assert words_of([first, second, third, *later], "1 дальше") == BROADCAST.split()
    assert (await number_row(bot, RUSSIAN)).pending is None
    await resend_what_is_left(bot)  # nothing left to send, nothing written back
    assert (await number_row(bot, RUSSIAN)).pending is None
    sent = bot.gateway.to(RUSSIAN)
    assert len(sent) == len(set(sent))  # no page twice


async def test_a_broadcast_sent_after_her_forget_is_not_sent_and_writes_nothing(bot: Bot):
    from bot.models import Outbox
    from bot.web_admin.broadcasts import Target, send

    phone = bot.phone(RUSSIAN)
    await phone.say("/forget")
    await send(bot.app.sessions, "boss", BROADCAST, Target())  # queued for her while known
    before = len(bot.gateway.to(RUSSIAN))
    async with contextlib.AsyncExitStack() as stack:
        senders, _ = build_senders(bot.app, set(), stack)
        worker = OutboxWorker(bot.app.sessions, senders, WorkerConfig(chat_interval_s=0.0))
        (row,) = await worker.claim(await worker.hold_channels())  # the worker took it...
        assert isinstance(row, Outbox)
        await phone.say(phone.number_of("Да", "Удал"))  # ... then her /forget committed
        await worker.send_one(row)
        await worker.release_channels()
    assert len(bot.gateway.to(RUSSIAN)) == before + 1  # her confirmation only
    assert await number_row(bot, RUSSIAN) is None
    async with bot.app.db.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in (await connection.execute(select(table))).mappings():
                values = json.dumps({k: str(v) for k, v in row.items()}, ensure_ascii=False)
                if table.name in ("broadcasts", "outbox"):
                    continue
                assert RUSSIAN[1:] not in values, table.name
                assert BROADCAST[:40] not in values, table.name


async def test_stop_drops_a_broadcasts_pages_left(bot: Bot):
    from bot.web_admin.broadcasts import Target, send

    phone = bot.phone(RUSSIAN)
    await at_the_answer(phone)
    await send(bot.app.sessions, "boss", BROADCAST, Target())
    await run_outbox(bot)
    assert (await number_row(bot, RUSSIAN)).pending is not None
    await phone.say("стоп")
    assert (await number_row(bot, RUSSIAN)).pending is None
    (welcome,) = await phone.say("старт")
    assert "Уважаемые" not in welcome


async def test_a_broadcasts_pages_left_are_kept_a_day_at_most(bot: Bot):
    from bot.retention import enforce_retention
    from bot.web_admin.broadcasts import Target, send

    phone = bot.phone(RUSSIAN)
    await at_the_answer(phone)
    await send(bot.app.sessions, "boss", BROADCAST, Target())
    await run_outbox(bot)
    assert (await enforce_retention(bot.app.sessions))["sms_pending"] == 0  # just sent
    async with bot.app.sessions.begin() as session:  # as if sent 25 hours ago
        row = await session.get(SmsNumber, RUSSIAN)
        at = dt.datetime.fromisoformat(row.pending["at"]) - dt.timedelta(hours=25)
        row.pending = {**row.pending, "at": at.isoformat()}
    assert (await enforce_retention(bot.app.sessions))["sms_pending"] == 1
    assert (await number_row(bot, RUSSIAN)).pending is None
    (step,) = await phone.say("1")  # '1' is her answer's first step again
    assert step.startswith("1. "), step


async def test_retention_locks_number_rows_before_conversation_rows(bot: Bot):
    """In the order `spend` takes them (number, then conversation): no deadlock between the
    hourly retention and a send on PostgreSQL."""
    from sqlalchemy import event

    from bot.retention import enforce_retention

    await bot.phone(TURKMEN).say("alma")
    await pause(bot, TURKMEN, 25 * 60)
    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(" ".join(statement.split()).lower())

    engine = bot.app.db.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert (await enforce_retention(bot.app.sessions))["sms_instants"] == 1
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    touching = [s for s in statements if "sms_numbers" in s or "sms_conversations" in s]
    first = touching[0]
    assert first.startswith("select") and "from sms_numbers" in first, touching
    if bot.app.db.dialect.name == "postgresql":
        assert first.endswith("for update"), first
    assert any(s.startswith("update sms_conversations") for s in touching[1:]), touching


async def test_after_the_short_card_the_screen_she_was_at_still_answers_to_its_words(bot: Bot):
    phone = bot.phone(RUSSIAN)
    await at_the_answer(phone)
    await phone.say(phone.number_of("На границе"))
    await phone.say("1")
    report = phone.number_of("Сообщить")  # on the screen she is at
    (card,) = await phone.say(phone.number_of("Сохранить"))
    assert card.splitlines()[-1] == "1 Все права" and "Сообщить" not in card
    (asked,) = await phone.say(report)  # that screen's number, though the card showed none
    assert asked.startswith("Сообщение анонимное"), asked
    await phone.say("0")  # back at that screen
    (card,) = await phone.say(phone.number_of("Сохранить"))
    (asked,) = await phone.say("сообщить о случае")  # its words, as she reads them there
    assert asked.startswith("Сообщение анонимное"), asked
    await phone.say("0")
    (card,) = await phone.say(phone.number_of("Сохранить"))
    (full,) = await phone.say("1")  # and the card's own '1' is the full card
    assert full.startswith(bot.app.translator("ru", "keep-header")), full
