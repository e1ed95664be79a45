"""The public statistics page and its open data: `/stats` (HTML for phones, no script,
`?lang=` one of the seven), `/stats/incidents.json`, `/stats/incidents.csv`, and
`/stats/receipt/{code}` (what was done about the crossing a receipt names).

Everything comes from the published snapshot, so no figure under K reports can appear."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from html import escape
from typing import Any

from aiohttp import web
from babel.dates import format_date
from sqlalchemy import select

from bot.models import CrossingNote, IncidentReceipt
from handlers.context import Translator
from handlers.incident_stats import CrossingFigures, IncidentStats, K, first_day
from handlers.views import post_name
from knowledge import DEFAULT_LANG, LANGS
from knowledge.base import Knowledge

BAR = "#1f6fb2"  # the chart's bars (the browser test looks for this colour)
HEAD = "#dde7f0"  # the table's header row (and this one)
MAX_NOTES = 10

STYLE = f"""
body{{font-family:system-ui,sans-serif;margin:0;padding:12px;color:#1b1b1b;max-width:720px}}
h1{{font-size:1.3em;margin:.2em 0 .5em}} h2{{font-size:1.1em;margin:1.2em 0 .3em}}
nav a{{margin-right:.6em}} p{{line-height:1.4}}
table{{border-collapse:collapse;width:100%;margin:.4em 0}}
th{{background:{HEAD};text-align:left}} th,td{{padding:6px 8px;border:1px solid #b8c4cf}}
td.n{{text-align:right}} svg{{display:block;width:100%;height:auto}} .muted{{color:#555}}
"""


def page_lang(request: web.Request) -> str:
    lang = request.query.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def month_label(month: str, lang: str) -> str:
    return format_date(first_day(month), format="LLL", locale=lang)


def period_text(stats: IncidentStats, lang: str) -> str:
    if not stats.months:
        return "–"
    start = format_date(first_day(stats.months[0]), format="LLL y", locale=lang)
    end = format_date(first_day(stats.months[-1]), format="LLL y", locale=lang)
    return f"{start} – {end}"


def last_day(month: str) -> dt.date:
    start = first_day(month)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def names_of(knowledge: Knowledge) -> dict[str, str]:
    return {p.id: post_name(p.names) for p in knowledge.border_posts}


def chart(figures: CrossingFigures, label: str, lang: str) -> str:
    """Reports per month as an inline SVG bar chart; a month not published has no bar."""
    width, height, top, bottom = 340, 150, 22, 24
    slot = width / max(len(figures.months), 1)
    peak = max((n for _, n in figures.months if n), default=1)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
        'stroke="#888" stroke-width="1"/>',
    ]
    for index, (month, count) in enumerate(figures.months):
        x = index * slot + slot * 0.2
        bar_width = slot * 0.6
        middle = index * slot + slot / 2
        if count:
            bar = (height - top - bottom) * count / peak
            y = height - bottom - bar
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" height="{bar:.1f}" '
                f'fill="{BAR}"/>'
            )
            parts.append(
                f'<text x="{middle:.1f}" y="{y - 5:.1f}" text-anchor="middle" '
                f'font-size="13">{count}</text>'
            )
        else:
            parts.append(
                f'<text x="{middle:.1f}" y="{height - bottom - 6}" text-anchor="middle" '
                'font-size="13" fill="#777">–</text>'
            )
        parts.append(
            f'<text x="{middle:.1f}" y="{height - 7}" text-anchor="middle" font-size="12">'
            f"{escape(month_label(month, lang))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def crossing_section(
    t: Translator, lang: str, knowledge: Knowledge, figures: CrossingFigures, name: str
) -> str:
    rows = [
        f"<tr><td>{escape(situation_title(knowledge, s, lang))}</td><td class=n>{n}</td></tr>"
        for s, n in figures.situations
    ]
    if figures.other:
        rows.append(
            f"<tr><td>{escape(t(lang, 'stats-other'))}</td><td class=n>{figures.other}</td></tr>"
        )
    trend = (
        t(lang, "crossing-trend", change=f"{figures.trend:+d}")
        if figures.trend is not None
        else t(lang, "crossing-trend-none")
    )
    label = t(lang, "stats-chart-label", crossing=name)
    return "".join(
        [
            f"<section><h2>🛂 {escape(name)}</h2>",
            chart(figures, label, lang),
            "<table><tr>",
            f"<th>{escape(t(lang, 'stats-situation'))}</th>",
            f"<th>{escape(t(lang, 'stats-reports'))}</th></tr>",
            *rows,
            f"<tr><th>{escape(t(lang, 'stats-reports'))}</th><th>{figures.total}</th></tr>",
            "</table>",
            f"<p class=muted>{escape(trend)} – = {escape(t(lang, 'stats-hidden'))}</p>",
            "</section>",
        ]
    )


def situation_title(knowledge: Knowledge, situation: str, lang: str) -> str:
    found = knowledge.situations.get(situation)
    return found.title.get(lang) if found else situation


def html_page(lang: str, title: str, body: list[str], t: Translator) -> str:
    links = " ".join(
        f'<a href="?lang={code}" hreflang="{code}">{escape(t(code, "language-name"))}</a>'
        for code in LANGS
    )
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<nav>{links}</nav><h1>{escape(title)}</h1>{''.join(body)}</body></html>"
    )


def render_stats(t: Translator, lang: str, knowledge: Knowledge, stats: IncidentStats) -> str:
    names = names_of(knowledge)
    body = [f"<p>{escape(t(lang, 'stats-intro', period=period_text(stats, lang), k=K))}</p>"]
    shown = sorted((f for f in stats.crossings.values() if f.post in names), key=lambda f: -f.total)
    if not shown:
        body.append(f"<p><b>{escape(t(lang, 'stats-none', k=K))}</b></p>")
    for figures in shown:
        body.append(crossing_section(t, lang, knowledge, figures, names[figures.post]))
    if stats.other_places:
        body.append(f"<p>{escape(t(lang, 'stats-other-places', count=stats.other_places))}</p>")
    body.append(
        f"<p>{escape(t(lang, 'stats-open-data'))} "
        '<a href="/stats/incidents.json">JSON</a> · <a href="/stats/incidents.csv">CSV</a></p>'
    )
    return html_page(lang, t(lang, "stats-title"), body, t)


def open_data(knowledge: Knowledge, stats: IncidentStats) -> dict[str, Any]:
    names = names_of(knowledge)
    sides = {p.id: sorted(p.names) for p in knowledge.border_posts}
    crossings = []
    for figures in sorted(stats.crossings.values(), key=lambda f: (-f.total, f.post)):
        if figures.post not in names:
            continue
        situations = dict(figures.situations)
        if figures.other:
            situations["other"] = figures.other
        crossings.append(
            {
                "id": figures.post,
                "name": names[figures.post],
                "countries": sides[figures.post],
                "reports": figures.total,
                "situations": situations,
                "months": {m: n for m, n in figures.months if n},
                "previous_quarter": figures.previous,
                "trend_percent": figures.trend,
            }
        )
    return {
        "k": K,
        "period": {
            "start": stats.months[0] + "-01" if stats.months else None,
            "end": last_day(stats.months[-1]).isoformat() if stats.months else None,
        },
        "note": f"A figure is published only when at least {K} reports stand behind it; "
        "months and situations below that are folded into 'other' or left out.",
        "crossings": crossings,
        "other_places": stats.other_places or None,
    }


def csv_text(knowledge: Knowledge, stats: IncidentStats) -> str:
    data = open_data(knowledge, stats)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["crossing", "name", "period", "situation", "reports"])
    period = f"{stats.months[0]}..{stats.months[-1]}" if stats.months else ""
    for row in data["crossings"]:
        writer.writerow([row["id"], row["name"], period, "all", row["reports"]])
        for situation, n in row["situations"].items():
            writer.writerow([row["id"], row["name"], period, situation, n])
        for month, n in row["months"].items():
            writer.writerow([row["id"], row["name"], month, "all", n])
    if data["other_places"]:
        writer.writerow(["other", "", period, "all", data["other_places"]])
    return out.getvalue()


async def render_receipt(app: Any, lang: str, code: str) -> tuple[str, int]:
    t, knowledge = app.translator, (await app.knowledge.current()).knowledge
    title = t(lang, "stats-receipt-title", code=code.upper()[:12])
    async with app.sessions() as session:
        receipt = await session.get(IncidentReceipt, code.upper()[:12])
        notes = []
        if receipt is not None and receipt.post:
            notes = (
                await session.scalars(
                    select(CrossingNote)
                    .where(CrossingNote.post == receipt.post)
                    .order_by(CrossingNote.created_at.desc())
                    .limit(MAX_NOTES)
                )
            ).all()
    if receipt is None:
        return html_page(
            lang, title, [f"<p>{escape(t(lang, 'stats-receipt-unknown'))}</p>"], t
        ), 404
    name = names_of(knowledge).get(receipt.post or "", "–")
    body = [f"<h2>{escape(t(lang, 'stats-receipt-notes', crossing=name))}</h2>"]
    if not notes:
        body.append(f"<p>{escape(t(lang, 'stats-receipt-no-notes'))}</p>")
    body += [
        f"<p><b>{format_date(n.created_at.date(), format='medium', locale=lang)}</b>: "
        f"{escape(n.text)}</p>"
        for n in notes
    ]
    return html_page(lang, title, body, t), 200


def setup_stats_routes(web_app: web.Application, app_key: web.AppKey[Any]) -> None:
    async def page(request: web.Request) -> web.Response:
        app = request.app[app_key]
        lang = page_lang(request)
        knowledge = (await app.knowledge.current()).knowledge
        stats = (await app.published.current()).stats
        html = render_stats(app.translator, lang, knowledge, stats)
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def as_json(request: web.Request) -> web.Response:
        app = request.app[app_key]
        knowledge = (await app.knowledge.current()).knowledge
        stats = (await app.published.current()).stats
        return web.json_response(open_data(knowledge, stats))

    async def as_csv(request: web.Request) -> web.Response:
        app = request.app[app_key]
        knowledge = (await app.knowledge.current()).knowledge
        stats = (await app.published.current()).stats
        return web.Response(
            text=csv_text(knowledge, stats), content_type="text/csv", charset="utf-8"
        )

    async def receipt(request: web.Request) -> web.Response:
        app = request.app[app_key]
        html, status = await render_receipt(app, page_lang(request), request.match_info["code"])
        return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")

    web_app.router.add_get("/stats", page)
    web_app.router.add_get("/stats/incidents.json", as_json)
    web_app.router.add_get("/stats/incidents.csv", as_csv)
    web_app.router.add_get("/stats/receipt/{code}", receipt)
