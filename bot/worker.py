"""`tradebot worker`: drains the outbox and keeps the database tidy."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable

from bot.bootstrap import App
from bot.channels.contract import Registry, Services, StatusWriter, default_registry
from bot.models import Broadcast
from bot.outbox import (
    BLOCKED,
    FAILED,
    SENT,
    OutboxWorker,
    RecordingMarker,
    Sender,
    WorkerConfig,
    broadcast_counts,
)
from bot.retention import enforce_retention
from handlers.events import Reply, UserRef

log = logging.getLogger(__name__)
PRUNE_EVERY_S = 3600.0

__all__ = ["FINAL_STATUS", "StatusWriter", "build_senders", "run_worker", "worker_config"]
FINAL_STATUS = "final"  # the status 'message id' of a channel that cannot edit: count sent


async def prune_processed_updates(app: App) -> int:
    """The retention schedule (bot/retention.py); returns the rows deleted."""
    return sum((await enforce_retention(app.sessions)).values())


class BroadcastProgress:
    def __init__(self, app: App, writers: dict[str, StatusWriter]) -> None:
        self.app = app
        self.writers = writers

    async def __call__(self, broadcast_ids: set[int]) -> None:
        for broadcast_id in sorted(broadcast_ids):
            await self.update(broadcast_id)

    async def update(self, broadcast_id: int) -> None:
        async with self.app.sessions.begin() as session:
            broadcast = await session.get(Broadcast, broadcast_id, with_for_update=True)
            if broadcast is None or not broadcast.status_chat or not broadcast.status_channel:
                return
            writer = self.writers.get(broadcast.status_channel)
            if writer is None:
                return
            counts = await broadcast_counts(session, broadcast_id)
            failed = counts.get(FAILED, 0) + counts.get(BLOCKED, 0)
            done = counts.get(SENT, 0) + failed >= broadcast.total
            admin = UserRef(broadcast.status_channel, broadcast.status_chat)
            lang = await self.app.store.language_of(admin)
            text = self.app.translator(
                lang or "en",
                "admin-broadcast-progress",
                id=broadcast_id,
                sent=counts.get(SENT, 0),
                total=broadcast.total,
                failed=failed,
            )
            broadcast.status_message = await writer(admin, text, broadcast.status_message, done)


def build_senders(
    app: App,
    blocked: set[UserRef],
    stack: contextlib.AsyncExitStack,
    channels: Registry | None = None,
) -> tuple[dict[str, Sender], dict[str, StatusWriter]]:
    """A sender and a status writer for every enabled channel of the registry that has an
    outlet; what they hold open is closed by `stack`."""
    senders: dict[str, Sender] = {}
    writers: dict[str, StatusWriter] = {}
    marker = RecordingMarker(app.store, blocked)
    services = Services.of(app)
    for spec in (channels if channels is not None else default_registry()).enabled(app.settings):
        if spec.outlet is None:
            continue
        outlet = spec.outlet(services, marker, stack)
        senders[spec.name] = outlet.sender
        writers[spec.name] = outlet.status or final_status_writer(outlet.sender)
    return senders, writers


def final_status_writer(sender: Sender) -> StatusWriter:
    """For channels that cannot edit a message: the count once, when the broadcast is done."""

    async def write(admin: UserRef, text: str, message_id: str | None, done: bool) -> str | None:
        if not done or message_id is not None:
            return message_id
        await sender.deliver(admin, [Reply(text)], 0)
        return FINAL_STATUS

    return write


def worker_config(app: App, channels: Registry | None = None) -> WorkerConfig:
    """The lease from the settings; each channel's pace from its limits (`rate_per_s`)."""
    rates: dict[str, float] = {}
    for spec in channels if channels is not None else default_registry():
        if spec.limits.rate_per_s is not None:
            rates[spec.name] = spec.limits.rate_per_s
    return WorkerConfig(rates=rates, lease_s=app.settings.outbox_lease_s)


async def run_worker(
    app: App,
    stop: asyncio.Event | None = None,
    config: WorkerConfig | None = None,
    channels: Registry | None = None,
) -> None:
    stop = stop or asyncio.Event()
    blocked: set[UserRef] = set()
    async with contextlib.AsyncExitStack() as stack:
        senders, writers = build_senders(app, blocked, stack, channels)
        worker = OutboxWorker(
            app.sessions,
            senders,
            config or worker_config(app, channels),
            blocked,
            BroadcastProgress(app, writers),
        )
        housekeeping = asyncio.create_task(keep_tidy(app, stop))
        measures = asyncio.create_task(notify_measures(app, stop))
        rates = asyncio.create_task(keep_rates(app, stop))
        try:
            await worker.run(stop)
        finally:
            housekeeping.cancel()
            measures.cancel()
            rates.cancel()


async def keep_tidy(app: App, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await prune_processed_updates(app)
        except Exception as error:  # the next round catches up
            log.warning("retention failed: %s", type(error).__name__)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), PRUNE_EVERY_S)


MEASURE_CHECK_S = 3600.0  # notices are due by the day; the job is idempotent


async def notify_measures(
    app: App, stop: asyncio.Event, clock: Callable[[], dt.date] | None = None
) -> None:
    """Notices about temporary measures, once an hour (each is queued once, by any worker)."""
    from bot.measure_notices import send_measure_notices
    from handlers.context import region_today

    while not stop.is_set():
        try:
            knowledge = await app.knowledge.current_knowledge()
            today = (clock or region_today)()
            queued = await send_measure_notices(
                app.sessions, knowledge, app.translator, today
            )
            log.info("queued %d measure notices", queued)
        except Exception:  # the outbox keeps running; the next hour tries again
            log.exception("measure notices failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), MEASURE_CHECK_S)
async def keep_rates(app: App, stop: asyncio.Event) -> None:
    """The national banks' official rates, once a day each: a bank that already gave today's
    is not asked again; one that fails keeps its last good rates and is asked next time."""
    import httpx

    from bot.rates import refresh_rates

    async with httpx.AsyncClient(timeout=30, follow_redirects=True) as client:
        while not stop.is_set():
            try:
                outcome = await refresh_rates(app.settings, app.rates, client, dt.date.today())
                log.info("exchange rates: %s", outcome)
            except Exception:  # a bad day of one feed must not stop the worker
                log.exception("exchange rates not refreshed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), app.settings.rates_every_s)
