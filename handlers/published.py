"""What the bot publishes from its database for a turn to show: incident statistics per
crossing and market prices. A snapshot, loaded by the shell and passed in with the context."""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers.incident_stats import IncidentStats
from handlers.prices import PriceBoard


@dataclass(frozen=True, slots=True)
class Published:
    stats: IncidentStats = field(default_factory=IncidentStats)
    prices: PriceBoard = field(default_factory=PriceBoard)
    # The public address of `tradebot serve` ('' when unknown): links to /stats pages.
    page_url: str = ""
