"""Tajik and Turkmen fees and times (issue 15), as the trader reads them: each figure added
is held here with its source, so that a changed or lost figure fails a test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.bootstrap import App
from bot.channels.console import ConsoleChannel
from bot.i18n import Translator
from handlers import costs_view, views
from handlers.context import Context, Library
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.exchange import BankRates
from knowledge.loader import load_knowledge
from tests.dialogue import Dialogue


@pytest.fixture(scope="module")
def context(translator: Translator) -> Context:
    return Context(Library.build(load_knowledge()), translator)


def detail(context: Context, lang: str, hs: str, origin: str, dest: str, step_id: str) -> str:
    state = State(Step.DETAIL, lang, hs=hs, origin=origin, destination=dest)
    steps = views.flow_steps(context.knowledge, state)
    number = next(n for n, s in enumerate(steps, start=1) if s.id == step_id)
    return views.detail_text(context, lang, steps[number - 1], number, state)


def test_the_turkmen_export_declaration_pays_the_customs_service_s_0_2_percent(context):
    fee = context.knowledge.fees["exp-declaration-tm@TM"]
    assert (fee.amount, fee.unit, fee.days, fee.hours) == (Decimal("0.2"), "%", None, None)
    source = context.knowledge.sources[fee.source]
    assert source.url == "https://www.customs.gov.tm/tk/customs-info/customs-fees/fees"
    assert "harydyň gümrük bahasynyň 0,2% möçberinde" in source.citation
    assert "gümrük üstaşyry gümrük düzgünlerinden başga" in source.citation  # not transit only
    assert source.countries == ("TM",) and fee.verified == dt.date(2026, 12, 2)


@pytest.mark.parametrize("lang", LANGS)
def test_the_export_step_shows_the_share_of_the_value_and_asks_customs_about_the_time(
    context, lang
):
    text = detail(context, lang, "1701", "TM", "UZ", "exp-declaration-tm")
    source = costs_view.short_source(context.knowledge.sources["tm-customs-fees-tk"], lang)
    rate = costs_view.percent(Decimal("0.2"))
    cost = context.t(lang, "costs-percent-of-value", rate=rate)
    assert context.t(lang, "detail-fee", cost=cost, source=source) in text
    agency = views.agency_line(context.knowledge.agencies["tm-customs"], lang)
    assert text.count(context.t(lang, "detail-unpublished-time", contact=agency)) == 1


async def test_a_turkmen_seller_s_estimate_counts_the_export_fee(app: App):
    # 10,000 USD x 12,150 (CBU) = 121,500,000 UZS; Turkmen export declaration 0.2% of the
    # customs value (customs.gov.tm) = 243,000 UZS; VAT 12% = 14,580,000; Uzbek clearance
    # 1 BRV = 375,000; total 15,198,000 UZS / 12,150 = 1,250.86 USD.
    await app.rates.save(BankRates("UZ", dt.date(2026, 12, 1), {"USD": Decimal("12150")}))
    chat = Dialogue(ConsoleChannel(app.engine, "trader", "en", out=None))  # type: ignore[arg-type]
    await chat.say("sugar")
    await chat.tap(chat.first_choice("c:1701"))
    await chat.tap("o:TM")
    await chat.tap("d:UZ")
    await chat.tap("est")
    await chat.say("10 000 USD")
    text = chat.text()
    assert "• Export declaration to Turkmen customs (0.2%): 243,000 UZS" in text
    assert "Total: 15,198,000 UZS ≈ 1,250.86 USD" in text
    assert "State Customs Service of Turkmenistan" in text.split("Sources: ")[1]


@pytest.mark.parametrize("lang", LANGS)
def test_a_tajik_st1_takes_one_working_day_and_its_price_is_asked_of_the_chamber(context, lang):
    text = detail(context, lang, "0813.10", "TJ", "KZ", "exp-st1-tj")
    chamber = costs_view.short_source(context.knowledge.sources["tj-cci-sughd-origin"], lang)
    time = context.t(lang, "costs-days", days=1)
    assert context.t(lang, "detail-fee-time", time=time, source=chamber) in text
    agency = views.agency_line(context.knowledge.agencies["tj-chamber"], lang)
    assert text.count(context.t(lang, "detail-unpublished-cost", contact=agency)) == 1


def test_the_tajik_veterinary_act_at_the_border_costs_54_somoni_a_vehicle(context):
    text = detail(context, "en", "0201", "KZ", "TJ", "imp-vet-tj")
    assert "Cost: 54 TJS per vehicle (Tajikistan Trade Portal (tajtrade.tj), procedure 226)" in text
    assert "Time not published; ask State Veterinary Supervision Service" in text
