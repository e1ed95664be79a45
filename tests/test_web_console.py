"""The admins' web console in a real browser: Playwright drives Debian's chromium headless
against `tradebot serve`'s web app on 127.0.0.1, backed by a real SQLite database.

On a failure, a screenshot of every open page is kept in test-artifacts/ (TEST_ARTIFACTS_DIR).
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer
from pydantic import SecretStr
from sqlalchemy import func, select, update

from bot.bootstrap import App, start_app
from bot.channels.telegram_outbox import telegram_sender
from bot.i18n import Translator
from bot.models import (
    KnowledgeDraft,
    Outbox,
    QueryLog,
    Subscription,
    User,
    WebLoginToken,
    WebSession,
    utcnow,
)
from bot.outbox import payload_replies
from bot.settings import Settings
from bot.web import create_web_app
from bot.web_admin.auth import create_login_token
from handlers.events import Event, UserRef
from tests.fake_telegram import FakeTelegram

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (.ci/run installs it)",
    ),
]
ADMIN = UserRef("telegram", "700001")
MARKUP = '<script>window.pwned = 1</script><b>bold</b> & <img src=x onerror="window.pwned=2">'
FLOW = ("0101", "KG", "KZ")  # horses, Kyrgyzstan to Kazakhstan: its step 6 is cross-cmr
STEP = "cross-cmr"
GAP_WORDS = "зымбырдак"


@dataclass
class Console:
    app: App
    url: str

    def at(self, path: str) -> str:
        return self.url + path


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        await chromium.close()


@pytest_asyncio.fixture(loop_scope="module")
async def console(tmp_path: Path, translator: Translator) -> AsyncIterator[Console]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'tradebot.db'}",
        admin_ids=f"{ADMIN.channel}:{ADMIN.platform_id}",
        _env_file=None,
    )
    app = await start_app(settings, translator)
    await app.knowledge.current()
    server = TestServer(await create_web_app(app), host="127.0.0.1")
    await server.start_server()
    yield Console(app, str(server.make_url("")).rstrip("/"))
    await server.close()
    await app.close()


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser, request: pytest.FixtureRequest) -> AsyncIterator[object]:
    # CSP is bypassed so that only escaping stands between admin text and a running script.
    context = await browser.new_context(viewport={"width": 412, "height": 900}, bypass_csp=True)
    page = await context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = Path(os.environ.get("TEST_ARTIFACTS_DIR", "test-artifacts"))
        folder.mkdir(parents=True, exist_ok=True)
        for number, open_page in enumerate(context.pages):
            name = f"{request.node.name}-{number}.png"
            await open_page.screenshot(path=str(folder / name), full_page=True)
    await context.close()


async def login_link(console: Console, lang: str = "en") -> str:
    """What /web answers an admin in chat, as a path on the test server."""
    outcome = await console.app.engine.handle(Event.command(ADMIN, "web", lang))
    link = re.search(r"https?://\S+", outcome.replies[0].text)
    assert link is not None, outcome.replies[0].text
    return "/admin/" + link.group(0).split("/admin/", 1)[1]


async def sign_in(page, console: Console, lang: str = "en") -> None:
    await page.goto(console.at(await login_link(console, lang)))
    await page.click("#sign-in")
    await page.wait_for_url(console.at("/admin/"))


async def add_trader(app: App, number: str, lang: str, follows: tuple[str, str, str] | None):
    async with app.sessions.begin() as session:
        user = User(channel="telegram", platform_id=number, language=lang)
        session.add(user)
        await session.flush()
        if follows:
            hs, origin, destination = follows
            session.add(
                Subscription(user_id=user.id, hs=hs, origin=origin, destination=destination)
            )


async def outbox_rows(app: App, kind: str) -> list[Outbox]:
    async with app.sessions() as session:
        return list(await session.scalars(select(Outbox).where(Outbox.kind == kind)))


async def delivered_by_telegram(app: App, rows: list[Outbox]) -> list[tuple[str, str]]:
    """Send outbox rows through the worker's Telegram sender to a fake Bot API: (text, mode)."""
    fake = await FakeTelegram().start()
    try:
        app.settings = app.settings.model_copy(
            update={"telegram_token": SecretStr("123:ABC"), "telegram_api_url": fake.url}
        )
        sender, _status, close = telegram_sender(app, app.store)
        for row in rows:
            await sender.deliver(
                UserRef(row.channel, row.platform_id), payload_replies(row.payload), 1
            )
        await close()
        return [(c.params["text"], c.params.get("parse_mode")) for c in fake.of("sendMessage")]
    finally:
        await fake.stop()


