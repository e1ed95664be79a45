"""What time it is for a trader: the engine reads a clock once per turn (an aware UTC
instant), and the turn sees the day in the trader's own time zone.

Her zone comes from her country: the country her goods leave from when she has named one
in the region, else the country of the language she writes (Kazakh, Kyrgyz, Tajik,
Turkmen, Uzbek), else the region's usual UTC+5. Kyrgyzstan keeps UTC+6, so near midnight
a trader in Osh is a day ahead of one in Tashkent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

COUNTRY_ZONES = {
    "KZ": ZoneInfo("Asia/Almaty"),
    "KG": ZoneInfo("Asia/Bishkek"),
    "TJ": ZoneInfo("Asia/Dushanbe"),
    "TM": ZoneInfo("Asia/Ashgabat"),
    "UZ": ZoneInfo("Asia/Tashkent"),
}
LANGUAGE_COUNTRIES = {"kk": "KZ", "ky": "KG", "tg": "TJ", "tk": "TM", "uz": "UZ"}
# The region's day when nothing says her country: UTC+5, as in four of the five.
REGION_ZONE = ZoneInfo("Asia/Tashkent")

Clock = Callable[[], dt.datetime]  # an aware instant


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def zone_of(country: str | None, lang: str | None = None) -> ZoneInfo:
    """The zone of her country; of her language's country; else the region's."""
    if country in COUNTRY_ZONES:
        return COUNTRY_ZONES[country]
    by_language = LANGUAGE_COUNTRIES.get(lang or "")
    return COUNTRY_ZONES[by_language] if by_language else REGION_ZONE


def local_day(now: dt.datetime, zone: dt.tzinfo) -> dt.date:
    return now.astimezone(zone).date()


def noon_of(day: dt.date, zone: dt.tzinfo = REGION_ZONE) -> dt.datetime:
    """An instant on `day` wherever in the region (a date given by hand, in tests or
    `tradebot ask --on`)."""
    return dt.datetime.combine(day, dt.time(12), zone).astimezone(dt.UTC)


def region_today(clock: Clock = utc_now) -> dt.date:
    """The region's day (for the shell's jobs, which serve no one trader)."""
    return local_day(clock(), REGION_ZONE)
