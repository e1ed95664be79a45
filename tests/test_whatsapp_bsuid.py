"""WhatsApp traders without a phone number: business-scoped user IDs (BSUID), issue 21.

Webhooks in the shapes of Meta's 'Business-scoped user IDs' page and its webhook
references (2026), built by tests/fake_graph.py: a sender is `from` (phone, may be absent)
and `from_user_id` (BSUID), repeated in `contacts[]` as `wa_id` and `user_id`; an id change
is a system message (`user_changed_user_id`, `user_changed_number`); a send to a BSUID
names it in `recipient` instead of `to`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text

from bot.bootstrap import App, start_app
from bot.channels.whatsapp_identity import (
    Identity,
    id_change,
    recipient_fields,
    sender_of,
)
from bot.db import downgrade, migrate
from bot.i18n import Translator
from bot.models import Broadcast, Conversation, InboxItem, Outbox, Subscription, User
from bot.outbox import enqueue, enqueue_to_active_users
from bot.settings import Settings
from handlers.events import Reply, UserRef
from tests.fake_graph import (
    FakeGraph,
    contact,
    messages_webhook,
    text_message,
    user_changed_number,
    user_changed_user_id,
)
from tests.test_privacy import rows_about_her
from tests.test_whatsapp import PHONE_ID, Webhook, start
from tests.test_whatsapp_admin import drain_outbox

PHONE = "996555123456"  # her phone number (Kyrgyzstan)
BSUID = "KG.1502576394655843"  # her business-scoped user ID
NEW_BSUID = "KG.9988776655443322"
NEW_PHONE = "996700654321"
OTHER_PHONE = "1502576394655843"  # someone else's number: the digits of her BSUID


# ---- reading Meta's shapes: pure ------------------------------------------------------------


def test_a_sender_is_read_from_the_message_and_completed_from_contacts():
    both = text_message("wamid.1", "salom", phone=PHONE, bsuid=BSUID)
    assert sender_of(both) == Identity(BSUID, PHONE)
    only_phone_on_message = text_message("wamid.2", "salom", phone=PHONE)
    assert sender_of(only_phone_on_message, [contact(phone=PHONE, bsuid=BSUID)]) == Identity(
        BSUID, PHONE
    )
    username = text_message("wamid.3", "salom", bsuid=BSUID)
    assert sender_of(username, [contact(bsuid=BSUID, username="gulnara")]) == Identity(BSUID)
    # A contact that names someone else is not hers.
    assert sender_of(only_phone_on_message, [contact(phone=OTHER_PHONE, bsuid=NEW_BSUID)]) == (
        Identity(None, PHONE)
    )
    assert sender_of({"id": "wamid.4", "type": "text"}) is None
    assert sender_of(text_message("wamid.5", "x", bsuid="not a bsuid")) is None


def test_a_bsuid_is_written_to_in_recipient_and_a_phone_number_in_to():
    assert recipient_fields(BSUID) == {"recipient": BSUID}
    assert recipient_fields(PHONE) == {"to": PHONE}


def test_id_changes_are_read_from_system_messages():
    changed = id_change(user_changed_user_id("wamid.s1", BSUID, NEW_BSUID))
    assert changed is not None
    assert (changed.before, changed.after) == (Identity(BSUID), Identity(NEW_BSUID))
    number = id_change(user_changed_number("wamid.s2", PHONE, NEW_PHONE, BSUID, NEW_BSUID))
    assert number is not None
    assert (number.before, number.after) == (
        Identity(BSUID, PHONE),
        Identity(NEW_BSUID, NEW_PHONE),
    )
    assert id_change(text_message("wamid.s3", "x", phone=PHONE)) is None


# ---- over real HTTP ---------------------------------------------------------------------------


@pytest.fixture
async def hook(app: App, graph: FakeGraph) -> AsyncIterator[Webhook]:
    webhook, runner = await start(app, graph)
    try:
        yield webhook
    finally:
        await webhook.http.aclose()
        await runner.cleanup()


async def say(
    hook: Webhook, body: str, *, phone: str | None = None, bsuid: str | None = None
) -> list[dict[str, Any]]:
    """She writes; the contact entry carries the same ids as the message (Meta's shape)."""
    hook.graph.clear()
    message = text_message(hook.next_id(), body, phone=phone, bsuid=bsuid)
    payload = messages_webhook(PHONE_ID, [message], [contact(phone=phone, bsuid=bsuid)])
    assert (await hook.post(payload)).status_code == 200
    hook.answer = hook.graph.messages
    return hook.answer


async def tap(
    hook: Webhook, choice: str, *, phone: str | None = None, bsuid: str | None = None
) -> None:
    reply_id, kind = hook.offered()[choice]
    hook.graph.clear()
    message = text_message(hook.next_id(), "", phone=phone, bsuid=bsuid)
    del message["text"]
    message.update(type="interactive", interactive={"type": kind, kind: {"id": reply_id}})
    payload = messages_webhook(PHONE_ID, [message], [contact(phone=phone, bsuid=bsuid)])
    assert (await hook.post(payload)).status_code == 200
    hook.answer = hook.graph.messages


async def whatsapp_users(app: App) -> list[tuple[str, str | None, str | None]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(User.platform_id, User.phone, User.language)
            .where(User.channel == "whatsapp")
            .order_by(User.id)
        )
    return [tuple(row) for row in rows.all()]  # type: ignore[misc]


async def count(app: App, model: type) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_a_message_with_her_bsuid_and_phone_is_answered_at_the_phone(app: App, hook: Webhook):
    await say(hook, "Salom", phone=PHONE, bsuid=BSUID)
    assert hook.answer and {"lang:uz", "lang:ru"} <= set(hook.offered())
    assert set(hook.graph.addressed) == {("to", PHONE)}
    assert await whatsapp_users(app) == [(BSUID, PHONE, None)]


async def test_a_trader_without_a_phone_number_is_answered_by_her_bsuid(app: App, hook: Webhook):
    await say(hook, "Здравствуйте", bsuid=BSUID)
    await tap(hook, "lang:ru", bsuid=BSUID)
    assert app.translator("ru", "product-prompt") in hook.texts()
    assert set(hook.graph.addressed) == {("recipient", BSUID)}
    assert all("to" not in message for message in hook.graph.messages)
    assert await whatsapp_users(app) == [(BSUID, None, "ru")]


async def test_the_same_trader_by_phone_then_by_bsuid_is_one_user_in_one_conversation(
    app: App, hook: Webhook
):
    await say(hook, "Здравствуйте", phone=PHONE)  # before Meta added BSUIDs
    await tap(hook, "lang:ru", phone=PHONE)
    await say(hook, "курага", phone=PHONE, bsuid=BSUID)
    assert any(choice.startswith("c:0813") for choice in hook.offered())  # still in Russian
    assert app.translator("ru", "product-prompt") not in hook.texts()
    await tap(hook, next(c for c in hook.offered() if c.startswith("c:0813")), bsuid=BSUID)
    assert "o:KG" in hook.offered()  # the same conversation: where the goods go from
    assert set(hook.graph.addressed) == {("to", PHONE)}  # her phone number is known
    assert await whatsapp_users(app) == [(BSUID, PHONE, "ru")]
    assert await count(app, Conversation) == 1


async def test_the_same_trader_by_bsuid_then_with_her_phone_is_one_user(app: App, hook: Webhook):
    await say(hook, "Здравствуйте", bsuid=BSUID)
    await tap(hook, "lang:ru", bsuid=BSUID)
    await say(hook, "курага", phone=PHONE, bsuid=BSUID)
    assert any(choice.startswith("c:0813") for choice in hook.offered())
    assert set(hook.graph.addressed) == {("to", PHONE)}
    assert await whatsapp_users(app) == [(BSUID, PHONE, "ru")]
    await say(hook, "/start", phone=PHONE)  # and by phone alone: still her
    assert await whatsapp_users(app) == [(BSUID, PHONE, "ru")]
    assert await count(app, Conversation) == 1


async def test_her_two_rows_become_one_when_a_message_names_both_ids(app: App, hook: Webhook):
    """She wrote once by BSUID alone and once by phone alone (two rows); a message with
    both joins them: the BSUID's conversation stays, both subscriptions are hers."""
    await say(hook, "Здравствуйте", bsuid=BSUID)
    await tap(hook, "lang:ru", bsuid=BSUID)
    await say(hook, "Salom", phone=PHONE)
    await tap(hook, "lang:uz", phone=PHONE)
    async with app.sessions.begin() as session:
        ids = dict((await session.execute(select(User.platform_id, User.id))).all())
        for key, destination in ((BSUID, "KZ"), (PHONE, "KZ"), (PHONE, "UZ")):
            await session.execute(
                insert(Subscription).values(
                    user_id=ids[key], hs="0813.10", origin="KG", destination=destination
                )
            )
    await say(hook, "курага", phone=PHONE, bsuid=BSUID)
    assert await whatsapp_users(app) == [(BSUID, PHONE, "ru")]
    assert await count(app, Conversation) == 1
    async with app.sessions() as session:
        kept = (await session.execute(select(Subscription.user_id, Subscription.destination))).all()
    assert sorted(kept) == [(ids[BSUID], "KZ"), (ids[BSUID], "UZ")]


async def test_after_her_bsuid_changes_she_is_still_the_same_trader(app: App, hook: Webhook):
    await say(hook, "Здравствуйте", bsuid=BSUID)
    await tap(hook, "lang:ru", bsuid=BSUID)
    hook.graph.clear()
    change = user_changed_user_id(hook.next_id(), BSUID, NEW_BSUID)
    assert (await hook.post(messages_webhook(PHONE_ID, [change]))).status_code == 200
    assert hook.graph.messages == []  # nothing to answer
    assert await whatsapp_users(app) == [(NEW_BSUID, None, "ru")]
    await say(hook, "курага", bsuid=NEW_BSUID)
    assert any(choice.startswith("c:0813") for choice in hook.offered())
    assert set(hook.graph.addressed) == {("recipient", NEW_BSUID)}
    assert await count(app, Conversation) == 1


async def test_after_her_phone_number_changes_she_is_still_the_same_trader(app: App, hook: Webhook):
    await say(hook, "Здравствуйте", phone=PHONE, bsuid=BSUID)
    await tap(hook, "lang:ru", phone=PHONE, bsuid=BSUID)
    change = user_changed_number(hook.next_id(), PHONE, NEW_PHONE, BSUID, NEW_BSUID)
    assert (await hook.post(messages_webhook(PHONE_ID, [change]))).status_code == 200
    assert await whatsapp_users(app) == [(NEW_BSUID, NEW_PHONE, "ru")]
    await say(hook, "курага", bsuid=NEW_BSUID)
    assert set(hook.graph.addressed) == {("to", NEW_PHONE)}
    assert any(choice.startswith("c:0813") for choice in hook.offered())


async def test_a_broadcast_reaches_traders_by_phone_and_by_bsuid(app: App, hook: Webhook):
    await say(hook, "/start", phone="998901110001")  # known by phone only
    await say(hook, "/start", phone=PHONE, bsuid=BSUID)  # both
    await say(hook, "/start", bsuid=NEW_BSUID)  # a username, no phone number
    async with app.sessions.begin() as session:
        broadcast = Broadcast(admin="whatsapp:998909876543", text="Korday is open")
        session.add(broadcast)
        await session.flush()
        news = [Reply("Korday is open")]
        assert await enqueue_to_active_users(session, "broadcast", news, broadcast.id) == 3
    hook.graph.clear()
    await drain_outbox(app)
    assert sorted(hook.graph.addressed) == [
        ("recipient", NEW_BSUID),
        ("to", PHONE),
        ("to", "998901110001"),
    ]
    assert {m["text"]["body"] for m in hook.graph.messages} == {"Korday is open"}


async def test_outside_the_24_hour_window_the_template_goes_to_her_bsuid(app: App, hook: Webhook):
    await say(hook, "Здравствуйте", bsuid=BSUID)
    await tap(hook, "lang:ru", bsuid=BSUID)
    async with app.sessions.begin() as session:
        enqueue(session, UserRef("whatsapp", BSUID), "notice", [Reply("Rules changed")])
    hook.graph.clear()
    hook.graph.fail_next(1, status=400, error_code=131047)
    await drain_outbox(app)
    (template,) = hook.graph.messages
    assert template["type"] == "template" and template["recipient"] == BSUID
    assert "to" not in template and template["template"]["language"] == {"code": "ru"}


async def test_forget_leaves_nothing_of_a_trader_known_only_by_bsuid(app: App, hook: Webhook):
    await say(hook, "Здравствуйте", bsuid=BSUID)
    await tap(hook, "lang:ru", bsuid=BSUID)
    await say(hook, "курага", bsuid=BSUID)
    await tap(hook, next(c for c in hook.offered() if c.startswith("c:0813")), bsuid=BSUID)
    await tap(hook, "o:KG", bsuid=BSUID)
    await tap(hook, "d:KZ", bsuid=BSUID)
    await tap(hook, "acts", bsuid=BSUID)
    await tap(hook, "sub", bsuid=BSUID)
    async with app.sessions.begin() as session:
        user_id = await session.scalar(select(User.id).where(User.platform_id == BSUID))
        session.add(Outbox(channel="whatsapp", platform_id=BSUID, kind="notice", payload={}))
    needles = [BSUID, app.inbox.sender_key(UserRef("whatsapp", BSUID))]
    before = await rows_about_her(app, user_id, needles)
    assert {"users", "conversations", "subscriptions", "outbox"} <= set(before), before

    await say(hook, "/forget", bsuid=BSUID)
    await tap(hook, "forget:yes", bsuid=BSUID)
    assert app.translator("ru", "forget-done") in hook.texts()
    assert set(hook.graph.addressed) == {("recipient", BSUID)}
    assert await rows_about_her(app, user_id, needles) == {}


async def test_a_pending_message_keeps_only_a_keyed_hash_of_her_bsuid(app: App, hook: Webhook):
    """While it waits, the inbox orders her messages by a keyed hash of her BSUID; once
    handled, nothing of it stays but the hash of the message id."""
    channel = hook.channel
    message = text_message("wamid.pending1", "salom", bsuid=BSUID)
    entries, _ = channel.messages_of(messages_webhook(PHONE_ID, [message]))
    (item,) = await app.inbox.accept("whatsapp", entries)
    async with app.sessions() as session:
        (row,) = (await session.scalars(select(InboxItem))).all()
    assert row.sender == app.inbox.sender_key(UserRef("whatsapp", BSUID)) != BSUID
    assert row.key == app.inbox.key("whatsapp", "wamid.pending1")
    await channel.handle(item)
    async with app.sessions() as session:
        (row,) = (await session.scalars(select(InboxItem))).all()
    assert row.done and row.sender is None and row.payload is None
    assert await rows_about_her(app, -1, [BSUID]) == {"users": 1}


async def test_a_message_naming_no_sender_is_warned_about_by_type_and_counted(
    app: App, hook: Webhook, caplog: pytest.LogCaptureFixture
):
    secret = "my cousin's permit number 12345"
    nobody = text_message("wamid.nobody", secret)
    with caplog.at_level(logging.WARNING, logger="bot.channels.whatsapp"):
        response = await hook.post(messages_webhook(PHONE_ID, [nobody]))
    assert response.status_code == 200
    assert hook.graph.requests == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("type text" in w and "no sender" in w for w in warnings), warnings
    assert not any(secret in w or "wamid.nobody" in w for w in warnings)
    metrics = (await hook.http.get(hook.url.replace("/webhooks/whatsapp", "/metrics"))).text
    assert 'tradebot_unattributed_messages_total{channel="whatsapp",type="text"} 1.0' in metrics
    assert await count(app, InboxItem) == 0


# ---- admins --------------------------------------------------------------------------------


@pytest.fixture
async def admins_app(sqlite_url: str, translator: Translator) -> AsyncIterator[App]:
    """One admin named by BSUID, one by phone number."""
    settings = Settings(
        database_url=sqlite_url, admin_ids=f"whatsapp:{BSUID},whatsapp:{PHONE}", _env_file=None
    )
    built = await start_app(settings, translator)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def admins_hook(admins_app: App, graph: FakeGraph) -> AsyncIterator[Webhook]:
    webhook, runner = await start(admins_app, graph)
    try:
        yield webhook
    finally:
        await webhook.http.aclose()
        await runner.cleanup()


async def is_admin_menu(app: App, hook: Webhook) -> bool:
    return "adm:stats" in hook.offered()


async def test_an_admin_named_by_bsuid_or_phone_is_an_admin_by_either_and_nobody_else(
    admins_app: App, admins_hook: Webhook
):
    app, hook = admins_app, admins_hook
    await say(hook, "/admin", bsuid=BSUID)  # named by her BSUID, no phone number
    assert await is_admin_menu(app, hook)
    await say(hook, "/admin", phone=OTHER_PHONE)  # the BSUID's digits: someone else's phone
    assert not await is_admin_menu(app, hook)
    await say(hook, "/admin", phone=PHONE, bsuid=NEW_BSUID)  # named by phone, here with both
    assert await is_admin_menu(app, hook)
    await say(hook, "/admin", bsuid=NEW_BSUID)  # and later by BSUID alone: her row has it
    assert await is_admin_menu(app, hook)
    await say(hook, "/admin", phone=NEW_PHONE, bsuid="KG.5555555555")  # a trader
    assert not await is_admin_menu(app, hook)
    assert app.admin.name_of(UserRef("whatsapp", NEW_BSUID, PHONE)) == f"whatsapp:{PHONE}"


# ---- the migration ------------------------------------------------------------------------------


async def test_the_migration_keeps_existing_traders_and_their_next_bsuid_finds_them(
    app: App, hook: Webhook
):
    await downgrade(app.db, "0005_issue14")
    async with app.db.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO users (id, channel, platform_id, language, first_seen, last_seen, "
                "active) VALUES (41, 'whatsapp', :phone, 'ky', :day, :day, :yes), "
                "(42, 'telegram', '7712345601', 'ru', :day, :day, :yes)"
            ),
            {"phone": PHONE, "day": dt.datetime(2026, 11, 30, tzinfo=dt.UTC), "yes": True},
        )
    await migrate(app.db)
    assert await whatsapp_users(app) == [(PHONE, PHONE, "ky")]
    async with app.sessions() as session:
        assert await session.scalar(select(User.phone).where(User.id == 42)) is None
    await say(hook, "/start", phone=PHONE, bsuid=BSUID)
    assert [row[:2] for row in await whatsapp_users(app)] == [(BSUID, PHONE)]
    async with app.sessions() as session:
        assert await session.scalar(select(User.id).where(User.platform_id == BSUID)) == 41


