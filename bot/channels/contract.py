"""The channel contract: what a messenger adapter declares, and the registry that mounts it.

A channel is ONE module in `bot/channels/` holding a module-level `ChannelSpec`; nothing else
in the code base names it. `discover()` imports the package's modules and collects every
spec; `tradebot serve` (bot/web.py) mounts the routes of each enabled one, `tradebot worker`
(bot/worker.py) sends its outbox rows through its outlet. Adding a channel = its module and
its tests.

    ChannelSpec(
        name="sms",                               # UserRef.channel, outbox and inbox rows
        settings_type=SmsSettings,                # its own pydantic-settings class (SMS_*)
        settings=("account_sid", ...),            # the fields it reads; the channel is
        required=("account_sid", ...),            #   enabled when these are set
        limits=Limits(text_max=..., measure=..., buttons_max=0, numbered=True,
                      segments_max=3, rate_per_s=...),
        mount=mount,     # async (web_app, Services) -> None: routes, Recovery, startup/cleanup
        outlet=outlet,   # (Services, InactiveMarker, AsyncExitStack) -> Outlet(sender, status)
        parse=parse,     # (stored payload, knowledge version | None) -> Event | None
        render=render,   # (replies, knowledge version) -> the platform's messages
        title="SMS",     # how the admins' console names it (default: the name)
        preview=preview, # (replies, version, translator, lang) -> Bubbles the console shows
    )

A channel receives `Services` (settings, inbox, engine, store, knowledge, translator, admin,
sessions, metrics), never the whole `App`; `SPEC.configured(services.settings)` gives its
own settings (`settings_type`, read from the environment), or the main Settings for the
channels whose fields live there (Telegram, WhatsApp). What every channel shares lives once:
- bot/channels/text.py: `split_text(text, limit, measure)` (paragraphs, lines, words; a
  word is cut only when longer than the limit), `fit`, `encode_choice`/`decode_choice`
  (`version|id`), `numbered_lines`/`numbered_menu` and `chosen` (a typed number back to the
  choice id);
- here: `InFlight` (the tasks a channel has running: spawned, awaited at shutdown) and
  `InboxChannel`, the life of a stored update: stored in the inbox (a repeat is not handled
  twice), handled after the same trader's earlier ones, 'try again' (throttled) during an
  outage, an apology when handling fails, the reply sent from memory, re-sent by Recovery.
  A channel subclasses it and writes only what its platform does differently: `load` and
  `who` (a stored payload, its sender), `answer` (to an Event, then `turn`), `deliver` (a
  queued reply out) and `say` (a short text straight to a trader).

Tests: a registry holding a test's own spec goes to `create_web_app(app, registry)` and
`run_worker(app, ..., channels=registry)`; a channel's own settings come from the
environment (`monkeypatch.setenv`).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from aiohttp import web
from pydantic_settings import BaseSettings

from bot.channels.base import recovery
from bot.channels.bubbles import Preview, plain_bubbles
from bot.inbox import MAX_ATTEMPTS, Item, KeyedLocks, QueuedReply, Receipt, Throttle, json_replies
from handlers.events import Event, Outcome, Reply, UserRef, our_language
from knowledge import DEFAULT_LANG

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from bot.admin import Admin
    from bot.bootstrap import App
    from bot.i18n import Translator
    from bot.inbox import Inbox
    from bot.knowledge_store import KnowledgeStore
    from bot.metrics import InstrumentedEngine, Metrics
    from bot.outbox import Sender
    from bot.settings import Settings
    from bot.storage import SqlStore

log = logging.getLogger(__name__)

# Shows 'sent N of M, failed K' to the admin: (admin, text, id of the status message so far,
# whether the broadcast is done) -> the id to pass next time. Where messages can be edited
# (Telegram) one message follows the progress; elsewhere one arrives at the end.
StatusWriter = Callable[[UserRef, str, str | None, bool], Awaitable[str | None]]


# ---- what a channel declares ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """What one message on the platform can hold. `measure` counts text as the platform
    does (additive: the sum over characters); `text_max` is in its units."""

    text_max: int
    measure: Callable[[str], int] = len
    buttons_max: int = 0  # tappable buttons on one message; 0: none
    list_rows_max: int = 0  # rows of one list; 0: no lists
    numbered: bool = False  # choices as numbered lines, read back from a typed number
    choice_id_max: int | None = None  # bytes of an encoded `version|id` the platform carries
    segments_max: int = 0  # SMS: segments a reply may take; 0: not counted
    rate_per_s: float | None = None  # the outbox worker's pace on this channel; None: its own


@dataclass(frozen=True, slots=True)
class Services:
    """What a channel may use: passed in at mounting, instead of the whole `App`."""

    settings: Settings
    inbox: Inbox
    engine: InstrumentedEngine
    store: SqlStore
    knowledge: KnowledgeStore
    translator: Translator
    admin: Admin
    sessions: async_sessionmaker[AsyncSession]
    metrics: Metrics

    @classmethod
    def of(cls, app: App) -> Services:
        return cls(
            app.settings,
            app.inbox,
            app.engine,
            app.store,
            app.knowledge,
            app.translator,
            app.admin,
            app.sessions,
            app.metrics,
        )


class InactiveMarker(Protocol):
    """Where a sender reports a trader the platform cannot reach any more."""

    async def mark_inactive(self, ref: UserRef) -> None: ...


@dataclass(frozen=True, slots=True)
class Outlet:
    """A channel's side of the outbox worker: how a queued message is sent, and how an
    admin sees a broadcast's progress (None: one message with the count at the end)."""

    sender: Sender
    status: StatusWriter | None = None


