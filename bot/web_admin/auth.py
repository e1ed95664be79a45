"""Who may use the console: one-time login links, signed session cookies, CSRF tokens.

A link is sent only to an admin (ADMIN_IDS) who types /web in chat; it works once, for ten
minutes, and only its SHA-256 is stored. Signing in makes a session row; the cookie carries
its id, signed with HMAC, so a guessed or altered cookie is refused before the database is
asked. Logging out deletes the row, so a copied cookie stops working at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import WebKey, WebLoginToken, WebSession, utcnow
from handlers.events import Reply, UserRef
from knowledge import DEFAULT_LANG, LANGS

if TYPE_CHECKING:
    from bot.admin import Admin

LINK_TTL = dt.timedelta(minutes=10)
SESSION_TTL = dt.timedelta(hours=8)
COOKIE = "tradebot_admin"
COOKIE_PATH = "/admin"


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back; every time here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# ---- login links ------------------------------------------------------------------------


async def create_login_token(
    sessions: async_sessionmaker[AsyncSession], admin: str, lang: str | None
) -> str:
    token = secrets.token_urlsafe(32)
    async with sessions.begin() as session:
        session.add(
            WebLoginToken(
                token_hash=digest(token),
                admin=admin,
                language=lang,
                expires_at=utcnow() + LINK_TTL,
            )
        )
    return token


async def login_link_reply(admin: Admin, user: UserRef, lang: str) -> Reply:
    """The chat reply to /web: a link that signs this admin in once, within ten minutes."""
    token = await create_login_token(admin.sessions, admin.name_of(user), lang)
    await admin.audit(user, "web-link")
    link = f"{admin.web_url}/admin/login/{token}"
    return Reply(admin.t(lang, "admin-web-link", link=link, minutes=10))


async def consume_login_token(
    sessions: async_sessionmaker[AsyncSession], token: str
) -> tuple[str, str | None] | None:
    """(admin, language) once per link; None when unknown, used or expired."""
    now = utcnow()
    async with sessions.begin() as session:
        result = await session.execute(
            update(WebLoginToken)
            .where(
                WebLoginToken.token_hash == digest(token),
                WebLoginToken.used_at.is_(None),
                WebLoginToken.expires_at > now,
            )
            .values(used_at=now)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = await session.get(WebLoginToken, digest(token))
        assert row is not None
        return row.admin, row.language


# ---- sessions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AdminSession:
    admin: str
    language: str
    csrf: str
    id_hash: str

    @property
    def user(self) -> UserRef:
        channel, _, platform_id = self.admin.partition(":")
        return UserRef(channel, platform_id)


class Sessions:
    """Signs cookies with WEB_SECRET, or with a key made once and kept in the database."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        admins: frozenset[str],
        secret: str | None = None,
    ) -> None:
        self.db = sessions
        self.admins = admins
        self._secret = secret.encode() if secret else None

    async def secret(self) -> bytes:
        if self._secret is None:
            async with self.db() as session:
                row = await session.get(WebKey, 1)
            if row is None:
                try:
                    async with self.db.begin() as session:
                        session.add(WebKey(id=1, secret=secrets.token_hex(32)))
                except IntegrityError:  # another process made it first
                    pass
                async with self.db() as session:
                    row = await session.get(WebKey, 1)
            assert row is not None
            self._secret = row.secret.encode()
        return self._secret

    async def sign(self, session_id: str) -> str:
        mac = hmac.new(await self.secret(), session_id.encode(), hashlib.sha256).hexdigest()
        return f"{session_id}.{mac}"

    async def unsign(self, cookie: str | None) -> str | None:
        if not cookie or "." not in cookie:
            return None
        session_id, _, mac = cookie.rpartition(".")
        expected = hmac.new(await self.secret(), session_id.encode(), hashlib.sha256).hexdigest()
        return session_id if hmac.compare_digest(mac, expected) else None

    async def start(self, admin: str, lang: str | None) -> str:
        """A new session; returns the signed cookie value."""
        session_id = secrets.token_urlsafe(32)
        async with self.db.begin() as session:
            session.add(
                WebSession(
                    id_hash=digest(session_id),
                    admin=admin,
                    language=lang if lang in LANGS else DEFAULT_LANG,
                    csrf=secrets.token_urlsafe(32),
                    expires_at=utcnow() + SESSION_TTL,
                )
            )
            await session.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
        return await self.sign(session_id)

    async def load(self, cookie: str | None) -> AdminSession | None:
        session_id = await self.unsign(cookie)
        if session_id is None:
            return None
        async with self.db() as session:
            row = await session.scalar(
                select(WebSession).where(WebSession.id_hash == digest(session_id))
            )
        if row is None or aware(row.expires_at) <= utcnow() or row.admin not in self.admins:
            return None
        return AdminSession(row.admin, row.language, row.csrf, row.id_hash)

    async def end(self, current: AdminSession) -> None:
        async with self.db.begin() as session:
            await session.execute(delete(WebSession).where(WebSession.id_hash == current.id_hash))

    async def set_language(self, current: AdminSession, lang: str) -> None:
        if lang not in LANGS:
            return
        async with self.db.begin() as session:
            await session.execute(
                update(WebSession)
                .where(WebSession.id_hash == current.id_hash)
                .values(language=lang)
            )


def is_https(request: web.Request) -> bool:
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def set_cookie(request: web.Request, response: web.StreamResponse, value: str) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(SESSION_TTL.total_seconds()),
        path=COOKIE_PATH,
        httponly=True,
        samesite="Lax",
        secure=is_https(request),
    )


def clear_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path=COOKIE_PATH)


def csrf_ok(current: AdminSession, submitted: object) -> bool:
    return isinstance(submitted, str) and hmac.compare_digest(submitted, current.csrf)