async def test_a_failed_send_to_her_bsuid_marks_her_inactive(app: App, hook: Webhook):
    await say(hook, "/start", bsuid=BSUID)
    failed = {
        "id": "wamid.out9",
        "status": "failed",
        "timestamp": "1780000000",
        "recipient_user_id": BSUID,
        "errors": [{"code": 131026, "title": "Message undeliverable"}],
    }
    payload = messages_webhook(PHONE_ID, [])
    payload["entry"][0]["changes"][0]["value"]["statuses"] = [failed]
    del payload["entry"][0]["changes"][0]["value"]["messages"]
    assert (await hook.post(payload)).status_code == 200
    async with app.sessions() as session:
        assert await session.scalar(select(User.active).where(User.platform_id == BSUID)) is False


async def test_a_price_reporter_may_be_appointed_by_bsuid_and_found_by_either_id(app: App):
    from bot.models import PriceReporter
    from bot.prices import is_reporter, reporter_key

    assert reporter_key(f"whatsapp:{BSUID}") == f"whatsapp:{BSUID}"
    assert reporter_key("whatsapp:KG.not-a-bsuid!") is None
    async with app.sessions.begin() as session:
        session.add(PriceReporter(key=f"whatsapp:{PHONE}", added_by="whatsapp:998909876543"))
    async with app.sessions() as session:
        assert await is_reporter(session, UserRef("whatsapp", BSUID, PHONE))
        assert not await is_reporter(session, UserRef("whatsapp", BSUID))
        assert not await is_reporter(session, UserRef("whatsapp", OTHER_PHONE))