Mount = Callable[[web.Application, Services], Awaitable[None]]
MakeOutlet = Callable[[Services, InactiveMarker, contextlib.AsyncExitStack], Outlet]
Parse = Callable[[dict[str, Any], int | None], Event | None]
Render = Callable[[Sequence[Reply], int], Sequence[Any]]


@dataclass(frozen=True)
class ChannelSpec:
    name: str
    limits: Limits
    settings: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    mount: Mount | None = None
    outlet: MakeOutlet | None = None
    parse: Parse | None = None
    render: Render | None = None
    # The channel's own settings: a pydantic-settings class in its module, read from the
    # environment and `.env` like Settings (e.g. env_prefix "SMS_"), so a new channel needs
    # no line in bot/settings.py. None: its `settings` are fields of the main Settings.
    settings_type: type[BaseSettings] | None = None
    title: str = ""  # the console's name for it; empty: `name`
    # What the admins' console shows of its messages (bot/channels/bubbles.py). None: its
    # text cut at its limits, its choices numbered or as buttons (`plain_bubbles`).
    preview: Preview | None = None

    @property
    def shown_as(self) -> str:
        return self.title or self.name

    def bubbles(self) -> Preview:
        """How the console previews this channel's messages."""
        return self.preview if self.preview is not None else plain_bubbles(self.limits)

    def configured(self, settings: Settings) -> Any:
        """The object holding this channel's settings: its own, else the main Settings."""
        return settings if self.settings_type is None else self.settings_type()

    def enabled(self, settings: Settings) -> bool:
        """Every required setting is set (a channel without any is always on)."""
        configured = self.configured(settings)
        return all(getattr(configured, name, None) not in (None, "") for name in self.required)


# ---- the registry -----------------------------------------------------------------------


