"""Admins on WhatsApp, over real HTTP: knowledge files sent in chat, a fake Graph API."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
import yaml

from bot.bootstrap import App, start_app
from bot.i18n import Translator
from bot.outbox import OutboxWorker
from bot.settings import Settings
from bot.worker import BroadcastProgress, build_senders, worker_config
from handlers.events import UserRef
from tests.fake_graph import FakeGraph
from tests.test_whatsapp import TRADER, Webhook, fast, incoming, start

ADMIN = "998909876543"


@pytest.fixture
async def admin_app(tmp_path, translator: Translator) -> AsyncIterator[App]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'tradebot.db'}",
        admin_ids=f"whatsapp:{ADMIN}",
        _env_file=None,
    )
    built = await start_app(settings, translator)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def hook(admin_app: App, graph: FakeGraph) -> AsyncIterator[Webhook]:
    webhook, runner = await start(admin_app, graph)
    try:
        yield webhook
    finally:
        await webhook.http.aclose()
        await runner.cleanup()


def from_(sender: str, message: dict[str, Any]) -> dict[str, Any]:
    return {**message, "from": sender}


async def send_file(
    hook: Webhook, sender: str, name: str, content: bytes, file_size: int | None = None
) -> str:
    media_id = hook.graph.add_media(content, file_size=file_size)
    document = {"id": media_id, "filename": name, "mime_type": "application/x-yaml"}
    await hook.send(from_(sender, incoming(hook.next_id(), "document", document=document)))
    return media_id


async def tap_as(hook: Webhook, sender: str, choice: str) -> None:
    """Tap a button of the last answer as WhatsApp reports it: the rendered, versioned id."""
    reply_id, kind = hook.offered()[choice]
    content = {"type": kind, kind: {"id": reply_id, "title": "…"}}
    await hook.send(from_(sender, incoming(hook.next_id(), "interactive", interactive=content)))


async def changed_documents(app: App) -> bytes:
    data = yaml.safe_load((await app.knowledge.active_files())["documents.yaml"])
    data["documents"][0]["name"]["en"] += " (new form)"
    return yaml.safe_dump(data, allow_unicode=True).encode()


async def test_an_admin_uploads_a_knowledge_file_previews_and_applies_it(
    admin_app: App, hook: Webhook, graph: FakeGraph
):
    content = await changed_documents(admin_app)
    media_id = await send_file(hook, ADMIN, "documents.yaml", content)
    lookup, download = graph.media_requests
    assert lookup.path == f"/v21.0/{media_id}"
    assert download.path == f"/media-download/{media_id}"
    assert {r.headers["authorization"] for r in (lookup, download)} == {"Bearer token-1"}
    assert "(new form)" in hook.texts()
    assert all(m["to"] == ADMIN for m in hook.answer or [])

    await tap_as(hook, ADMIN, next(c for c in hook.offered() if c.startswith("adm:import:")))
    assert len(await admin_app.knowledge.history()) == 2
    assert "Version 2 is now active" in hook.texts()


async def test_a_traders_file_is_not_even_downloaded_and_gets_the_help(
    admin_app: App, hook: Webhook, graph: FakeGraph
):
    await send_file(hook, TRADER, "documents.yaml", await changed_documents(admin_app))
    assert graph.media_requests == []
    assert admin_app.translator("en", "help") in hook.texts()
    assert len(await admin_app.knowledge.history()) == 1


async def test_an_admins_broken_file_gets_the_problems_and_changes_nothing(
    admin_app: App, hook: Webhook
):
    data = yaml.safe_load((await admin_app.knowledge.active_files())["documents.yaml"])
    del data["documents"][0]["name"]["ru"]
    await send_file(hook, ADMIN, "documents.yaml", yaml.safe_dump(data).encode())
    report = hook.texts()
    assert "nothing was changed" in report
    assert "documents" in report.split("\n", 1)[1]
    assert not any(c.startswith("adm:import:") for c in hook.offered())
    assert len(await admin_app.knowledge.history()) == 1


async def test_an_admins_file_over_5_mb_is_not_downloaded(admin_app: App, hook: Webhook):
    await send_file(hook, ADMIN, "documents.yaml", b"documents: []\n", file_size=6 * 1024 * 1024)
    assert [r.path.startswith("/v21.0/") for r in hook.graph.media_requests] == [True]
    assert admin_app.translator("en", "admin-upload-too-big") in hook.texts()
    assert len(await admin_app.knowledge.history()) == 1


async def drain_outbox(app: App) -> None:
    """The outbox worker as `tradebot worker` builds it, on the fake Graph API."""
    blocked: set[UserRef] = set()
    async with contextlib.AsyncExitStack() as stack:
        senders, writers = build_senders(app, blocked, stack)
        for sender in senders.values():
            fast(sender)  # type: ignore[arg-type]
        worker = OutboxWorker(
            app.sessions,
            senders,
            replace(worker_config(app), batch=1),  # progress after every message
            blocked,
            BroadcastProgress(app, writers),
        )
        while await worker.drain_once():
            pass
        await worker.release_channels()  # as a stopping worker does


async def test_a_whatsapp_admin_gets_the_broadcasts_final_count_once(
    admin_app: App, hook: Webhook, graph: FakeGraph
):
    traders = ("998901110001", "998901110002")
    for trader in traders:
        await hook.send(from_(trader, incoming(hook.next_id(), "text", text={"body": "/start"})))
    news = "The Korday crossing is open again."
    await hook.send(
        from_(ADMIN, incoming(hook.next_id(), "text", text={"body": f"/broadcast {news}"}))
    )
    await tap_as(hook, ADMIN, next(c for c in hook.offered() if c.startswith("adm:bcast:")))
    graph.clear()

    await drain_outbox(admin_app)
    await drain_outbox(admin_app)  # nothing left: no second count

    bodies = {m["to"]: m["text"]["body"] for m in graph.messages if m["type"] == "text"}
    assert {to: bodies.get(to) for to in traders} == {to: news for to in traders}
    to_admin = [m for m in graph.messages if m["to"] == ADMIN]
    assert len(to_admin) == 1
    assert "sent 2 of 2, failed 0" in to_admin[0]["text"]["body"]
