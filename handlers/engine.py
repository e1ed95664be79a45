"""One engine for every channel: `handle(event)` runs one turn and returns plain replies."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from handlers.admin import AdminService, is_admin_event
from handlers.clock import Clock, utc_now
from handlers.context import Context, Library, Translator
from handlers.dialog import Turn, turn
from handlers.events import Event, Outcome, Reply, UserRef, our_language
from handlers.published import Published
from handlers.state import State
from knowledge import DEFAULT_LANG
from knowledge.exchange import RateBook

log = logging.getLogger(__name__)


# Called in the turn's own transaction with its outcome (the channel's inbox marks the
# update handled and queues the reply there): (database connection, outcome).
Commit = Callable[[Any, Outcome], None]


class TurnAbandoned(Exception):
    """Raised by a `commit` to roll the turn back without an answer: not a failure (the
    update was answered meanwhile by another process)."""


class ConversationStore(Protocol):
    async def run_turn(
        self,
        user: UserRef,
        step: Callable[[State], Turn],
        then: Callable[[Any, Turn], None] | None = None,
    ) -> Turn: ...


class LibrarySource(Protocol):
    async def current(self) -> Library: ...


class RatesSource(Protocol):
    async def current(self) -> RateBook: ...


class PublishedSnapshots(Protocol):
    async def current(self) -> Published: ...


class UserLanguages(Protocol):
    async def language_of(self, ref: UserRef) -> str | None: ...


class StorageUnavailable(Exception):
    """The store could not be reached or used (not a bug of ours): the trader is asked to
    try again. The shell turns its drivers' errors into this (bot.db.storage_boundary);
    the engine knows no driver."""


# Outages as the engine sees them: its own type, and the network's built-in errors.
OUTAGES = (StorageUnavailable, ConnectionError, OSError, TimeoutError)


class Engine:
    def __init__(
        self,
        store: ConversationStore,
        library: LibrarySource,
        t: Translator,
        expert_enabled: bool = False,
        admin: AdminService | None = None,
        languages: UserLanguages | None = None,
        clock: Clock = utc_now,
        rates: RatesSource | None = None,
        published: PublishedSnapshots | None = None,
    ) -> None:
        self.store = store
        self.library = library
        self.t = t
        self.expert_enabled = expert_enabled
        self.admin = admin
        self.languages = languages
        self.clock = clock  # the instant of the turn; the turn sees her day in her zone
        self.rates = rates
        self.published = published  # incident statistics and prices

    async def handle(self, event: Event, commit: Commit | None = None) -> Outcome:
        """One turn. `commit`, when given, runs in the turn's transaction with its outcome;
        admin turns have no such transaction and leave `commit` uncalled."""
        try:
            if is_admin_event(event):
                event = await self.admin_turn(event)
                if isinstance(event, Outcome):
                    return event
            library = await self.library.current()
            rates = await self.rates.current() if self.rates is not None else None
            published = await self.published.current() if self.published else None
            context = Context(
                library,
                self.t,
                self.expert_enabled,
                now=self.clock(),
                rates=rates,
                published=published,
            )
            version = library.knowledge.version
            then = None
            if commit is not None:

                def then(connection: Any, result: Turn) -> None:
                    commit(connection, Outcome(result.replies, version, result.edit_in_place))

            result = await self.store.run_turn(
                event.user, lambda state: turn(state, event, context), then
            )
            return Outcome(result.replies, version, result.edit_in_place)
        except TurnAbandoned:
            log.info("a turn was abandoned: its update was answered elsewhere")
            return Outcome([], failed=True)
        except OUTAGES as error:
            log.warning(
                "storage unavailable: %s",
                (error.__cause__ and type(error.__cause__).__name__) or type(error).__name__,
            )
            lang = fallback_lang(event)
            return Outcome([Reply(self.t(lang, "error-try-again"))], failed=True, outage=True)
        except Exception:
            lang = fallback_lang(event)
            log.exception("turn failed for a %s user", event.user.channel)
            return Outcome([Reply(self.t(lang, "error-apology"))], failed=True)

    async def admin_turn(self, event: Event) -> Event | Outcome:
        """Admins get the admin reply; anyone else gets the ordinary help, nothing more."""
        if self.admin is not None and await self.admin.admits(event):
            lang = fallback_lang(event)
            if self.languages is not None:
                lang = await self.languages.language_of(event.user) or lang
            replies = await self.admin.handle(event, lang)
            library = await self.library.current()
            return Outcome(replies, library.knowledge.version)
        return Event.command(event.user, "help", event.platform_lang)


def fallback_lang(event: Event) -> str:
    return our_language(event.platform_lang) or DEFAULT_LANG