class Registry:
    """The channels a process knows, by name, in the order they were registered."""

    def __init__(self, specs: Sequence[ChannelSpec] = ()) -> None:
        self._specs: dict[str, ChannelSpec] = {}
        for spec in specs:
            self.register(spec)

    def register(self, spec: ChannelSpec) -> ChannelSpec:
        known = self._specs.get(spec.name)
        if known is not None and known is not spec:
            raise ValueError(f"two channels are named {spec.name!r}")
        self._specs[spec.name] = spec
        return spec

    def __iter__(self) -> Iterator[ChannelSpec]:
        return iter(self._specs.values())

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __getitem__(self, name: str) -> ChannelSpec:
        return self._specs[name]

    def names(self) -> list[str]:
        return list(self._specs)

    def enabled(self, settings: Settings) -> list[ChannelSpec]:
        return [spec for spec in self if spec.enabled(settings)]

    def with_(self, *specs: ChannelSpec) -> Registry:
        """A copy with more channels (tests add a toy one)."""
        return Registry([*self, *specs])


def discover(package: str = "bot.channels") -> Registry:
    """Every `ChannelSpec` held at module level by a module of `package`, by module name."""
    registry = Registry()
    root = importlib.import_module(package)
    for module_info in sorted(pkgutil.iter_modules(root.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, ChannelSpec):
                registry.register(value)
    return registry


@cache
def default_registry() -> Registry:
    """The channels shipped in `bot/channels/`, found once per process."""
    return discover()


# ---- shared runtime ---------------------------------------------------------------------


class InFlight:
    """The tasks a channel has running (updates being handled, retries, 'try again' notes):
    kept referenced while they run, and awaited before the process lets its clients go."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.create_task(work)
        self.add(task)
        return task

    def add(self, task: asyncio.Task[Any]) -> None:
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    @contextlib.contextmanager
    def tracking(self) -> Iterator[None]:
        """The current task counts as in flight while the block runs (a webhook's handling,
        which its HTTP request runs)."""
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
        try:
            yield
        finally:
            if task is not None:
                self.tasks.discard(task)

    async def drain(self, timeout: float) -> bool:
        """Wait (up to `timeout`) for what runs now; True when all of it finished."""
        pending = {task for task in self.tasks if task is not asyncio.current_task()}
        if not pending:
            return True
        _, still = await asyncio.wait(pending, timeout=timeout)
        return not still

    async def idle(self) -> None:
        """Wait until nothing runs, including what the running tasks start meanwhile."""
        while True:
            pending = [task for task in self.tasks if task is not asyncio.current_task()]
            if not pending:
                return
            await asyncio.gather(*pending, return_exceptions=True)

    def __len__(self) -> int:
        return len(self.tasks)


class Unreadable(Exception):
    """A stored update no longer parses (a platform library changed): dropped, not retried."""


class InboxChannel:
    """The life of a stored update, the same on every channel (bot/inbox.py):

    1. `accept` stores a delivery's updates in one transaction: a repeat (same platform id)
       is not handled twice. When that fails the caller answers 503 and `tell`s each
       sender 'try again' (once in a while during an outage, `Throttle`).
    2. `handle` takes one stored update after the same trader's earlier ones (`KeyedLocks`,
       `Inbox.catch_up`) and never raises: `load` reads the platform object back, `who`
       says whom to answer, `answer` does the channel's part and calls `turn`.
    3. `turn` asks the engine inside the turn's transaction (the receipt); during an outage
       the update is retried from memory; otherwise the queued reply is sent (`send`), and
       deleted once the platform took it. Handling that fails is answered with an apology,
       marked handled so it is not tried again and again.
    4. `resend` sends what a crash or the platform left queued (Recovery).

    A subclass sets `name` and `platform_errors` (worth a later retry) and writes `load`,
    `who`, `answer`, `deliver` (replies -> the platform, with the queued reply's `extra`)
    and `say` (a short text straight to a trader).
    """

    name: str = ""
    platform_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, services: Services) -> None:
        self.app = services
        self.locks = KeyedLocks()
        self.told = Throttle()
        self.in_flight = InFlight()

    # ---- what a channel writes ------------------------------------------------------------

    def load(self, payload: dict[str, Any]) -> Any:
        """The stored payload as the platform object `answer` takes (raise Unreadable)."""
        return payload

    def who(self, update: Any) -> tuple[UserRef | None, str | None]:
        """Whom to answer (None: nobody), and in which messenger language."""
        raise NotImplementedError

    async def answer(self, update: Any, receipt: Receipt) -> None:
        """Whatever the update needs: usually `await self.turn(event, receipt, lang)`;
        `await self.app.inbox.finish(receipt, None)` when it needs no answer."""
        raise NotImplementedError

    async def deliver(
        self, user: UserRef, replies: Sequence[Reply], version: int, extra: Mapping[str, Any]
    ) -> None:
        """Send a queued reply; `extra` is what the receipt carried (edit in place, page)."""
        raise NotImplementedError

    async def say(self, user: UserRef, text: str) -> None:
        raise NotImplementedError

    async def deliver_outcome(
        self, user: UserRef, outcome: Outcome, receipt: Receipt, context: Any
    ) -> None:
        """Send a turn's reply from memory; `context` is what `turn` was given."""
        extra = {"edit": outcome.edit_in_place, **receipt.extra}
        await self.deliver(user, outcome.replies, outcome.knowledge_version, extra)

    async def outcome(self, event: Event, receipt: Receipt, context: Any) -> Outcome:
        return await self.app.engine.handle(event, receipt.commit)

    # ---- shared -----------------------------------------------------------------------------

    async def accept(
        self, entries: Sequence[tuple[str, UserRef | None, dict[str, Any]]]
    ) -> list[Item]:
        """(platform id, sender, payload) stored in one transaction; raises when it cannot
        be. Returns what this process now holds (a repeat already handled is not)."""
        return await self.app.inbox.accept(self.name, entries)

    def spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        self.in_flight.spawn(work)

    async def handle(self, item: Item, update: Any = None) -> None:
        """One stored update, after the same trader's earlier ones; never raises. `update`
        is the item's payload already loaded (a webhook's, handled at once)."""
        with self.in_flight.tracking():
            try:
                async with self.locks.held(item.sender):
                    if item.older_pending:
                        await self.app.inbox.catch_up(item, self._handle_held)
                    await self._handle_held(item, update)
            except Exception:
                log.exception("a %s update could not be handled", self.name)

    async def _handle_held(self, item: Item, update: Any = None) -> None:
        inbox = self.app.inbox
        try:
            if update is None:
                update = self.load(item.payload)
        except Unreadable:
            log.error("a stored %s update no longer parses; dropped", self.name)
            await inbox.finish(inbox.receipt(item, UserRef(self.name, "0")), None)
            return
        user, lang = self.who(update)
        receipt = inbox.receipt(item, user or UserRef(self.name, "0"))
        try:
            if item.exhausted:
                raise RuntimeError("handling this update failed again and again")
            await self.answer(update, receipt)
        except Exception:
            log.exception("a %s update failed", self.name)
            if not receipt.committed and not receipt.already_handled:
                await self.apologise(receipt, user, lang)

    async def turn(
        self, event: Event, receipt: Receipt, platform_lang: str | None, context: Any = None
    ) -> None:
        outcome = await self.outcome(event, receipt, context)
        if receipt.already_handled:
            return
        if outcome.outage:
            await self.tell(event.user, platform_lang, "error-try-again", outage=True)
            self.spawn(self.app.inbox.retry_after_outage(receipt.item, self.handle))
            return
        if not receipt.committed:  # admin replies and apologies: no turn transaction
            await self.app.inbox.finish(receipt, outcome)
            if not receipt.committed:
                return
        await self.send(receipt, event.user, outcome, platform_lang, context)

    async def apologise(self, receipt: Receipt, user: UserRef | None, lang: str | None) -> None:
        """Handling failed (our bug): the update is marked handled with an apology queued,
        so it is not tried again and again."""
        if user is None:
            await self.app.inbox.finish(receipt, None)
            return
        text = self.app.translator(await self.language(user, lang), "error-apology")
        outcome = Outcome([Reply(text)], failed=True)
        await self.app.inbox.finish(receipt, outcome)
        if receipt.committed:
            await self.send(receipt, user, outcome, lang, None)

    async def send(
        self,
        receipt: Receipt,
        user: UserRef,
        outcome: Outcome,
        platform_lang: str | None,
        context: Any,
    ) -> None:
        """The queued reply, sent from memory; its row deleted once the platform took it."""
        try:
            await self.deliver_outcome(user, outcome, receipt, context)
        except self.platform_errors as error:
            log.warning("%s reply not sent, queued for later: %s", self.name, error)
            await self.app.inbox.not_sent(receipt.outbox_id)
            return
        except Exception:
            log.exception("a %s reply could not be sent", self.name)
            await self.app.inbox.not_sent(receipt.outbox_id, MAX_ATTEMPTS)
            await self.tell(user, platform_lang, "error-apology")
            return
        await self.app.inbox.sent(receipt.outbox_id)

    async def resend(self, queued: QueuedReply) -> None:
        """A reply a crash or a failure left unsent (Recovery)."""
        payload = queued.payload
        user = UserRef(self.name, queued.platform_id)
        try:
            version = int(payload.get("version") or 0)
            await self.deliver(user, json_replies(payload), version, payload)
        except self.platform_errors as error:
            log.warning("%s reply not sent again: %s", self.name, error)
            await self.app.inbox.not_sent(queued.id, queued.attempts)
            return
        except Exception:
            log.exception("a queued %s reply could not be sent", self.name)
            await self.app.inbox.not_sent(queued.id, MAX_ATTEMPTS)
            return
        await self.app.inbox.sent(queued.id)

    async def tell(
        self, user: UserRef | None, platform_lang: str | None, key: str, outage: bool = False
    ) -> None:
        """A short message straight to the trader, not through the database; best effort,
        never raises. During an outage, at most once in a while to one trader."""
        if user is None or (outage and not self.told.allow(user)):
            return
        try:
            text = self.app.translator(await self.language(user, platform_lang), key)
            await self.say(user, text)
        except Exception as error:
            log.warning("could not tell a %s user either: %s", self.name, type(error).__name__)

    async def language(self, user: UserRef | None, platform_lang: str | None) -> str:
        """Her language as stored, else her messenger's, else the default; never raises."""
        try:
            stored = await self.app.store.language_of(user) if user is not None else None
        except Exception:
            stored = None
        return our_language(stored or platform_lang) or DEFAULT_LANG

    def recovery(self) -> tuple[str, Callable[[Item], Awaitable[None]], Any]:
        """What `Recovery.add` takes: (channel, handle, resend)."""
        return self.name, self.handle, self.resend

    async def drain(self, timeout: float) -> bool:
        return await self.in_flight.drain(timeout)

    async def idle(self) -> None:
        await self.in_flight.idle()


SHUTDOWN_WAIT_S = 10.0


def serve_channel(
    web_app: web.Application, channel: InboxChannel, *closing: Callable[[], Awaitable[None]]
) -> None:
    """What every webhook channel does on the web server: its stored updates and queued
    replies join the server's Recovery; at shutdown it finishes what it is answering (up to
    SHUTDOWN_WAIT_S), then closes what it holds (`closing`, e.g. its HTTP client)."""
    recovery(web_app).add(*channel.recovery())

    async def finish(_: web.Application) -> None:
        try:
            await asyncio.wait_for(channel.idle(), SHUTDOWN_WAIT_S)
        except TimeoutError:
            log.warning("shutting down with %s updates still being answered", channel.name)

    async def close(_: web.Application) -> None:
        for closer in closing:
            await closer()

    web_app.on_shutdown.append(finish)
    web_app.on_cleanup.append(close)
