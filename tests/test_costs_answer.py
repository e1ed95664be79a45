"""The answer names VAT and duty on the import side; a step shows its fee and time, or says
once, in one line, that they are not published and whom to ask."""

from __future__ import annotations

import pytest

from bot.i18n import Translator
from handlers import costs_view, views
from handlers.context import Context, Library
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.loader import load_knowledge


@pytest.fixture(scope="module")
def context(translator: Translator) -> Context:
    return Context(Library.build(load_knowledge()), translator)


def answer(context: Context, lang: str, hs: str, origin: str, destination: str) -> str:
    """The import part of the answer, one tap from its summary."""
    state = State(Step.SIDE, lang, hs=hs, origin=origin, destination=destination, side="import")
    return views.show_side(context, lang, state)[0].text


def vat_source(context: Context, lang: str, country: str) -> str:
    """The VAT source's title as the trader reads it."""
    vat = context.knowledge.vat[country]
    return costs_view.short_source(context.knowledge.sources[vat.source], lang)


def import_block(text: str) -> list[str]:
    """The lines after the import heading, up to the first step."""
    lines = text.split("\n\n")[-3].splitlines() if "\n\n" in text else []
    return [line for line in lines[1:] if not line[:1].isdigit()]


@pytest.mark.parametrize("lang", LANGS)
def test_the_import_side_names_vat_and_duty_with_sources_in_every_language(context, lang):
    text = answer(context, lang, "0808.10", "KZ", "UZ")
    code = costs_view.short_source(context.knowledge.sources["uz-vat-12"], lang)
    assert (code == "Tax Code of the Republic of Uzbekistan") == (lang == "en")
    vat = context.t(lang, "costs-vat", rate="12%", source=code)
    assert vat in text
    duty = context.t(lang, "costs-duty-cis", rate=context.t(lang, "costs-full-rate"))
    assert duty in text
    heading = context.t(
        lang, "answer-side-import", country=context.knowledge.country_name("UZ", lang)
    )
    assert text.index(heading) < text.index(vat) < text.index(duty)


def test_inside_the_eaeu_the_answer_says_no_duty_and_vat_to_the_tax_office(context):
    text = answer(context, "en", "6109.10", "KG", "KZ")
    assert f"VAT 16% ({vat_source(context, 'en', 'KZ')}" in text
    assert context.t("en", "costs-duty-eaeu") in text


def test_reduced_rates_and_missing_duties_are_said_as_they_are(context):
    text = answer(context, "en", "1001", "KZ", "RU")  # wheat: Russia's 10% on listed food
    assert "VAT 10% (Federal law amending the Tax Code of the Russian Federation" in text
    assert "VAT 22%" in answer(context, "en", "6109.10", "KZ", "RU")
    text = answer(context, "en", "5208", "UZ", "TM")
    assert "VAT 15%" in text
    assert context.t("en", "costs-duty-unknown") in text


def detail(context: Context, lang: str, hs: str, origin: str, dest: str, step_id: str) -> str:
    state = State(Step.DETAIL, lang, hs=hs, origin=origin, destination=dest)
    steps = views.flow_steps(context.knowledge, state)
    number = next(n for n, s in enumerate(steps, start=1) if s.id == step_id)
    return views.detail_text(context, lang, steps[number - 1], number, state)


@pytest.mark.parametrize("lang", LANGS)
def test_a_step_with_a_published_fee_shows_the_amount_in_money_and_its_unit(context, lang):
    text = detail(context, lang, "0808.10", "KZ", "UZ", "imp-clearance-uz")
    cost = next(
        x
        for x in text.splitlines()
        if x.startswith(context.t(lang, "detail-fee", cost="", source="")[:4])
    )
    assert "375" in cost and "9" in cost and "UZS" in cost  # 1 to 25 BRV of 375,000 sum
    act = costs_view.short_source(context.knowledge.sources["uz-customs-fees-2025"], lang)
    assert act in cost  # in her language: "Resolution of the Cabinet..." only in English
    assert ("Resolution of the Cabinet of Ministers of Uzbekistan" in cost) == (lang == "en")
    agency = views.agency_line(context.knowledge.agencies["uz-customs"], lang)
    assert text.count(agency) == 1  # cost and time are both known: nobody to ask


@pytest.mark.parametrize("lang", LANGS)
def test_a_time_from_another_act_than_the_fee_names_its_own_act(context, lang):
    text = detail(context, lang, "0808.10", "KZ", "UZ", "imp-clearance-uz")
    decree = costs_view.short_source(context.knowledge.sources["uz-up-6005-clearance"], lang)
    fees = costs_view.short_source(context.knowledge.sources["uz-customs-fees-2025"], lang)
    time = context.t(
        lang, "detail-fee-time", time=context.t(lang, "costs-days", days=1), source=decree
    )
    assert time in text
    assert fees not in time and decree != fees
    assert context.knowledge.fees["imp-clearance-uz@UZ"].note.get(lang) in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_known_cost_with_an_unknown_time_says_so_once_naming_whom_to_ask(context, lang):
    text = detail(context, lang, "0808.10", "UZ", "TJ", "imp-phyto-tj")
    assert "16.8" in text or "16,8" in text  # somoni per vehicle, tajtrade.tj
    agency = views.agency_line(context.knowledge.agencies["tj-phyto"], lang)
    unpublished = context.t(lang, "detail-unpublished-time", contact=agency)
    assert text.count(unpublished) == 1
    assert text.count(agency) == 2  # the agency line, and whom to ask about the time


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_cost_and_time_take_one_line_naming_whom_to_ask(context, lang):
    text = detail(context, lang, "0808.10", "UZ", "KZ", "exp-st1-uz")
    agency = context.knowledge.agencies["uz-chamber"]
    line = context.t(lang, "detail-unpublished-both", contact=views.agency_line(agency, lang))
    assert line in text
    figure_lines = [x for x in text.splitlines() if views.agency_line(agency, lang) in x]
    assert len(figure_lines) == 2  # the agency line and the one 'not published' line


def test_a_known_time_is_shown_with_its_source_and_the_cost_said_unknown_once(context):
    text = detail(context, "en", "0808.10", "KZ", "UZ", "exp-phyto-kz")
    assert "Time: 5 working days (Standard of the state service" in text
    assert "Cost not published; ask Committee of State Inspection" in text
    assert "Cost and time not published" not in text


def test_a_time_in_hours_comes_with_its_source_and_its_limits(context):
    text = detail(context, "ru", "0808.10", "KZ", "UZ", "exp-declaration-kz")
    assert "Срок: 4 часа (Таможенный кодекс Евразийского экономического союза" in text
    assert "могут продлить до следующего рабочего дня" in text
    assert "Стоимость не опубликована" in text
