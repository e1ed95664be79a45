"""SQLite turns run on the event loop's thread: they must never make the loop wait.

Another process holding SQLite's write lock (the outbox worker, a second server) makes a
turn retry with pauses that let other users be served; the WAL is checkpointed by the
async engine, not by the inline connection.
"""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, insert

from bot.bootstrap import App
from bot.db import CHECKPOINT_EVERY, InlineSqliteTransactions
from bot.models import SenderLease
from bot.outbox import NEVER
from handlers.events import Event, UserRef

TICK_S = 0.005


def database_file(app: App) -> Path:
    database = app.db.url.database
    assert database is not None
    return Path(database)


async def count_ticks(ticks: list[float], stop: asyncio.Event) -> None:
    """Loop liveness: how often a 5 ms sleep comes back while something else runs."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        await asyncio.sleep(TICK_S)
        ticks.append(loop.time())


async def test_sqlite_files_get_inline_transactions(sqlite_app: App):
    assert isinstance(sqlite_app.store.transactions, InlineSqliteTransactions)


async def test_a_turn_waits_out_another_process_lock_while_the_loop_keeps_serving(
    sqlite_app: App,
):
    trader = UserRef("console", "waiting")
    await sqlite_app.engine.handle(Event.command(trader, "start", "ru"))
    other_process = sqlite3.connect(database_file(sqlite_app), isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")  # holds the write lock, as a busy worker would
    ticks: list[float] = []
    stop = asyncio.Event()
    ticker = asyncio.create_task(count_ticks(ticks, stop))
    try:
        turn = asyncio.create_task(sqlite_app.engine.handle(Event.parse_text(trader, "мёд", "ru")))
        await asyncio.sleep(0.4)
        assert not turn.done(), "the turn cannot write while the lock is held"
        other_process.execute("COMMIT")
        outcome = await asyncio.wait_for(turn, timeout=5)
    finally:
        stop.set()
        await ticker
        other_process.close()
    assert not outcome.failed
    assert any(c.id.startswith("c:0409") for r in outcome.replies for c in r.choices)
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) >= 30, "the loop kept running while the turn waited"
    assert max(gaps) < 0.1, f"the loop was blocked for {max(gaps):.3f} s"


def record(n: int, connection: Connection) -> None:
    connection.execute(
        insert(SenderLease.__table__).values(channel=f"c{n}", holder="test", until=NEVER)
    )


async def test_the_wal_is_checkpointed_though_the_inline_connection_never_does(
    sqlite_app: App, caplog
):
    transactions = sqlite_app.store.transactions
    assert isinstance(transactions, InlineSqliteTransactions)
    wal = database_file(sqlite_app).with_name(database_file(sqlite_app).name + "-wal")
    for n in range(CHECKPOINT_EVERY * 5):
        await transactions.run(partial(record, n))  # a small row and its key: two pages
        await asyncio.sleep(0)  # let a started checkpoint run, as a server's loop would
    await asyncio.sleep(0.2)
    # Each commit appends at least a page (4 KiB); without checkpoints the WAL would hold
    # them all. After a checkpoint, new commits are written from the WAL's start again.
    pages = wal.stat().st_size / 4096
    assert pages < CHECKPOINT_EVERY * 3, f"WAL of {pages:.0f} pages: not checkpointed"
    assert "checkpoint failed" not in caplog.text
