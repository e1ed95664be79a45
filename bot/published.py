"""The published snapshot (incident statistics, latest prices) loaded from the database and
kept for a short while, so a turn reads it without a query of its own."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import storage_boundary
from bot.models import Incident, Market, Price
from handlers.context import region_today
from handlers.incident_stats import IncidentStats, compute, months_before
from handlers.incident_stats import first_day as month_start
from handlers.prices import SHOWN_DAYS, MarketInfo, NoRates, PriceBoard, PriceLine, Rates
from handlers.published import Published


async def load_stats(session: AsyncSession, today: dt.date) -> IncidentStats:
    since = month_start(months_before(today, 6)[0])
    rows = await session.execute(
        select(Incident.post, Incident.situation, Incident.occurred_on, func.count())
        .where(Incident.occurred_on >= since)
        .group_by(Incident.post, Incident.situation, Incident.occurred_on)
    )
    return compute([(p, s, d, int(n)) for p, s, d, n in rows.all()], today)


async def load_markets(session: AsyncSession) -> dict[str, MarketInfo]:
    rows = await session.execute(select(Market).order_by(Market.id))
    return {
        m.id: MarketInfo(m.id, m.name_latin, m.name_cyrillic, m.country, m.city, m.city_cyrillic)
        for m in rows.scalars()
    }


async def load_prices(session: AsyncSession, today: dt.date, rates: Rates) -> PriceBoard:
    since = today - dt.timedelta(days=SHOWN_DAYS)
    rows = await session.execute(
        select(Price)
        .where(Price.price_date >= since)
        .order_by(Price.price_date.desc(), Price.created_at.desc(), Price.id.desc())
    )
    latest: dict[str, list[PriceLine]] = {}
    seen: set[tuple[str, str]] = set()
    for p in rows.scalars():
        if (p.market, p.hs) in seen:
            continue
        seen.add((p.market, p.hs))
        line = PriceLine(p.market, p.hs, p.unit, p.currency, Decimal(p.price), p.price_date)
        latest.setdefault(p.hs, []).append(line)
    markets = await load_markets(session)
    return PriceBoard(markets, {hs: tuple(v) for hs, v in latest.items()}, rates)


# Reads the day's official exchange rates (issue 15's table) for a snapshot.
RatesLoader = Callable[[AsyncSession, dt.date], Awaitable[Rates]]


class PublishedSource:
    """`await current()`: the snapshot, reloaded when older than `max_age_s`.

    Prices are converted through `rates` (`Rates.convert`, None when no rate is known), or,
    when a `rates_loader` is given, through the rates it reads for the day with each reload."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        max_age_s: float = 60.0,
        rates: Rates | None = None,
        clock: Callable[[], dt.date] = region_today,
        rates_loader: RatesLoader | None = None,
        page_url: str = "",
    ) -> None:
        self.sessions = sessions
        self.max_age_s = max_age_s
        self.rates: Rates = rates or NoRates()
        self.clock = clock
        self.rates_loader = rates_loader
        self.page_url = page_url.rstrip("/")
        self._snapshot: Published | None = None
        self._loaded_at = 0.0
        self._loading = asyncio.Lock()  # one reload at a time, however many turns wait

    def invalidate(self) -> None:
        self._snapshot = None

    def _stale(self) -> bool:
        return self._snapshot is None or time.monotonic() - self._loaded_at > self.max_age_s

    @storage_boundary
    async def current(self) -> Published:
        if not self._stale():
            return self._snapshot  # type: ignore[return-value]
        async with self._loading:
            if self._stale():
                await self._reload()
        assert self._snapshot is not None
        return self._snapshot

    async def _reload(self) -> None:
        now = time.monotonic()
        today = self.clock()
        async with self.sessions() as session:
            stats = await load_stats(session, today)
            rates = await self.rates_loader(session, today) if self.rates_loader else None
            prices = await load_prices(session, today, rates or self.rates)
        self._snapshot = Published(stats, prices, self.page_url)
        self._loaded_at = now
