"""Admin actions behind `/admin`: knowledge uploads, rollback, stats, broadcasts, incidents.

Every action is audited (who, when, what, knowledge version). Anything an admin must
confirm is stored in the database first, so a restart or another worker can confirm it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
from collections.abc import Sequence

from sqlalchemy import String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import storage_boundary
from bot.knowledge_store import KnowledgeStore
from bot.models import (
    AuditLog,
    Broadcast,
    Feedback,
    FlowLog,
    Incident,
    PendingImport,
    QueryLog,
    SmsConversation,
    SmsDay,
    User,
    utcnow,
)
from bot.outbox import enqueue_to_active_users
from bot.prices import DEFAULT_ALERT_SHARE
from bot.published import PublishedSource
from bot.stats_chart import daily_text, render_stats_chart
from handlers.context import Translator
from handlers.events import Attachment, Choice, Event, EventKind, Reply, UserRef, ascii_number
from knowledge.diff import Change, diff_knowledge
from knowledge.loader import KnowledgeError, Problem, load_texts, read_zip

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_LISTED = 15


def admin_key(user: UserRef) -> str:
    return f"{user.channel}:{user.platform_id}"


def names_of(user: UserRef) -> list[str]:
    """Every 'channel:id' she may be named by: her id, and her second id where the
    messenger gave one with it (a WhatsApp phone number beside her BSUID). Both are hers:
    they come from one message, or from her own row (bot/identities.py)."""
    names = [admin_key(user)]
    if user.alias and user.alias != user.platform_id:
        names.append(f"{user.channel}:{user.alias}")
    return names


class Admin:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        knowledge: KnowledgeStore,
        t: Translator,
        admins: frozenset[str],
        web_url: str = "http://localhost:8080",
    ) -> None:
        self.web_url = web_url  # where the web console's login links point
        self.sessions = sessions
        self.knowledge = knowledge
        self.t = t
        self.admins = admins
        self.published: PublishedSource | None = None  # dropped from cache on new prices
        self.price_share = DEFAULT_ALERT_SHARE

    def is_admin(self, user: UserRef) -> bool:
        """Named in ADMIN_IDS by either of her ids, each compared whole ('whatsapp:KG.1…'
        is never the phone number '1…')."""
        return any(name in self.admins for name in names_of(user))

    def name_of(self, user: UserRef) -> str:
        """How an admin is recorded (audit, pending imports, web console): as ADMIN_IDS
        names her."""
        names = names_of(user)
        return next((name for name in names if name in self.admins), names[0])

    @storage_boundary
    async def admits(self, event: Event) -> bool:
        """Admins, and appointed price reporters for publishing prices."""
        if self.is_admin(event.user):
            return True
        from bot.published_admin import reporter_may

        return await reporter_may(self, event)

    @storage_boundary
    async def handle(self, event: Event, lang: str) -> list[Reply]:
        from bot import published_admin

        if event.value in published_admin.COMMANDS or published_admin.is_price_upload(event):
            return await published_admin.handle(self, event, lang)
        if event.kind == EventKind.DOCUMENT and event.attachment is not None:
            return await self.upload(event.user, event.attachment, lang)
        if event.kind == EventKind.CHOICE:
            return await self.choice(event.user, event.value.removeprefix("adm:"), lang)
        command, argument = event.value, event.argument
        if command == "stats":
            return await self.stats(event.user, lang)
        if command == "history":
            return await self.history(event.user, lang)
        if command == "incidents":
            return await self.incidents(event.user, lang)
        if command == "rollback":
            return await self.preview_rollback(event.user, argument, lang)
        if command == "broadcast":
            return await self.draft_broadcast(event.user, argument, lang)
        if command == "measure":
            from bot.measure_admin import measure_command

            return await measure_command(self, event.user, argument, lang)
        if command == "web":
            from bot.web_admin.auth import login_link_reply

            return [await login_link_reply(self, event.user, lang)]
        return [self.menu(lang)]

    def menu(self, lang: str) -> Reply:
        choices = (
            Choice("adm:stats", self.t(lang, "admin-choice-stats")),
            Choice("adm:history", self.t(lang, "admin-choice-history")),
            Choice("adm:incidents", self.t(lang, "admin-choice-incidents")),
        )
        return Reply(self.t(lang, "admin-menu"), choices)

    async def audit(self, admin: UserRef, action: str, detail: str = "") -> None:
        version = (await self.knowledge.current()).knowledge.version
        async with self.sessions.begin() as session:
            session.add(
                AuditLog(
                    admin=self.name_of(admin),
                    action=action,
                    knowledge_version=version,
                    detail=detail,
                )
            )

    # ---- buttons ------------------------------------------------------------------------

    async def choice(self, admin: UserRef, value: str, lang: str) -> list[Reply]:
        action, _, argument = value.partition(":")
        if action == "stats":
            return await self.stats(admin, lang)
        if action == "history":
            return await self.history(admin, lang)
        if action == "incidents":
            return await self.incidents(admin, lang)
        if action == "import" and (number := ascii_number(argument, 12)) is not None:
            return await self.confirm_import(admin, number, lang)
        if action == "rollback" and (number := ascii_number(argument, 12)) is not None:
            return await self.confirm_rollback(admin, number, lang)
        if action == "bcast" and (number := ascii_number(argument, 12)) is not None:
            return await self.confirm_broadcast(admin, number, lang)
        if action == "cancel":
            await self.audit(admin, "cancel")
            return [Reply(self.t(lang, "admin-cancelled"))]
        return [Reply(self.t(lang, "error-stale-choice")), self.menu(lang)]

    # ---- knowledge ----------------------------------------------------------------------

    async def upload(self, admin: UserRef, attachment: Attachment, lang: str) -> list[Reply]:
        """Validate, show the changes by name, and wait for confirmation.

        Channels do not fetch a file over MAX_UPLOAD_BYTES; they pass its declared size."""
        filename, data = attachment.filename, attachment.data
        if max(len(data), attachment.declared_size) > MAX_UPLOAD_BYTES:
            return [Reply(self.t(lang, "admin-upload-too-big"))]
        try:
            files = await self.uploaded_files(filename, data)
        except (ValueError, UnicodeDecodeError):
            await self.audit(admin, "upload-rejected", filename)
            return [Reply(self.t(lang, "admin-upload-unreadable"))]
        try:
            new = await asyncio.to_thread(load_texts, files)
        except KnowledgeError as error:
            await self.audit(admin, "upload-invalid", f"{filename}: {len(error.problems)} problems")
            lines = [self.t(lang, "admin-upload-invalid", count=len(error.problems))]
            lines += [self.problem_line(lang, p) for p in error.problems[:MAX_LISTED]]
            if len(error.problems) > MAX_LISTED:
                lines.append(self.t(lang, "admin-more", count=len(error.problems) - MAX_LISTED))
            return [Reply("\n".join(lines))]
        current = (await self.knowledge.current()).knowledge
        changes = diff_knowledge(current, new)
        if not changes:
            return [Reply(self.t(lang, "admin-upload-no-change"))]
        async with self.sessions.begin() as session:
            pending = PendingImport(admin=self.name_of(admin), files=files)
            session.add(pending)
            await session.flush()
            pending_id = pending.id
        await self.audit(admin, "upload-previewed", f"{filename}: {len(changes)} changes")
        text = self.change_report(lang, "admin-upload-preview", changes)
        choices = (
            Choice(f"adm:import:{pending_id}", self.t(lang, "admin-choice-apply")),
            Choice("adm:cancel", self.t(lang, "admin-choice-cancel")),
        )
        return [Reply(text, choices)]

    def problem_line(self, lang: str, problem: Problem) -> str:
        code, values = problem.kind()
        return f"• {problem.where}: " + self.t(lang, f"kb-problem-{code}", **values)

    async def uploaded_files(self, filename: str, data: bytes) -> dict[str, str]:
        """A zip replaces the whole data folder; one YAML file replaces its namesake."""
        if filename.endswith(".zip"):
            files = read_zip(data)
            if not files:
                raise ValueError("no YAML files in the archive")
            return files
        if not filename.endswith((".yaml", ".yml")):
            raise ValueError("not a YAML file")
        files = await self.knowledge.active_files()
        files[filename.rsplit("/", 1)[-1]] = data.decode("utf-8")
        return files

    def change_report(self, lang: str, header: str, changes: Sequence[Change]) -> str:
        lines = [self.t(lang, header, count=len(changes))]
        for change in changes[:MAX_LISTED]:
            key = f"admin-change-{change.kind.value}"
            lines.append(self.t(lang, key, section=change.section, name=change.name))
        if len(changes) > MAX_LISTED:
            lines.append(self.t(lang, "admin-more", count=len(changes) - MAX_LISTED))
        return "\n".join(lines)

    async def confirm_import(self, admin: UserRef, pending_id: int, lang: str) -> list[Reply]:
        async with self.sessions.begin() as session:
            pending = await session.get(PendingImport, pending_id)
            if pending is None:
                return [Reply(self.t(lang, "error-stale-choice"))]
            files = dict(pending.files)
            await session.delete(pending)
        try:
            report = await self.knowledge.import_texts(
                files, author=self.name_of(admin), note="chat"
            )
        except KnowledgeError as error:  # the base changed since the preview
            return [Reply(self.t(lang, "admin-upload-invalid", count=len(error.problems)))]
        await self.audit(admin, "import", f"version {report.version}")
        if report.version is None:
            return [Reply(self.t(lang, "admin-upload-no-change"))]
        return [
            Reply(self.t(lang, "admin-import-done", version=report.version, notices=report.notices))
        ]

    async def history(self, admin: UserRef, lang: str) -> list[Reply]:
        await self.audit(admin, "history")
        rows = (await self.knowledge.history())[:MAX_LISTED]
        lines = [self.t(lang, "admin-history")]
        lines += [
            f"{'*' if r.active else ' '} v{r.version} {r.created_at:%Y-%m-%d %H:%M} {r.author} "
            f"{r.note}".rstrip()
            for r in rows
        ]
        return [Reply("\n".join(lines))]

    async def preview_rollback(self, admin: UserRef, argument: str, lang: str) -> list[Reply]:
        target = ascii_number(argument.strip(), 12)
        files = await self.knowledge.version_files(target) if target is not None else None
        if target is None or files is None:
            return [Reply(self.t(lang, "admin-rollback-usage"))]
        current = (await self.knowledge.current()).knowledge
        changes = diff_knowledge(current, await asyncio.to_thread(load_texts, files))
        text = self.change_report(lang, "admin-rollback-preview", changes)
        choices = (
            Choice(f"adm:rollback:{target}", self.t(lang, "admin-choice-apply")),
            Choice("adm:cancel", self.t(lang, "admin-choice-cancel")),
        )
        return [Reply(text, choices)]

    async def confirm_rollback(self, admin: UserRef, target: int, lang: str) -> list[Reply]:
        try:
            report = await self.knowledge.rollback(target, author=self.name_of(admin))
        except LookupError:
            return [Reply(self.t(lang, "admin-rollback-usage"))]
        await self.audit(admin, "rollback", f"to {target} as {report.version}")
        version = report.version or target
        return [Reply(self.t(lang, "admin-import-done", version=version, notices=report.notices))]

    # ---- broadcasts ---------------------------------------------------------------------

    async def draft_broadcast(self, admin: UserRef, text: str, lang: str) -> list[Reply]:
        text = text.strip()
        if not text:
            return [Reply(self.t(lang, "admin-broadcast-usage"))]
        async with self.sessions.begin() as session:
            count = await session.scalar(
                select(func.count()).select_from(User).where(User.active.is_(True))
            )
            draft = Broadcast(
                admin=self.name_of(admin),
                text=text[:4000],
                status_channel=admin.channel,
                status_chat=admin.platform_id,
            )
            session.add(draft)
            await session.flush()
            draft_id = draft.id
        await self.audit(admin, "broadcast-draft", f"#{draft_id}")
        choices = (
            Choice(f"adm:bcast:{draft_id}", self.t(lang, "admin-choice-send")),
            Choice("adm:cancel", self.t(lang, "admin-choice-cancel")),
        )
        preview = self.t(lang, "admin-broadcast-preview", count=count or 0, text=text[:4000])
        return [Reply(preview, choices)]

    async def confirm_broadcast(self, admin: UserRef, draft_id: int, lang: str) -> list[Reply]:
        async with self.sessions.begin() as session:
            draft = await session.get(Broadcast, draft_id, with_for_update=True)
            if draft is None or draft.confirmed:
                return [Reply(self.t(lang, "error-stale-choice"))]
            total = await enqueue_to_active_users(
                session, "broadcast", [Reply(draft.text)], draft.id
            )
            draft.confirmed = True
            draft.total = total
        await self.audit(admin, "broadcast", f"#{draft_id} to {total}")
        return [Reply(self.t(lang, "admin-broadcast-queued", id=draft_id, count=total))]

    # ---- numbers ------------------------------------------------------------------------

    def sms_stats(
        self, lang: str, days: Sequence[SmsDay], conversations: Sequence[int] = ()
    ) -> list[str]:
        """SMS segments today and over 30 days, per number a day, and per conversation
        (ended ones that cost any, begun in the 30 days: how many, the median and the most
        segments one cost);
        nothing when SMS is not used."""
        if not days:
            return []
        now = next((d for d in days if d.day == utcnow().date()), None)
        segments, numbers = sum(d.segments for d in days), sum(d.numbers for d in days)
        lines = [
            self.t(
                lang,
                "admin-sms-stats",
                today=now.segments if now else 0,
                today_numbers=now.numbers if now else 0,
                total=segments,
                per_number=f"{segments / numbers:.1f}" if numbers else "0",
            )
        ]
        if conversations:
            median = statistics.median(conversations)
            lines.append(
                self.t(
                    lang,
                    "admin-sms-conversations",
                    count=len(conversations),
                    median=f"{median:g}",
                    max=max(conversations),
                )
            )
        return lines

    async def stats(self, admin: UserRef, lang: str) -> list[Reply]:
        await self.audit(admin, "stats")
        since = utcnow() - dt.timedelta(days=30)
        async with self.sessions() as session:
            channels = (
                await session.execute(select(User.channel, func.count()).group_by(User.channel))
            ).all()
            languages = (
                await session.execute(select(User.language, func.count()).group_by(User.language))
            ).all()
            origins = (
                await session.execute(
                    select(FlowLog.origin, func.count())
                    .group_by(FlowLog.origin)
                    .order_by(func.count().desc())
                    .limit(9)
                )
            ).all()
            top_queries = (
                await session.execute(
                    select(QueryLog.query, func.count())
                    .where(QueryLog.created_on >= since.date())
                    .group_by(QueryLog.query)
                    .order_by(func.count().desc())
                    .limit(5)
                )
            ).all()
            gaps = (
                await session.execute(
                    select(QueryLog.query, func.count())
                    .where(QueryLog.matched.is_(False))
                    .group_by(QueryLog.query)
                    .order_by(func.count().desc())
                    .limit(10)
                )
            ).all()
            flows = (
                await session.execute(
                    select(FlowLog.hs, FlowLog.origin, FlowLog.destination, func.count())
                    .group_by(FlowLog.hs, FlowLog.origin, FlowLog.destination)
                    .order_by(func.count().desc())
                    .limit(5)
                )
            ).all()
            helpful = (
                await session.execute(
                    select(Feedback.helpful, func.count()).group_by(Feedback.helpful)
                )
            ).all()
            daily = (
                await session.execute(
                    select(QueryLog.created_on, func.count())
                    .where(QueryLog.created_on >= since.date())
                    .group_by(QueryLog.created_on)
                    .order_by(QueryLog.created_on)
                )
            ).all()
            commodities = (
                await session.execute(
                    select(FlowLog.hs, func.count())
                    .group_by(FlowLog.hs)
                    .order_by(func.count().desc())
                    .limit(8)
                )
            ).all()
            sms_days = (
                await session.scalars(select(SmsDay).where(SmsDay.day >= since.date()))
            ).all()
            sms_conversations = (
                await session.scalars(
                    select(SmsConversation.segments).where(
                        SmsConversation.day >= since.date(),
                        SmsConversation.ended.is_(True),  # as the /metrics histogram
                        SmsConversation.segments > 0,
                    )
                )
            ).all()

        def pairs(rows: Sequence[tuple[object, int]]) -> str:
            return ", ".join(f"{key or '–'} {count}" for key, count in rows) or "–"

        votes = {bool(key): count for key, count in helpful}
        text = "\n".join(
            [
                self.t(lang, "admin-stats-header"),
                self.t(lang, "admin-stats-channels", list=pairs(channels)),
                self.t(lang, "admin-stats-languages", list=pairs(languages)),
                self.t(lang, "admin-stats-countries", list=pairs(origins)),
                self.t(lang, "admin-stats-queries", list=pairs(top_queries)),
                self.t(
                    lang,
                    "admin-stats-flows",
                    list=", ".join(f"{h} {o}→{d} {n}" for h, o, d, n in flows) or "–",
                ),
                self.t(lang, "admin-stats-gaps", list=pairs(gaps)),
                self.t(
                    lang, "admin-stats-feedback", yes=votes.get(True, 0), no=votes.get(False, 0)
                ),
                *self.sms_stats(lang, sms_days, sms_conversations),
            ]
        )
        days = [(str(day), n) for day, n in daily]
        chart = await render_stats_chart(days, [(h, n) for h, n in commodities])
        if chart is None:  # matplotlib not installed: the last days in words
            text += "\n" + self.t(lang, "admin-stats-daily", list=daily_text(days))
        return [Reply(text, image=chart)]

    async def incidents(self, admin: UserRef, lang: str) -> list[Reply]:
        """Counts per crossing point, situation and month; free texts only here, for admins."""
        await self.audit(admin, "incidents")
        month = func.substr(cast(Incident.occurred_on, String), 1, 7)
        async with self.sessions() as session:
            rows = (
                await session.execute(
                    select(Incident.post, Incident.situation, month, func.count())
                    .group_by(Incident.post, Incident.situation, month)
                    .order_by(month.desc(), func.count().desc())
                    .limit(30)
                )
            ).all()
        if not rows:
            return [Reply(self.t(lang, "admin-incidents-none"))]
        lines = [self.t(lang, "admin-incidents-header")]
        lines += [f"{m} · {post or '–'} · {situation}: {n}" for post, situation, m, n in rows]
        return [Reply("\n".join(lines))]