async def ky_text(app: App, step: str) -> str:
    knowledge = (await app.knowledge.current()).knowledge
    return next(r for r in knowledge.requirements if r.id == step).text.get("ky")


async def drafts(app: App) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(KnowledgeDraft)) or 0


# ---- access -----------------------------------------------------------------------------

PAGES = [
    "/admin/",
    "/admin/knowledge",
    "/admin/knowledge?section=commodities&q=apple",
    f"/admin/knowledge/requirements/{STEP}",
    "/admin/preview?hs=0101&origin=KG&to=KZ&lang=ky",
    "/admin/publish",
    "/admin/gaps",
    "/admin/broadcasts",
    "/admin/audit",
]
ACTIONS = [
    "/admin/publish",
    "/admin/discard",
    "/admin/rollback/1",
    "/admin/gaps/synonym",
    "/admin/broadcasts/preview",
    "/admin/broadcasts/send",
    f"/admin/knowledge/requirements/{STEP}",
    "/admin/language",
    "/admin/logout",
]


async def test_an_admin_signs_in_by_the_link_sees_every_page_and_signs_out(page, console):
    link = await login_link(console)
    await page.goto(console.at(link))
    await page.click("#sign-in")
    await page.wait_for_url(console.at("/admin/"))
    cookie = next(c for c in await page.context.cookies() if c["name"] == "tradebot_admin")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/admin"
    assert await page.locator("svg").count() >= 8  # the dashboard's charts
    for path in PAGES:
        response = await page.goto(console.at(path))
        assert response.status == 200, path
        assert await page.locator("#login").count() == 0, path
        # readable on a phone: nothing wider than its screen (412 px)
        assert await page.evaluate("document.documentElement.scrollWidth") <= 412, path
    await page.click("text=Sign out")
    await page.wait_for_url(console.at("/admin/login"))
    response = await page.goto(console.at("/admin/"))
    assert response.status == 401 and await page.locator("#login").is_visible()
    # the same link a second time: refused
    await page.goto(console.at(link))
    async with page.expect_response(lambda r: r.request.method == "POST") as answer:
        await page.click("#sign-in")
    assert (await answer.value).status == 403
    assert "already used" in await page.inner_text("#login")
    async with console.app.sessions() as session:
        left = await session.scalar(select(func.count()).select_from(WebSession))
    assert left == 0  # signed out: the session row is gone


async def test_an_anonymous_browser_is_refused_everywhere(page, console):
    for path in PAGES:
        response = await page.goto(console.at(path))
        assert response.status == 401, path
        assert await page.locator("#login").is_visible(), path
        assert STEP not in await page.content(), path
    for path in ACTIONS:
        response = await page.request.post(console.at(path), form={"csrf": "x", "text": "hi"})
        assert response.status == 401, path
    assert await drafts(console.app) == 0
    assert await outbox_rows(console.app, "broadcast") == []


async def test_expired_sessions_and_links_and_altered_cookies_are_refused(page, console):
    await sign_in(page, console)
    async with console.app.sessions.begin() as session:
        await session.execute(update(WebSession).values(expires_at=utcnow()))
    response = await page.goto(console.at("/admin/"))
    assert response.status == 401
    # a link older than ten minutes
    token = await create_login_token(console.app.sessions, "telegram:700001", "en")
    async with console.app.sessions.begin() as session:
        await session.execute(update(WebLoginToken).values(expires_at=utcnow()))
    await page.goto(console.at(f"/admin/login/{token}"))
    async with page.expect_response(lambda r: r.request.method == "POST") as answer:
        await page.click("#sign-in")
    assert (await answer.value).status == 403
    # a cookie whose signature does not match
    await sign_in(page, console)
    cookie = next(c for c in await page.context.cookies() if c["name"] == "tradebot_admin")
    await page.context.add_cookies([{**cookie, "value": cookie["value"][:-4] + "0000"}])
    assert (await page.goto(console.at("/admin/"))).status == 401


