"""Duties per heading and personal-use norms, each held to the figure its source gives; a
temporary rate stops on its last day; the import side names the rate and its source in
every language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.i18n import Translator
from handlers import costs_view, views
from handlers.clock import noon_of
from handlers.context import Context, Library
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.costs import duty_for
from knowledge.loader import load_knowledge

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


def duty(knowledge, hs: str, destination: str, on: dt.date = TODAY):
    return duty_for(knowledge, knowledge.commodities[hs], destination, on)


# ---- one duty per regime, held to its source ------------------------------------------------


def test_the_eaeu_tariff_lets_raw_cotton_in_at_zero(knowledge):
    # Group 52: 5201 00 100 0 and 5201 00 900 0 at 0.
    found = duty(knowledge, "5201", "KZ")
    assert (found.regime, found.rate, found.rate_max) == ("EAEU", 0, None)
    source = knowledge.sources[found.source]
    assert "5201 00 900 0" in source.citation and set(source.countries) == {"KZ", "KG", "RU"}
    assert duty(knowledge, "5201", "KG") == found  # one tariff for every member


def test_china_charges_10_percent_on_shelled_almonds_and_25_on_walnuts_in_shell(knowledge):
    # MFN: 0802120000 at 10%, 0802310000 at 25%.
    assert duty(knowledge, "0802.12", "CN").rate == 10
    assert duty(knowledge, "0802.31", "CN").rate == 25
    assert duty(knowledge, "0802.32", "CN") is None  # walnut kernels: not read, not guessed
    assert duty(knowledge, "0802", "CN") is None  # the heading as a whole differs by code


@pytest.mark.parametrize("hs", ["0405", "0407", "0901", "0902", "1701"])
def test_uzbekistan_lets_sugar_butter_eggs_coffee_and_tea_in_at_zero_until_2027(knowledge, hs):
    found = duty(knowledge, hs, "UZ", dt.date(2026, 12, 31))
    assert (found.rate, found.valid_until) == (0, dt.date(2026, 12, 31))
    assert found.source == "uz-zero-duty-2027"
    assert duty(knowledge, hs, "UZ", dt.date(2027, 1, 1)) is None  # then: not in our sources


def test_a_duty_without_a_day_is_still_found(knowledge):
    assert duty_for(knowledge, knowledge.commodities["1701"], "UZ").rate == 0


# ---- goods for personal use ------------------------------------------------------------------


def test_uzbek_personal_use_norms_follow_the_resolution_of_april_2025(knowledge):
    norms = {a.mode: a for a in knowledge.allowances.values() if a.regime == "UZ"}
    values = {mode: (a.value, a.currency) for mode, a in norms.items()}
    assert values == {
        "air": (Decimal(1000), "USD"),
        "rail": (Decimal(500), "USD"),
        "road": (Decimal(300), "USD"),
    }
    assert {a.source for a in norms.values()} == {"uz-personal-2025"}
    assert "uz-personal-2019" not in knowledge.sources  # the travel blog is gone
    assert "3 days" in norms["air"].text.en and "2 days" in norms["rail"].text.en


def test_turkmenistan_says_when_goods_for_own_use_count_as_commercial(knowledge):
    tm = [a for a in knowledge.allowances.values() if a.regime == "TM"]
    assert [a.mode for a in tm] == ["any"] and tm[0].value is None  # no figure is published
    source = knowledge.sources[tm[0].source]
    assert source.url.startswith("https://customs.gov.tm/") and source.countries == ("TM",)
    assert "how often" in tm[0].text.en


# ---- what the trader reads -----------------------------------------------------------------


@pytest.fixture(scope="module")
def context(translator: Translator) -> Context:
    return Context(Library.build(load_knowledge()), translator, now=noon_of(TODAY))


def import_side(context: Context, lang: str, hs: str, origin: str, destination: str) -> str:
    state = State(Step.SIDE, lang, hs=hs, origin=origin, destination=destination, side="import")
    return views.show_side(context, lang, state)[0].text


@pytest.mark.parametrize("lang", LANGS)
def test_the_import_side_names_the_new_duties_with_their_sources(context, lang):
    knowledge = context.knowledge
    walnuts = import_side(context, lang, "0802.31", "KG", "CN")
    title = costs_view.short_source(knowledge.sources["cn-tariff-0802"], lang)
    assert context.t(lang, "costs-duty-rate", rate="25%", source=title) in walnuts
    cotton = import_side(context, lang, "5201", "CN", "KZ")
    title = costs_view.short_source(knowledge.sources["eaeu-ett-group52"], lang)
    assert context.t(lang, "costs-duty-rate", rate="0%", source=title) in cotton
    sugar = import_side(context, lang, "1701", "TM", "UZ")
    title = costs_view.short_source(knowledge.sources["uz-zero-duty-2027"], lang)
    assert context.t(lang, "costs-duty-rate", rate="0%", source=title) in sugar
    assert "2027" in title  # the trader sees until when


def test_after_the_zero_rate_ends_the_answer_says_the_duty_is_not_in_our_sources(translator):
    later = Context(Library.build(load_knowledge()), translator, now=noon_of(dt.date(2027, 1, 1)))
    text = import_side(later, "en", "1701", "TM", "UZ")
    assert later.t("en", "costs-duty-unknown") in text


def test_the_estimate_shows_turkmenistans_rule_for_own_use(translator):
    from tests.test_estimate import RATES

    context = Context(Library.build(load_knowledge()), translator, now=noon_of(TODAY), rates=RATES)
    state = State(Step.ANSWER, "ru", hs="5208", origin="UZ", destination="TM")
    text, done = costs_view.estimate_reply(
        context, "ru", context.knowledge.commodities["5208"], state, "1000 $"
    )
    rule = next(a for a in context.knowledge.allowances.values() if a.regime == "TM")
    assert done
    assert context.t("ru", "est-personal", allowance=rule.text.ru) in text
