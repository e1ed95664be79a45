"""Admin commands for issue 18 in chat: prices (also for appointed reporters), reporters,
notes on what was done about a crossing, and the waiting questions.

    /price MARKET HS UNIT CURRENCY PRICE [YYYY-MM-DD]   (or a .csv file)
    /prices [HS]            latest prices with who reported them (admins only)
    /reporter KEY           appoint a reporter: telegram:ID, whatsapp:NUMBER or +PHONE
    /crossingnote POST text what was done about a crossing; its followers get it
    /waiting                questions waiting for an answer, by how many asked
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import CrossingFollow, CrossingNote, Market, Price, PriceReporter, User
from bot.outbox import enqueue
from bot.prices import (
    PriceProblem,
    check_entries,
    csv_rows,
    is_reporter,
    publish,
    reporter_key,
)
from bot.waiting_answers import waiting_ranked
from handlers.context import Translator, region_today
from handlers.events import Attachment, Event, EventKind, Reply, UserRef
from handlers.views import post_name
from knowledge.base import Knowledge

if TYPE_CHECKING:
    from bot.admin import Admin

COMMANDS = frozenset({"price", "prices", "reporter", "crossingnote", "waiting"})
REPORTER_COMMANDS = frozenset({"price"})
MAX_PROBLEMS = 10
MAX_NOTE = 1000


def is_price_upload(event: Event) -> bool:
    return event.kind == EventKind.DOCUMENT and event.value.lower().endswith(".csv")


async def reporter_may(admin: Admin, event: Event) -> bool:
    """An appointed reporter may publish prices (the short form or a CSV), nothing else."""
    wanted = (
        event.kind == EventKind.COMMAND and event.value in REPORTER_COMMANDS
    ) or is_price_upload(event)
    if not wanted:
        return False
    async with admin.sessions() as session:
        return await is_reporter(session, event.user)


async def handle(admin: Admin, event: Event, lang: str) -> list[Reply]:
    knowledge = (await admin.knowledge.current()).knowledge
    if is_price_upload(event) and event.attachment is not None:
        return await price_upload(admin, event.user, event.attachment, knowledge, lang)
    command, argument = event.value, event.argument.strip()
    if command == "price":
        return await price_command(admin, event.user, argument, knowledge, lang)
    if not admin.is_admin(event.user):  # a reporter: prices only
        return [Reply(admin.t(lang, "help"))]
    if command == "prices":
        return await price_list(admin, argument, lang)
    if command == "reporter":
        return await add_reporter(admin, event.user, argument, lang)
    if command == "crossingnote":
        return await crossing_note(admin, event.user, argument, knowledge, lang)
    return await waiting_list(admin, event.user, lang)


# ---- prices -----------------------------------------------------------------------------


def problem_lines(t: Translator, lang: str, problems: list[PriceProblem]) -> list[str]:
    return [
        t(
            lang,
            "admin-price-problem",
            line=p.line,
            problem=t(lang, f"admin-price-problem-{p.code}"),
            value=p.value or "–",
        )
        for p in problems[:MAX_PROBLEMS]
    ]


async def usage(admin: Admin, lang: str) -> list[Reply]:
    async with admin.sessions() as session:
        ids = (await session.scalars(select(Market.id).order_by(Market.id))).all()
    return [Reply(admin.t(lang, "admin-price-usage", markets=", ".join(ids)))]


async def save_prices(
    admin: Admin,
    user: UserRef,
    rows: list[tuple[int, list[str]]],
    knowledge: Knowledge,
    lang: str,
) -> list[Reply]:
    """All rows or none: a file with one bad row changes nothing."""
    reporter = admin.name_of(user)
    async with admin.sessions.begin() as session:
        entries, problems = await check_entries(session, rows, knowledge, region_today())
        if problems:
            return [Reply("\n".join(problem_lines(admin.t, lang, problems)))]
        alerts = await publish(session, entries, reporter, knowledge, admin.t, admin.price_share)
    await admin.audit(user, "prices", f"{len(entries)} prices, {alerts} alerts")
    if admin.published is not None:
        admin.published.invalidate()
    return [Reply(admin.t(lang, "admin-price-saved", count=len(entries), alerts=alerts))]


async def price_command(
    admin: Admin, user: UserRef, argument: str, knowledge: Knowledge, lang: str
) -> list[Reply]:
    fields = argument.split()
    if not fields:
        return await usage(admin, lang)
    return await save_prices(admin, user, [(1, fields)], knowledge, lang)


async def price_upload(
    admin: Admin, user: UserRef, attachment: Attachment, knowledge: Knowledge, lang: str
) -> list[Reply]:
    try:
        rows = csv_rows(attachment.data.decode("utf-8"))
    except UnicodeDecodeError:
        return [Reply(admin.t(lang, "admin-upload-unreadable"))]
    except PriceProblem as problem:
        return [Reply("\n".join(problem_lines(admin.t, lang, [problem])))]
    return await save_prices(admin, user, rows, knowledge, lang)


async def price_list(admin: Admin, hs: str, lang: str) -> list[Reply]:
    async with admin.sessions() as session:
        query = select(Price).order_by(Price.price_date.desc(), Price.id.desc()).limit(15)
        if hs:
            query = query.where(Price.hs == hs)
        prices = (await session.scalars(query)).all()
    if not prices:
        return [Reply(admin.t(lang, "admin-price-none"))]
    lines = [admin.t(lang, "admin-price-list")]
    lines += [
        f"{p.price_date} {p.market} {p.hs} {p.price} {p.currency}/{p.unit} · {p.reporter}"
        for p in prices
    ]
    return [Reply("\n".join(lines))]


async def add_reporter(admin: Admin, user: UserRef, argument: str, lang: str) -> list[Reply]:
    key = reporter_key(argument)
    if key is None:
        return [Reply(admin.t(lang, "admin-reporter-usage"))]
    async with admin.sessions.begin() as session:
        if await session.get(PriceReporter, key) is None:
            session.add(PriceReporter(key=key, added_by=admin.name_of(user)))
    await admin.audit(user, "reporter", key)
    return [Reply(admin.t(lang, "admin-reporter-added", reporter=key))]


# ---- crossings --------------------------------------------------------------------------


async def post_crossing_note(
    session: AsyncSession,
    post: str,
    text: str,
    author: str,
    knowledge: Knowledge,
    t: Translator,
) -> int:
    """Save the note and queue it to everyone following the crossing; how many."""
    found = next((p for p in knowledge.border_posts if p.id == post), None)
    if found is None:
        raise LookupError(post)
    session.add(CrossingNote(post=post, text=text[:MAX_NOTE], admin=author))
    rows = await session.execute(
        select(User.channel, User.platform_id, User.language)
        .join(CrossingFollow, CrossingFollow.user_id == User.id)
        .where(CrossingFollow.post == post, User.active.is_(True))
    )
    count = 0
    name = post_name(found.names)
    for channel, platform_id, language in rows.all():
        lang = language or "en"
        message = "\n".join(
            [
                t(lang, "crossing-note", crossing=name, text=text[:MAX_NOTE]),
                t(lang, "crossing-note-footer"),
            ]
        )
        enqueue(session, UserRef(channel, platform_id), "notice", [Reply(message)])
        count += 1
    return count


async def crossing_note(
    admin: Admin, user: UserRef, argument: str, knowledge: Knowledge, lang: str
) -> list[Reply]:
    post, _, text = argument.partition(" ")
    ids = [p.id for p in knowledge.border_posts]
    if post not in ids or not text.strip():
        return [Reply(admin.t(lang, "admin-note-usage", ids=", ".join(ids)))]
    author = admin.name_of(user)
    async with admin.sessions.begin() as session:
        count = await post_crossing_note(session, post, text.strip(), author, knowledge, admin.t)
    await admin.audit(user, "crossing-note", f"{post}: {count}")
    found = next(p for p in knowledge.border_posts if p.id == post)
    return [Reply(admin.t(lang, "admin-note-sent", crossing=post_name(found.names), count=count))]


# ---- waiting questions ------------------------------------------------------------------


async def waiting_list(admin: Admin, user: UserRef, lang: str) -> list[Reply]:
    await admin.audit(user, "waiting")
    async with admin.sessions() as session:
        ranked = await waiting_ranked(session)
    if not ranked:
        return [Reply(admin.t(lang, "admin-waiting-none"))]
    lines = [admin.t(lang, "admin-waiting-header")]
    lines += [f"{n} · {query}" for query, n in ranked]
    return [Reply("\n".join(lines))]