async def test_a_forged_csrf_token_is_refused_and_changes_nothing(page, console):
    await sign_in(page, console)
    await page.goto(console.at(f"/admin/knowledge/requirements/{STEP}"))
    await page.fill('textarea[name="text.ky"]', "forged change")
    await page.eval_on_selector(
        'form:has(#save) input[name="csrf"]', "input => input.value = 'forged'"
    )
    async with page.expect_response(lambda r: r.request.method == "POST") as answer:
        await page.click("#save")
    assert (await answer.value).status == 403
    assert "not sent from the console" in await page.inner_text("#login")
    for path in ACTIONS:
        response = await page.request.post(console.at(path), form={"text": "hi", "hs": "0101"})
        assert response.status == 403, path  # no token at all
    assert await drafts(console.app) == 0
    assert await ky_text(console.app, STEP) != "forged change"
    assert (await page.goto(console.at("/admin/"))).status == 200  # still signed in


# ---- knowledge ----------------------------------------------------------------------------


async def test_edit_kyrgyz_text_preview_publish_notice_and_rollback(page, console):
    app = console.app
    await add_trader(app, "800001", "ky", FLOW)
    original = await ky_text(app, STEP)
    first_version = (await app.knowledge.current()).knowledge.version
    new_text = f"Жаңы текст: CMR кагазын алыңыз. {MARKUP}"
    await sign_in(page, console)
    await page.goto(console.at(f"/admin/knowledge?section=requirements&q={STEP}"))
    await page.click(f"a:text-is('{STEP}')")
    await page.fill('textarea[name="text.ky"]', new_text)
    await page.fill('textarea[name="title.ky"]', f"CMR {MARKUP}")
    await page.click("#save")
    await page.locator("#saved").wait_for()
    assert await ky_text(app, STEP) == original  # a draft: traders do not see it yet
    await page.goto(console.at(f"/admin/knowledge?section=requirements&q={STEP}"))
    assert await page.locator(".tag.draft").count() == 1  # marked as waiting in the draft

    await page.goto(console.at("/admin/preview?hs=0101&origin=KG&to=KZ&lang=ky"))
    after = " ".join(await page.locator(".version-after").all_text_contents())
    before = " ".join(await page.locator(".version-before").all_text_contents())
    assert new_text in after and new_text not in before and original in before
    assert await page.evaluate("window.pwned") is None  # shown as text, never run

    await page.goto(console.at("/admin/publish"))
    assert "1" in await page.inner_text("#notices")
    await page.click("#publish")
    await page.locator("#published").wait_for()
    assert await ky_text(app, STEP) == new_text
    notices = await outbox_rows(app, "notice")
    assert [n.platform_id for n in notices] == ["800001"]
    sent = await delivered_by_telegram(app, notices)
    assert sent and all(mode == "HTML" for _, mode in sent)
    assert "&lt;script&gt;" in sent[0][0] and "<script>" not in sent[0][0]

    await page.click(f"#rollback-{first_version}")
    await page.locator("#published").wait_for()
    assert await ky_text(app, STEP) == original


async def test_a_validation_error_is_shown_in_place_in_the_admins_language(page, console):
    app = console.app
    version = (await app.knowledge.current()).knowledge.version
    await sign_in(page, console)
    await page.select_option('header select[name="lang"]', "ru")
    await page.click('header form[action="/admin/language"] button')
    await page.goto(console.at(f"/admin/knowledge/requirements/{STEP}"))
    await page.fill('input[name="verified"]', "2026-13-45")
    await page.fill('textarea[name="text.ky"]', "")
    await page.click("#save")
    await page.locator("#not-saved").wait_for()
    assert "неверная дата" in await page.inner_text("#field-verified .error")
    assert await page.locator("#field-text .error").count() == 1
    assert await page.input_value('input[name="verified"]') == "2026-13-45"  # kept as typed
    assert await drafts(app) == 0
    assert (await app.knowledge.current()).knowledge.version == version


