"""SMS segments a trader pays for: product -> answer -> one step detail, in each language.

Run: python benchmarks/sms.py [--per-lang N]. Each flow is a sentence of
tests/data/sentences.tsv (goods and places in one SMS, 7 languages), texted from a number
of the language's country through a fake Twilio-compatible gateway into `tradebot serve`'s
web app: what the bot asks next is answered as a trader would (the product candidate, the
origin, the destination the sentence means, 'more' when the country is on the next page),
until the answer; then '1' opens the first step. Every SMS the bot sends from the sentence
on is counted with the real GSM-7/UCS-2 rules. The last line is a JSON object: per language
the flows, median and max segments (goal: median <= 8), the SMS per flow, and any SMS over
the 3-segment budget; the conversations the bot counted (each flow is one: `/stats`'s
median and max segments per conversation); and per language the rights card in short
('Save' by SMS) for each of the five countries: its most segments (goal: <= 2) and how
many of the card's rights it carries at least.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import select

from bot.bootstrap import start_app
from bot.channels.sms import CARD_BUDGET, SMS_KEY
from bot.channels.sms_render import Labels, render
from bot.channels.sms_segments import segments
from bot.channels.sms_store import SmsStore
from bot.i18n import Translator
from bot.models import SmsConversation
from bot.settings import Settings
from bot.web import create_web_app
from handlers import card
from handlers.context import Context, Library
from knowledge import LANGS
from knowledge.loader import load_knowledge
from tests.fake_sms import ACCOUNT, FROM, TOKEN, FakeSmsGateway

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "https://sms.example.org"
PREFIX = {"tk": "+99365", "uz": "+99890", "ky": "+99670", "tg": "+99290", "kk": "+7701",
          "ru": "+7916", "en": "+4477"}  # fmt: skip
MAX_TURNS = 8


def flows(per_lang: int) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {lang: [] for lang in LANGS}
    with (ROOT / "tests/data/sentences.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["lang"] in out and len(out[row["lang"]]) < per_lang:
                out[row["lang"]].append(row)
    return out


class Phone:
    def __init__(self, gateway: FakeSmsGateway, store: SmsStore, channel, number: str) -> None:
        self.gateway, self.store, self.channel, self.number = gateway, store, channel, number

    async def say(self, text: str) -> list[str]:
        before = len(self.gateway.to(self.number))
        status, _ = await self.gateway.text(self.number, text)
        assert status == 200, status
        for _ in range(3):
            await asyncio.sleep(0)
            await self.channel.idle()
        return self.gateway.to(self.number)[before:]

    async def menu(self) -> dict[str, str]:
        state = await self.store.state(self.number)
        return dict((state.menu or {}).get("n") or {})


def number_for(menu: dict[str, str], *wanted: str) -> str | None:
    for choice_id in wanted:
        for number, cid in menu.items():
            if cid == choice_id or (choice_id.endswith(":") and cid.startswith(choice_id)):
                return number
    return None


async def one_flow(phone: Phone, row: dict[str, str]) -> tuple[list[str], bool]:
    """Every SMS from the sentence to the first step's detail; whether it got there."""
    sent = await phone.say(row["sentence"])
    for _ in range(MAX_TURNS):
        menu = await phone.menu()
        if any(cid.startswith("side:") for cid in menu.values()):
            sent += await phone.say("1")  # the first step, by its number
            return sent, True
        origin, destination = f"o:{row['origin']}", f"d:{row['destination']}"
        hs = [f"c:{code}" for code in row["hs"].split("|")]
        number = number_for(menu, *hs, origin, destination, "c:", "more")
        if number is None:
            return sent, False
        sent += await phone.say(number)
    return sent, False


def cards() -> dict[str, dict[str, int]]:
    """The rights card in short as the SMS channel sends it, per language, over the five
    countries: the most segments and the fewest rights carried."""
    knowledge = load_knowledge()
    context = Context(Library.build(knowledge), Translator())
    out = {}
    for lang in LANGS:
        sent = [
            render([card.short_card(context, lang, c)], Labels(), CARD_BUDGET, trim=True).body
            for c in knowledge.cards
        ]
        out[lang] = {
            "max_segments": max(segments(body) for body in sent),
            "min_rights": min(len(body.splitlines()) - 2 for body in sent),
        }
    return out


async def conversations(app) -> dict:
    async with app.sessions() as session:
        counts = list((await session.scalars(select(SmsConversation.segments))).all())
    return {
        "count": len(counts),
        "median_segments": statistics.median(counts) if counts else None,
        "max_segments": max(counts, default=None),
    }


async def run(per_lang: int) -> dict:
    gateway = FakeSmsGateway(public_url=PUBLIC)
    await gateway.start()
    folder = tempfile.mkdtemp(prefix="sms-bench-")
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{folder}/tradebot.db",
        sms_account_sid=ACCOUNT,
        sms_auth_token=SecretStr(TOKEN),
        sms_from=FROM,
        sms_api_url=gateway.url,
        sms_public_url=PUBLIC,
        sms_rate_per_s=10_000,
        sms_daily_segments_per_number=10_000,
        sms_daily_segments_total=10_000_000,
        _env_file=None,
    )
    app = await start_app(settings)
    web_app = await create_web_app(app)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    gateway.webhook = f"http://127.0.0.1:{runner.addresses[0][1]}"
    channel, store = web_app[SMS_KEY], SmsStore(app.sessions)
    result: dict = {"languages": {}}
    try:
        for lang, rows in flows(per_lang).items():
            counts, messages, over, lost = [], [], 0, 0
            for n, row in enumerate(rows):
                phone = Phone(gateway, store, channel, f"{PREFIX[lang]}{n:07d}")
                if lang == "en":  # no country to guess English from: she picks it first
                    await phone.say("Hello")
                    await phone.say(number_for(await phone.menu(), "lang:en") or "8")
                sent, reached = await one_flow(phone, row)
                lost += not reached
                counts.append(sum(segments(body) for body in sent))
                messages.append(len(sent))
                over += sum(segments(body) > 3 for body in sent)
            result["languages"][lang] = {
                "flows": len(rows),
                "median_segments": statistics.median(counts) if counts else None,
                "max_segments": max(counts, default=None),
                "median_sms": statistics.median(messages) if messages else None,
                "not_reached": lost,
                "sms_over_3_segments": over,
            }
            print(lang, result["languages"][lang], file=sys.stderr)
        result["conversations"] = await conversations(app)
    finally:
        await runner.cleanup()
        await app.close()
        await gateway.stop()
    medians = [v["median_segments"] for v in result["languages"].values() if v["flows"]]
    result["worst_median"] = max(medians)
    result["goal_median"] = 8
    result["goal_met"] = result["worst_median"] <= 8
    result["card"] = cards()
    result["card_goal_met"] = all(v["max_segments"] <= 2 for v in result["card"].values())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-lang", type=int, default=30, help="flows per language at most")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.per_lang)), ensure_ascii=False))


if __name__ == "__main__":
    main()
