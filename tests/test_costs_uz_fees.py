"""Uzbekistan's fees and service times per step (issue 15): each figure added for Uzbekistan
is held here as the trader reads it, with its source, so a changed or lost figure fails."""

from __future__ import annotations

import pytest

from bot.i18n import Translator
from handlers import costs_view, views
from handlers.context import Context, Library
from knowledge import LANGS
from knowledge.loader import load_knowledge
from tests.test_costs_answer import detail


@pytest.fixture(scope="module")
def context(translator: Translator) -> Context:
    return Context(Library.build(load_knowledge()), translator)


@pytest.mark.parametrize("lang", LANGS)
def test_an_uzbek_export_declaration_takes_one_working_day_by_the_2020_decree(context, lang):
    # She sends apples from Uzbekistan to Kazakhstan and opens the customs step.
    text = detail(context, lang, "0808.10", "UZ", "KZ", "exp-declaration-uz")
    decree = costs_view.short_source(context.knowledge.sources["uz-up-6005-clearance"], lang)
    one_day = context.t(lang, "costs-days", days=1)
    assert context.t(lang, "detail-fee-time", time=one_day, source=decree) in text
    fee = context.knowledge.fees["exp-declaration-uz@UZ"]
    assert fee.note.get(lang) in text  # the time depends on the risk level
    assert "3" in fee.note.get(lang) and "1" in fee.note.get(lang)  # cut from 3 days to 1
    agency = views.agency_line(context.knowledge.agencies["uz-customs"], lang)
    assert context.t(lang, "detail-unpublished-time", contact=agency) not in text
    assert text.count(agency) == 1  # cost and time both known: nobody to ask


def test_the_export_time_comes_from_the_decree_and_the_amount_from_the_fee_rates(context):
    fee = context.knowledge.fees["exp-declaration-uz@UZ"]
    assert (fee.days, fee.hours) == (1, None)
    assert (fee.source, fee.time_source) == ("uz-customs-fees-2025", "uz-up-6005-clearance")
    decree = context.knowledge.sources[fee.time_source]
    assert "UZ" in decree.countries and decree.verified.year >= 2026
    assert "3 days to 1" in decree.citation  # the decree's own words, quoted in the source


@pytest.mark.parametrize("lang", LANGS)
def test_an_unpublished_certification_cost_names_the_technical_regulation_agency(context, lang):
    # No source of ours gives the cost or time of a certificate of conformity: the step says so
    # once and names Uzbekistan's body for technical regulation, not the regional portal.
    text = detail(context, lang, "0808.10", "KZ", "UZ", "imp-uz-conformity")
    agency = views.agency_line(context.knowledge.agencies["uz-techreg"], lang)
    assert context.t(lang, "detail-unpublished-both", contact=agency) in text
    assert "infotradecentralasia.org" not in text
    source = context.knowledge.sources[context.knowledge.agencies["uz-techreg"].source]
    assert "UZ" in source.countries and "Technical Regulation" in source.citation
