"""The web console over plain HTTP on SQLite and PostgreSQL: links stored hashed and used
once, a draft published as a version with its notices counted and queued, every change in
the audit log. (The browser tests in test_web_console.py cover the pages themselves.)"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.bootstrap import App
from bot.models import AuditLog, KnowledgeDraft, Outbox, Subscription, User, WebLoginToken
from bot.web import create_web_app
from handlers.events import Event, UserRef

ADMIN = UserRef("telegram", "700001")
STEP = "cross-cmr"


@pytest.fixture
async def client(app: App) -> AsyncIterator[TestClient]:
    app.admin.admins = frozenset({"telegram:700001"})
    web_app = await create_web_app(app)
    client = TestClient(TestServer(web_app))
    await client.start_server()
    yield client
    await client.close()


async def link_path(app: App) -> str:
    outcome = await app.engine.handle(Event.command(ADMIN, "web", "ky"))
    text = outcome.replies[0].text
    assert "10" in text  # valid ten minutes, said in the admin's language
    return "/admin/" + re.search(r"https?://\S+", text).group(0).split("/admin/", 1)[1]


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def form_of(html: str) -> dict[str, str]:
    """The edit form's fields as the browser would send them."""
    fields = dict(re.findall(r'<input type="text" name="([^"]+)" value="([^"]*)"', html))
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        fields[name] = value
    import html as html_module

    return {k: html_module.unescape(v) for k, v in fields.items()}


async def test_a_link_works_once_is_stored_hashed_and_signs_in(app: App, client: TestClient):
    path = await link_path(app)
    token = path.rsplit("/", 1)[1]
    async with app.sessions() as session:
        stored = list(await session.scalars(select(WebLoginToken.token_hash)))
    assert stored and token not in stored
    assert (await client.get("/admin/")).status == 401
    assert (await client.get(path)).status == 200  # a link preview changes nothing
    first = await client.post(path, allow_redirects=False)
    assert first.status == 303
    assert (await client.get("/admin/")).status == 200
    client.session.cookie_jar.clear()
    again = await client.post(path, allow_redirects=False)
    assert again.status == 403


async def test_publishing_a_draft_queues_the_subscribers_notices_and_audits(
    app: App, client: TestClient
):
    async with app.sessions.begin() as session:
        trader = User(channel="telegram", platform_id="800001", language="ky")
        session.add(trader)
        await session.flush()
        session.add(Subscription(user_id=trader.id, hs="0101", origin="KG", destination="KZ"))
    await client.post(await link_path(app))
    page = await (await client.get(f"/admin/knowledge/requirements/{STEP}")).text()
    form = {**form_of(page), "csrf": csrf_of(page), "text.ky": "Жаңы текст"}
    saved = await client.post(f"/admin/knowledge/requirements/{STEP}", data=form)
    assert 'id="saved"' in await saved.text()
    async with app.sessions() as session:
        assert len(list(await session.scalars(select(KnowledgeDraft)))) == 1
    publish_page = await (await client.get("/admin/publish")).text()
    assert re.search(r'id="notices">[^<]*1', publish_page)
    version = (await app.knowledge.current()).knowledge.version
    done = await client.post("/admin/publish", data={"csrf": csrf_of(publish_page)})
    assert done.status == 200
    assert (await app.knowledge.current()).knowledge.version == version + 1
    async with app.sessions() as session:
        notices = list(await session.scalars(select(Outbox).where(Outbox.kind == "notice")))
        drafts = list(await session.scalars(select(KnowledgeDraft)))
        audit = list(await session.scalars(select(AuditLog).order_by(AuditLog.id)))
    assert [n.platform_id for n in notices] == ["800001"] and drafts == []
    actions = [(a.admin, a.action) for a in audit]
    for action in ("web-link", "web-login", "web-edit", "web-publish"):
        assert ("telegram:700001", action) in actions
    assert all(a.at is not None for a in audit)


async def test_someone_not_an_admin_gets_no_link(app: App, client: TestClient):
    outcome = await app.engine.handle(Event.command(UserRef("telegram", "5"), "web", "en"))
    assert "/admin/login/" not in " ".join(r.text for r in outcome.replies)
    async with app.sessions() as session:
        assert list(await session.scalars(select(WebLoginToken))) == []


