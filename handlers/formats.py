"""Small formatting helpers shared by the screens."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date


def format_day(day: dt.date, lang: str) -> str:
    return format_date(day, format="medium", locale=lang)
