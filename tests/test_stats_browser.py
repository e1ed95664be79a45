"""The public /stats page in a real headless browser at a phone's width: the screenshot must
show the chart's bars and the table, found by their colours in the pixels."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from bot.bootstrap import App
from bot.stats_page import BAR, HEAD
from tests.test_published import SIX_POST, add_reports, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = (390, 844)  # a phone's CSS pixels
MIN_PIXELS = 800  # a bar or a header row covers thousands; stray anti-aliasing a few


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def pixels_of(image: Image.Image, colour: str, tolerance: int = 6) -> int:
    want = rgb(colour)
    return sum(
        count
        for count, pixel in image.getcolors(PHONE[0] * PHONE[1]) or []
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, want, strict=True))
    )


async def screenshot(url: str, path: Path) -> Image.Image:
    process = await asyncio.create_subprocess_exec(
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        "--force-device-scale-factor=1",
        f"--user-data-dir={path.parent / (path.stem + '-profile')}",
        f"--window-size={PHONE[0]},{PHONE[1]}",
        f"--screenshot={path}",
        url,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert await asyncio.wait_for(process.wait(), 60) == 0
    return Image.open(path).convert("RGB")


@pytest.fixture
def browser() -> str:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium not installed")
    return CHROMIUM


async def test_the_stats_page_shows_its_chart_and_table_on_a_phone(
    sqlite_app: App, browser: str, tmp_path: Path
):
    sqlite_app.published.max_age_s = 0
    await add_reports(sqlite_app, SIX_POST, "unofficial-payment", 7)
    await add_reports(sqlite_app, SIX_POST, "detained", 5)
    async with serving(sqlite_app) as base:
        # The same page with no figures: a receipt page has neither chart nor table.
        shown, empty = await asyncio.gather(
            screenshot(f"{base}/stats?lang=ru", tmp_path / "shown.png"),
            screenshot(f"{base}/stats/receipt/NONE-NONE?lang=ru", tmp_path / "empty.png"),
        )
    assert shown.size == PHONE
    assert pixels_of(shown, BAR) >= MIN_PIXELS, "the chart's bars are missing"
    assert pixels_of(shown, HEAD) >= MIN_PIXELS, "the table is missing"
    # The same check finds nothing on a page without figures: it does see what is missing.
    assert pixels_of(empty, BAR) < MIN_PIXELS and pixels_of(empty, HEAD) < MIN_PIXELS