async def test_a_gap_becomes_a_synonym_and_the_same_search_then_matches(page, console):
    app = console.app
    trader = UserRef("telegram", "800002")
    await app.engine.handle(Event.text(trader, GAP_WORDS, "ky"))
    await sign_in(page, console)
    await page.goto(console.at("/admin/gaps"))
    gap = page.locator("form", has=page.locator(f".gap-words:text-is('{GAP_WORDS}')"))
    await gap.locator('input[name="hs"]').fill("0101")
    await gap.locator("button").click()
    await page.locator("#gap-done.ok").wait_for()
    assert await page.locator(f".gap-words:text-is('{GAP_WORDS}')").count() == 0
    outcome = await app.engine.handle(Event.text(trader, GAP_WORDS, "ky"))
    assert "0101" in " ".join(r.text for r in outcome.replies)
    async with app.sessions() as session:
        # Search-log ids are random (nothing orders them in time): one miss, then one match.
        matched = list(await session.scalars(select(QueryLog.matched)))
    assert sorted(matched) == [False, True]


# ---- broadcasts -----------------------------------------------------------------------------


async def test_a_broadcast_is_previewed_escaped_targeted_and_queued(page, console):
    app = console.app
    await add_trader(app, "800011", "ky", None)
    await add_trader(app, "800012", "ky", FLOW)
    await add_trader(app, "800013", "ru", FLOW)
    await sign_in(page, console)
    await page.goto(console.at("/admin/broadcasts"))
    await page.fill("#text", f"Салам! {MARKUP}")
    await page.check('input[name="lang"][value="ky"]')
    await page.click("#preview-broadcast")
    assert "2" in await page.inner_text("#recipients")
    phones = " ".join(await page.locator(".phone").all_text_contents())
    assert phones.count(MARKUP) == 3  # Telegram, WhatsApp and SMS, all as typed
    assert await page.evaluate("window.pwned") is None
    await page.click("#send")
    await page.locator("#progress").wait_for()
    assert "0" in await page.inner_text("#progress")
    rows = await outbox_rows(app, "broadcast")
    assert sorted(r.platform_id for r in rows) == ["800011", "800012"]
    sent = await delivered_by_telegram(app, rows)
    assert len(sent) == 2 and all("&lt;b&gt;bold&lt;/b&gt;" in text for text, _ in sent)
    await page.reload()
    assert "2" in await page.inner_text("#progress")


async def test_a_broadcast_preview_shows_each_sms_with_its_segments_and_encoding(page, console):
    await add_trader(console.app, "800021", "uz", None)
    await sign_in(page, console)
    await page.goto(console.at("/admin/broadcasts"))
    # 20 lines of Uzbek: folded into GSM-7 (oʻ goes as o'), too long for one SMS of 3 segments
    text = "\n".join(
        f"{n}-qadam: hujjatlarni oldindan tayyorlang, yoʻlga erta chiqing." for n in range(20)
    )
    await page.fill("#text", text)
    await page.check('input[name="lang"][value="uz"]')
    await page.click("#preview-broadcast")
    sms = page.locator("#phone-sms")
    assert await sms.locator("h2").inner_text() == "SMS"
    first = await sms.locator(".bubble").first.inner_text()
    assert first.startswith("0-qadam") and "yo'lga" in first and "yoʻlga" not in first
    assert "davomi" in first  # the next SMS is one number away, in the traders' language
    counts = await sms.locator(".segments").all_inner_texts()
    assert len(counts) == await sms.locator(".bubble").count() > 1  # one count per SMS
    assert counts[0] == "3 segments · GSM-7"  # in the admin's language
    assert all(c.endswith("GSM-7") for c in counts)
    # Cyrillic costs more: one Kyrgyz line is one UCS-2 message of two segments
    await page.goto(console.at("/admin/broadcasts"))
    await page.fill(
        "#text", "Эртең чек арада кезек узун болот. Документтериңизди алдын ала даярдаңыз."
    )
    await page.click("#preview-broadcast")
    assert await page.locator("#phone-sms .segments").all_inner_texts() == ["2 segments · UCS-2"]
    assert await page.evaluate("document.documentElement.scrollWidth") <= 412
