"""Price reporters on Telegram, over real HTTP: an appointed reporter's CSV is fetched and
published; anyone else's file is neither fetched nor published."""

from __future__ import annotations

from sqlalchemy import select

from bot.bootstrap import App
from bot.models import Price
from tests.fake_telegram import FakeTelegram, document_update
from tests.test_telegram_admin import ADMIN, TRADER, Hook, bot, fake, hook  # noqa: F401

REPORTER = 5151
CSV = b"market,hs,unit,currency,price,date\nKara-Suu,0813.10,kg,KGS,240,\n"


async def prices(app: App) -> list[tuple[str, str]]:
    async with app.sessions() as session:
        return [(p.market, p.reporter) for p in (await session.scalars(select(Price))).all()]


async def test_an_appointed_reporter_publishes_a_csv_and_a_trader_cannot(
    bot: App,  # noqa: F811
    hook: Hook,  # noqa: F811
    fake: FakeTelegram,  # noqa: F811
):
    file_id = fake.add_file(CSV)
    await hook.post(document_update(fake.next_update_id(), TRADER, file_id, "p.csv", len(CSV)))
    await hook.post(document_update(fake.next_update_id(), REPORTER, file_id, "p.csv", len(CSV)))
    assert not fake.of("getFile") and await prices(bot) == []

    await hook.say(ADMIN, f"/reporter telegram:{REPORTER}")
    assert "may now publish prices" in hook.texts(ADMIN)[-1]
    await hook.post(document_update(fake.next_update_id(), REPORTER, file_id, "p.csv", len(CSV)))
    assert fake.of("getFile")
    assert "Saved 1 prices" in hook.texts(REPORTER)[-1]
    assert await prices(bot) == [("kara-suu", f"telegram:{REPORTER}")]