async def test_the_cookie_is_secure_behind_https(app: App, client: TestClient):
    plain = await client.post(await link_path(app), allow_redirects=False)
    assert "Secure" not in plain.headers["Set-Cookie"]
    proxied = await client.post(
        await link_path(app), allow_redirects=False, headers={"X-Forwarded-Proto": "https"}
    )
    cookie = proxied.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


async def test_the_dashboard_charts_what_was_counted(app: App, client: TestClient):
    import datetime as dt

    from bot.models import Feedback, FlowLog, Incident

    async with app.sessions.begin() as session:
        session.add_all(
            [FlowLog(hs="0101", origin="KG", destination="KZ", language="ky") for _ in range(3)]
        )
        session.add_all(
            [
                Feedback(hs="0101", origin="KG", destination="KZ", helpful=h)
                for h in (True, True, False)
            ]
        )
        session.add(
            Incident(situation="detained", post="kg-kz-ak-jol", occurred_on=dt.date.today())
        )
    await client.post(await link_path(app))
    page = await (await client.get("/admin/")).text()
    assert "<title>KG: 3</title>" in page and "<title>KZ: 3</title>" in page
    assert "<title>0101 KG→KZ: 3</title>" in page
    assert "<title>kg-kz-ak-jol: 1</title>" in page
    assert re.search(r"<title>[^<]+: 2</title>", page)  # helpful twice


async def test_a_broadcast_reaches_only_its_target(app: App):
    from bot.web_admin.broadcasts import Target, recipients, send

    async with app.sessions.begin() as session:
        for number, lang, flow in [
            ("1", "ky", ("0101", "KG", "KZ")),
            ("2", "ky", ("0101", "UZ", "KZ")),
            ("3", "ru", ("0101", "KG", "KZ")),
            ("4", "ru", None),
        ]:
            user = User(channel="telegram", platform_id=number, language=lang)
            session.add(user)
            await session.flush()
            if flow:
                session.add(
                    Subscription(user_id=user.id, hs=flow[0], origin=flow[1], destination=flow[2])
                )
    cases = {
        Target(): 4,
        Target(("ky",)): 2,
        Target(country="KG"): 2,
        Target(country="KZ"): 3,
        Target(("ky",), country="KG"): 1,
        Target(flow="0101|KG|KZ"): 2,
        Target(("ru",), flow="0101|KG|KZ"): 1,
    }
    for target, expected in cases.items():
        assert await recipients(app.sessions, target) == expected, target
    broadcast_id, total = await send(app.sessions, "telegram:700001", "hi", Target(country="KG"))
    async with app.sessions() as session:
        rows = list(
            await session.scalars(select(Outbox).where(Outbox.broadcast_id == broadcast_id))
        )
    assert total == 2 and sorted(r.platform_id for r in rows) == ["1", "3"]


async def test_a_channel_added_to_the_registry_is_previewed_without_touching_the_console(
    app: App,
):
    from bot.channels.contract import ChannelSpec, Limits, default_registry

    app.admin.admins = frozenset({"telegram:700001"})
    pager = ChannelSpec(name="pager", limits=Limits(text_max=40, numbered=True))
    client = TestClient(TestServer(await create_web_app(app, default_registry().with_(pager))))
    await client.start_server()
    try:
        await client.post(await link_path(app))  # the admin reads Kyrgyz
        compose = await (await client.get("/admin/broadcasts")).text()
        text = "Эртең чек арада кезек узун болот. Документтериңизди алдын ала даярдаңыз."
        answer = await client.post(
            "/admin/broadcasts/preview", data={"csrf": csrf_of(compose), "text": text}
        )
        page = await answer.text()
    finally:
        await client.close()
    assert answer.status == 200
    bubbles = re.findall(r'<div class="bubble">([^<]*)</div>', phone_of(page, "pager"))
    assert len(bubbles) == 2 and all(len(b) <= 40 for b in bubbles)  # cut at its own limit
    assert " ".join(bubbles).split() == text.split()
    # SMS beside it: 72 Cyrillic letters are one UCS-2 message of two segments
    assert "2 сегмент · UCS-2" in phone_of(page, "sms")


def phone_of(page: str, kind: str) -> str:
    """One channel's phone on the broadcast preview."""
    start = page.index(f'id="phone-{kind}"')
    ends = [page.find(mark, start + 1) for mark in ('id="phone-', "<form")]
    return page[start : min(end for end in ends if end > 0)]
