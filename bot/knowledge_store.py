"""Versioned knowledge in the database: import, history, rollback, and hot reload.

The files admins edit are kept whole in each version, so export round-trips and a rollback
restores exactly what was served before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import defer

from bot.db import KNOWLEDGE_LOCK, hold_lock, storage_boundary
from bot.library_cache import LibraryCache
from bot.models import KnowledgeVersion
from handlers.context import Library
from knowledge.base import Knowledge
from knowledge.diff import Change, diff_knowledge
from knowledge.loader import DATA_DIR, KnowledgeError, load_texts, read_sources

log = logging.getLogger(__name__)
RELOAD_CHECK_S = 2.0


@dataclass(frozen=True)
class ImportReport:
    version: int | None  # None: nothing changed, no version made
    changes: list[Change] = field(default_factory=list)
    notices: int = 0  # notices queued for subscribers of changed flows


# Runs inside the import's transaction: notices are queued only if the version is stored.
OnChange = Callable[[AsyncSession, Knowledge | None, Knowledge], Awaitable[int]]


class KnowledgeStore:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        seed_dir: Path | None = None,
        on_change: OnChange | None = None,
        cache: LibraryCache | None = None,
    ) -> None:
        self.sessions = sessions
        self.on_change = on_change
        self.cache = cache
        self._bare: Knowledge | None = None  # current_knowledge's, without indexes
        self._bare_checked_at = 0.0
        self._just_read: Knowledge | None = None
        self.seed_dir = seed_dir or DATA_DIR
        self._library: Library | None = None
        self._checked_at = 0.0
        self._lock = asyncio.Lock()

    @storage_boundary
    async def current(self) -> Library:
        """The active version, re-read when an import or rollback made a new one."""
        now = time.monotonic()
        if self._library is not None and now - self._checked_at < RELOAD_CHECK_S:
            return self._library
        async with self._lock:
            if self._library is not None and time.monotonic() - self._checked_at < RELOAD_CHECK_S:
                return self._library
            active, checksum = await self._active_version()
            if active is None:
                await self.ensure_seeded()
                active, checksum = await self._active_version()
            if self._library is None or self._library.knowledge.version != active:
                self._library = await self._build(active, checksum)
                log.info("knowledge version %s loaded", active)
            self._checked_at = time.monotonic()
            return self._library

    async def current_knowledge(self) -> Knowledge:
        """The active version's knowledge without the search indexes, for processes that
        never search (the worker): about a third of the memory of `current()`."""
        if self._library is not None or self.cache is None:
            return (await self.current()).knowledge
        if self._bare is not None and time.monotonic() - self._bare_checked_at < RELOAD_CHECK_S:
            return self._bare
        async with self._lock:
            active, checksum = await self._active_version()
            if active is None:
                await self.ensure_seeded()
                active, checksum = await self._active_version()
            if self._bare is None or self._bare.version != active:
                found, self._just_read = self._just_read, None
                if found is None or found.checksum != checksum:
                    found = await asyncio.to_thread(self.cache.knowledge, checksum)
                self._bare = found.with_version(active) if found and active else None
            self._bare_checked_at = time.monotonic()
        if self._bare is None:  # not cached yet: built whole once (and cached for next time)
            return (await self.current()).knowledge
        return self._bare

    async def cached(self, search: bool = True) -> bool:
        """Whether the active version is read from the disk cache as it is: the database
        has one, and the cache holds its knowledge (and, with `search`, its indexes)."""
        if self.cache is None:
            return False
        active, checksum = await self._active_version()
        return active is not None and self.cache.holds(checksum, search)

    async def _active_version(self) -> tuple[int | None, str]:
        """The active version's number and content checksum (its files are not read)."""
        async with self.sessions() as session:
            row = (
                await session.execute(
                    select(KnowledgeVersion.version, KnowledgeVersion.checksum).where(
                        KnowledgeVersion.active.is_(True)
                    )
                )
            ).first()
        return (row[0], row[1]) if row is not None else (None, "")

    async def _build(self, version: int | None, checksum: str = "") -> Library:
        if self.cache is not None and version is not None:
            known, self._just_read = self._just_read, None
            cached = await asyncio.to_thread(self.cache.library, checksum, known)
            if cached is not None:
                return cached.with_version(version)
        async with self.sessions() as session:
            row = await session.get(KnowledgeVersion, version)
        assert row is not None
        try:
            knowledge = await asyncio.to_thread(load_texts, row.files)
        except KnowledgeError as error:
            # Stored under an older model (a field since required, say): the bot keeps
            # answering from the knowledge it ships, as a new version; the old one stays in
            # the history for admins to redo their changes from.
            log.error(
                "knowledge version %s no longer validates (%d problems): the shipped knowledge"
                " is loaded as a new version",
                row.version,
                len(error.problems),
            )
            report = await self.import_texts(
                read_sources(self.seed_dir),
                author="upgrade",
                note=f"version {row.version} no longer validates",
            )
            return await self._build(report.version)
        library = await asyncio.to_thread(Library.build, knowledge.with_version(row.version))
        if self.cache is not None:
            await asyncio.to_thread(self.cache.store, library, row.files)
        return library

    async def _validated(self, texts: Mapping[str, str]) -> Knowledge:
        """`load_texts`, or the knowledge these very texts gave before (the disk cache)."""
        if self.cache is not None:
            checksum = self.cache.checksum_of(texts)
            cached = await asyncio.to_thread(self.cache.knowledge, checksum or "")
            if cached is not None:
                self._just_read = cached  # seeding then serves it: read once, not twice
                return cached.with_version(0)  # as load_texts gives it
        return await asyncio.to_thread(load_texts, texts)

    async def ensure_seeded(self) -> None:
        """A fresh database starts from the knowledge files shipped with the bot."""
        async with self.sessions() as session:
            count = await session.scalar(select(func.count()).select_from(KnowledgeVersion))
        if not count:
            try:
                await self.import_texts(read_sources(self.seed_dir), author="seed", note="initial")
            except IntegrityError:  # another worker seeded it at the same moment
                log.info("knowledge already seeded by another process")

    async def import_texts(self, texts: Mapping[str, str], author: str, note: str) -> ImportReport:
        """Validate (raises KnowledgeError, changing nothing), diff, and store a new version."""
        new = await self._validated(texts)
        async with self.sessions.begin() as session:
            await hold_lock(session, KNOWLEDGE_LOCK)
            active = await session.scalar(
                select(KnowledgeVersion).where(KnowledgeVersion.active.is_(True)).with_for_update()
            )
            old: Knowledge | None = None
            if active is not None:
                if active.checksum == new.checksum:
                    return ImportReport(None, [])
                with contextlib.suppress(KnowledgeError):  # stored under an older model
                    old = await self._validated(active.files)
            changes = diff_knowledge(old, new)
            latest = await session.scalar(select(func.max(KnowledgeVersion.version))) or 0
            await session.execute(update(KnowledgeVersion).values(active=False))
            session.add(
                KnowledgeVersion(
                    version=latest + 1,
                    checksum=new.checksum,
                    files=dict(texts),
                    author=author,
                    note=note,
                    active=True,
                )
            )
            notices = await self.on_change(session, old, new) if self.on_change else 0
        self._checked_at = 0.0
        return ImportReport(latest + 1, changes, notices)

    async def rollback(self, version: int, author: str) -> ImportReport:
        """Serve an earlier version again, as a new version, so history only grows."""
        files = await self.version_files(version)
        if files is None:
            raise LookupError(version)
        return await self.import_texts(files, author=author, note=f"rollback to {version}")

    async def version_files(self, version: int) -> dict[str, str] | None:
        async with self.sessions() as session:
            row = await session.get(KnowledgeVersion, version)
        return dict(row.files) if row is not None else None

    async def history(self) -> list[KnowledgeVersion]:
        """Every version, newest first, without its files (each is the whole knowledge base)."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(KnowledgeVersion)
                .options(defer(KnowledgeVersion.files, raiseload=True))
                .order_by(KnowledgeVersion.version.desc())
            )
            return list(rows)

    async def active_files(self) -> dict[str, str]:
        async with self.sessions() as session:
            row = await session.scalar(
                select(KnowledgeVersion).where(KnowledgeVersion.active.is_(True))
            )
        if row is None:
            await self.ensure_seeded()
            return await self.active_files()
        return dict(row.files)
