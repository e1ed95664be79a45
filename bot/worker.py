"""`tradebot worker`: background jobs that must not run inside a web request."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

from sqlalchemy import delete

from bot.bootstrap import App
from bot.models import ProcessedUpdate, utcnow

log = logging.getLogger(__name__)
DEDUP_KEEP = dt.timedelta(days=3)  # messengers stop re-delivering long before this
IDLE_S = 1.0


async def prune_processed_updates(app: App) -> int:
    async with app.sessions.begin() as session:
        result = await session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.created_at < utcnow() - DEDUP_KEEP)
        )
    return result.rowcount or 0


async def run_worker(app: App, stop: asyncio.Event | None = None) -> None:
    stop = stop or asyncio.Event()
    last_prune = 0.0
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        if loop.time() - last_prune > 3600:
            pruned = await prune_processed_updates(app)
            log.info("pruned %d processed update ids", pruned)
            last_prune = loop.time()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), IDLE_S)
