"""The outbox: every queued message delivered once, paced, retried, resumed after a crash."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import select, update

from bot.bootstrap import App
from bot.models import Outbox, SenderLease, User, utcnow
from bot.outbox import OutboxWorker, RecordingMarker, WorkerConfig, enqueue
from handlers.events import Reply, UserRef


class FakeSender:
    def __init__(self, fail_first: int = 0, blocked: set[str] | None = None, marker=None):
        self.delivered: list[str] = []
        self.fail_first = fail_first
        self.blocked = blocked or set()
        self.marker = marker

    async def deliver(self, user: UserRef, replies: Sequence[Reply], knowledge_version: int):
        await asyncio.sleep(0.001)
        if self.fail_first > 0:
            self.fail_first -= 1
            raise ConnectionError("network down")
        if user.platform_id in self.blocked:
            await self.marker.mark_inactive(user)
            return
        self.delivered.append(user.platform_id)


FAST = WorkerConfig(rates={"telegram": 1000.0}, chat_interval_s=0.0, batch=25, idle_s=0.05)


async def queue(app: App, count: int) -> None:
    async with app.sessions.begin() as session:
        for n in range(count):
            enqueue(session, UserRef("telegram", str(n)), "broadcast", [Reply(f"hello {n}")])


async def statuses(app: App) -> Counter:
    async with app.sessions() as session:
        return Counter((await session.scalars(select(Outbox.status))).all())


async def drain(worker: OutboxWorker) -> None:
    while await worker.drain_once():
        pass


async def test_every_queued_message_is_delivered_exactly_once_by_two_workers(app: App):
    await queue(app, 200)
    sender = FakeSender()
    first = OutboxWorker(app.sessions, {"telegram": sender}, FAST)
    second = OutboxWorker(app.sessions, {"telegram": sender}, FAST)
    await asyncio.gather(drain(first), drain(second))
    assert sorted(sender.delivered, key=int) == [str(n) for n in range(200)]
    assert await statuses(app) == Counter({"sent": 200})


async def test_a_failed_send_is_retried_later(app: App):
    await queue(app, 3)
    sender = FakeSender(fail_first=2)
    worker = OutboxWorker(app.sessions, {"telegram": sender}, FAST)
    await worker.drain_once()
    assert (await statuses(app))["pending"] == 2
    async with app.sessions.begin() as session:  # skip the backoff instead of sleeping
        await session.execute(update(Outbox).values(available_at=utcnow()))
    await drain(worker)
    assert sorted(sender.delivered) == ["0", "1", "2"]


async def test_a_user_who_blocked_the_bot_is_counted_as_blocked_and_marked_inactive(app: App):
    async with app.sessions.begin() as session:
        session.add_all(User(channel="telegram", platform_id=str(n)) for n in range(2))
    await queue(app, 2)
    blocked: set[UserRef] = set()
    sender = FakeSender(blocked={"1"}, marker=RecordingMarker(app.store, blocked))
    worker = OutboxWorker(app.sessions, {"telegram": sender}, FAST, blocked)
    await drain(worker)
    assert await statuses(app) == Counter({"sent": 1, "blocked": 1})
    async with app.sessions() as session:
        active = dict((await session.execute(select(User.platform_id, User.active))).all())
    assert active == {"0": True, "1": False}


async def test_rows_of_a_worker_that_died_are_sent_when_its_lease_ends(app: App):
    await queue(app, 5)
    dead = OutboxWorker(app.sessions, {"telegram": FakeSender()}, FAST)
    claimed = await dead.claim()  # ... and then the process is killed
    assert len(claimed) == 5
    survivor_sender = FakeSender()
    survivor = OutboxWorker(app.sessions, {"telegram": survivor_sender}, FAST)
    assert await survivor.drain_once() == 0  # leased: not sent twice
    async with app.sessions.begin() as session:
        await session.execute(update(Outbox).values(lease_until=utcnow() - dt.timedelta(seconds=1)))
    await drain(survivor)
    assert sorted(survivor_sender.delivered) == ["0", "1", "2", "3", "4"]


async def test_pacing_keeps_to_the_rate(app: App):
    await queue(app, 20)
    sender = FakeSender()
    config = WorkerConfig(rates={"telegram": 40.0}, chat_interval_s=0.0, batch=50)
    worker = OutboxWorker(app.sessions, {"telegram": sender}, config)
    started = asyncio.get_running_loop().time()
    await drain(worker)
    elapsed = asyncio.get_running_loop().time() - started
    assert len(sender.delivered) == 20
    assert elapsed >= 19 / 40.0 * 0.95


class TimedSender(FakeSender):
    """Records when each message left, to check the rate over all workers together."""

    def __init__(self, times: list[float]) -> None:
        super().__init__()
        self.times = times

    async def deliver(self, user: UserRef, replies: Sequence[Reply], knowledge_version: int):
        self.times.append(asyncio.get_running_loop().time())
        await super().deliver(user, replies, knowledge_version)


async def run_until_sent(workers: list[OutboxWorker], senders: list[FakeSender], total: int):
    stop = asyncio.Event()
    runs = [asyncio.create_task(worker.run(stop)) for worker in workers]
    try:
        async with asyncio.timeout(20):
            while sum(len(s.delivered) for s in senders) < total:
                await asyncio.sleep(0.02)
    finally:
        stop.set()
        await asyncio.gather(*runs)


async def test_two_workers_share_one_rate_budget_one_sends_the_other_stands_by(app: App):
    await queue(app, 40)
    times: list[float] = []
    senders = [TimedSender(times), TimedSender(times)]
    config = WorkerConfig(rates={"telegram": 50.0}, chat_interval_s=0.0, batch=10, idle_s=0.02)
    workers = [OutboxWorker(app.sessions, {"telegram": s}, config) for s in senders]
    await run_until_sent(workers, senders, 40)
    assert sorted(len(s.delivered) for s in senders) == [0, 40]  # one holder, one standby
    assert times[-1] - times[0] >= 39 / 50.0 * 0.95  # 50/s for both together, not 50/s each
    assert await statuses(app) == Counter({"sent": 40})


async def test_a_worker_that_stops_hands_its_channel_over_at_once(app: App):
    config = WorkerConfig(rates={"telegram": 1000.0}, chat_interval_s=0.0, idle_s=0.02)
    first, second = FakeSender(), FakeSender()
    leaving = OutboxWorker(app.sessions, {"telegram": first}, config)
    standby = OutboxWorker(app.sessions, {"telegram": second}, config)
    await queue(app, 3)
    await run_until_sent([leaving], [first], 3)  # stops, handing the lease back
    await queue(app, 3)
    assert await standby.drain_once() == 3  # no wait for the lease to run out


async def test_a_dead_workers_channel_is_taken_over_when_its_lease_ends(app: App):
    config = WorkerConfig(rates={"telegram": 1000.0}, chat_interval_s=0.0, lease_s=60.0)
    dead = OutboxWorker(app.sessions, {"telegram": FakeSender()}, config)
    assert await dead.hold_channels() == {"telegram"}  # ... and then the process is killed
    await queue(app, 2)
    survivor_sender = FakeSender()
    survivor = OutboxWorker(app.sessions, {"telegram": survivor_sender}, config)
    assert await survivor.drain_once() == 0
    async with app.sessions.begin() as session:
        await session.execute(update(SenderLease).values(until=utcnow() - dt.timedelta(seconds=1)))
    await drain(survivor)
    assert sorted(survivor_sender.delivered) == ["0", "1"]
