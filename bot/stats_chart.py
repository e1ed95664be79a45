"""The stats chart admins get with /stats: daily queries and top commodities, as a PNG.

matplotlib is an optional extra (`pip install 'tradebot[charts]'`): without it /stats
says the last days' figures in a line of text instead. A render takes 0.2-0.7 s of CPU,
so it runs in a worker thread, never on the event loop that serves the traders' turns.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence

DAYS_IN_TEXT = 7


def stats_chart(daily: Sequence[tuple[str, int]], top: Sequence[tuple[str, int]]) -> bytes | None:
    """The PNG, or None when matplotlib is not installed."""
    # Imported on first use: matplotlib costs about 55 MB that only /stats needs.
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        return None
    matplotlib.use("Agg")  # no screen on servers
    figure = Figure(figsize=(8, 6), dpi=90)  # no pyplot: safe outside the main thread
    queries, commodities = figure.subplots(2, 1)
    days = [day[5:] for day, _ in daily] or ["–"]
    queries.bar(days, [n for _, n in daily] or [0], color="#2a7ab0")
    queries.set_title("Queries per day (30 days)")
    queries.tick_params(axis="x", labelrotation=60, labelsize=7)
    names = [hs for hs, _ in top][::-1] or ["–"]
    commodities.barh(names, [n for _, n in top][::-1] or [0], color="#e0892b")
    commodities.set_title("Top commodities (flows opened)")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def render_stats_chart(
    daily: Sequence[tuple[str, int]], top: Sequence[tuple[str, int]]
) -> bytes | None:
    """The chart, drawn in a worker thread while the event loop goes on serving."""
    return await asyncio.to_thread(stats_chart, daily, top)


def daily_text(daily: Sequence[tuple[str, int]]) -> str:
    """The last days as text ('12-01 5, 11-30 3'), newest first: the chart's fallback."""
    last = list(daily)[-DAYS_IN_TEXT:][::-1]
    return ", ".join(f"{day[5:]} {count}" for day, count in last) or "–"
