"""The stats chart admins get with /stats: daily queries and top commodities, as a PNG."""

from __future__ import annotations

import io
from collections.abc import Sequence


def stats_chart(daily: Sequence[tuple[str, int]], top: Sequence[tuple[str, int]]) -> bytes:
    # Imported on first use: matplotlib costs about 55 MB that only /stats needs.
    import matplotlib

    matplotlib.use("Agg")  # no screen on servers
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 6), dpi=90)
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
