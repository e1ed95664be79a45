"""Drafts: edits collected in the console, then published as one knowledge version.

Publishing and rollback go through `KnowledgeStore` like a chat upload, so a new version
carries its diff and subscribers of changed flows get their notices queued in the same
transaction (`bot.notices.enqueue_notices`). How many will be told is counted beforehand by
the same comparison (`bot.notices.flow_changes`).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.knowledge_store import ImportReport, KnowledgeStore
from bot.models import KnowledgeDraft, Subscription, User, utcnow
from bot.notices import flow_changes
from bot.web_admin import editing
from handlers.followup import Flow
from knowledge.base import Knowledge
from knowledge.diff import Change, diff_knowledge
from knowledge.loader import load_texts


@dataclass(frozen=True)
class Draft:
    id: int
    base_version: int
    files: dict[str, str]
    changes: list[dict[str, Any]]


class Drafts:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], knowledge: KnowledgeStore
    ) -> None:
        self.sessions = sessions
        self.knowledge = knowledge

    async def current(self) -> Draft | None:
        async with self.sessions() as session:
            row = await session.scalar(select(KnowledgeDraft).order_by(KnowledgeDraft.id))
        if row is None:
            return None
        return Draft(row.id, row.base_version, dict(row.files), list(row.changes or []))

    async def working_files(self) -> dict[str, str]:
        """What the editor shows: the draft when there is one, else the active version."""
        draft = await self.current()
        return draft.files if draft else await self.knowledge.active_files()

    async def save(self, files: dict[str, str], change: dict[str, Any]) -> None:
        """Store validated files as the draft, noting the change (a draft is made if none)."""
        change = {**change, "at": utcnow().isoformat(timespec="seconds")}
        async with self.sessions.begin() as session:
            row = await session.scalar(
                select(KnowledgeDraft).order_by(KnowledgeDraft.id).with_for_update()
            )
            if row is None:
                version = (await self.knowledge.current()).knowledge.version
                session.add(KnowledgeDraft(base_version=version, files=files, changes=[change]))
            else:
                row.files = files
                row.changes = [*row.changes, change]
                row.updated_at = utcnow()

    async def discard(self) -> None:
        async with self.sessions.begin() as session:
            await session.execute(delete(KnowledgeDraft))

    async def draft_knowledge(self) -> Knowledge | None:
        draft = await self.current()
        return await asyncio.to_thread(load_texts, draft.files) if draft else None

    async def pending_changes(self) -> list[Change]:
        draft = await self.draft_knowledge()
        if draft is None:
            return []
        return diff_knowledge((await self.knowledge.current()).knowledge, draft)

    async def notices_to_send(self, new: Knowledge) -> int:
        """How many notices publishing `new` would queue: one per subscriber per changed flow."""
        old = (await self.knowledge.current()).knowledge
        async with self.sessions() as session:
            rows = await session.execute(
                select(Subscription.hs, Subscription.origin, Subscription.destination)
                .join(User, User.id == Subscription.user_id)
                .where(User.active.is_(True))
            )
            by_flow: dict[Flow, int] = defaultdict(int)
            for hs, origin, destination in rows.all():
                by_flow[Flow(hs, origin, destination)] += 1
        return sum(n for flow, n in by_flow.items() if any(flow_changes(old, new, flow)))

    async def publish(self, admin: str) -> ImportReport | None:
        draft = await self.current()
        if draft is None:
            return None
        note = f"web console: {len(draft.changes)} edit(s)"
        report = await self.knowledge.import_texts(draft.files, author=admin, note=note)
        await self.discard()
        return report

    async def add_synonym(self, admin: str, hs: str, lang: str, words: str) -> ImportReport | None:
        """Published at once (the waiting searches match now), and kept in an open draft so
        publishing the draft later does not take it back."""
        files = editing.add_synonym(await self.knowledge.active_files(), hs, lang, words)
        if files is None:
            return None
        report = await self.knowledge.import_texts(files, author=admin, note=f"synonym for {hs}")
        draft = await self.current()
        if draft is not None:
            drafted = editing.add_synonym(draft.files, hs, lang, words)
            if drafted is not None:
                await self.save(drafted, {"section": "commodities", "key": hs, "admin": admin})
        return report
