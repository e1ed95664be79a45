"""Costs in the knowledge base: every figure sourced and dated, every VAT rate held."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from knowledge.costs import (
    Preference,
    duty_for,
    fee_data,
    fee_price,
    preference,
    regime_of,
    vat_for,
)
from knowledge.loader import KnowledgeError, load_knowledge, load_texts

TEXT = "{kk: a, ky: a, tg: a, tk: a, uz: a, ru: a, en: a}"
BASE = {
    "sources.yaml": textwrap.dedent(
        """
        sources:
          - {id: law, title: A law, citation: Law of 1 January 2020, countries: [KG],
             verified: 2026-11-01}
        countries:
          - {code: KG, focus: true}
        requirements:
          - {id: phyto, side: export, title: TEXT, text: TEXT, legal_basis: TEXT,
             source: law, verified: 2026-11-01}
        """
    ).replace("TEXT", TEXT)
}


def problems(extra: str) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_texts({**BASE, "costs.yaml": textwrap.dedent(extra)})
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


# ---- every importing country's VAT, each held by its source ------------------------------

VAT = {"KZ": 16, "KG": 12, "TJ": 14, "UZ": 12, "RU": 22, "TM": 15, "CN": 13, "TR": 20, "AF": 4}


@pytest.mark.parametrize(("country", "rate"), sorted(VAT.items()))
def test_each_importing_country_has_its_vat_rate_with_a_source(knowledge, country, rate):
    vat = knowledge.vat[country]
    assert vat.standard == Decimal(rate)
    assert vat.source in knowledge.sources
    assert vat.verified.year >= 2026


def test_every_country_the_bot_covers_has_a_vat_entry(knowledge):
    assert set(knowledge.countries) <= set(knowledge.vat)


def test_reduced_rates_reach_the_goods_they_name(knowledge):
    wheat, shirts = knowledge.commodities["1001"], knowledge.commodities["6109.10"]
    _, reduced = vat_for(knowledge, wheat, "RU")
    assert reduced is not None and reduced.rate == 10
    assert vat_for(knowledge, shirts, "RU")[1] is None
    assert vat_for(knowledge, knowledge.commodities["0808.10"], "CN")[1].rate == 9
    food = vat_for(knowledge, knowledge.commodities["1905"], "TR")[1]
    assert (food.rate, food.rate_max) == (1, 10)


def test_unit_values_turn_fees_into_money(knowledge):
    assert knowledge.units["kz-mci"].value == 4325
    fee = knowledge.fees["imp-clearance-uz@UZ"]
    price = fee_price(knowledge, fee, Decimal("15000"))
    assert (price.units, price.amount, price.currency) == (Decimal("1.5"), 562500, "UZS")
    assert fee_price(knowledge, fee, Decimal("10000")).units == 1  # the band's upper bound
    assert fee_price(knowledge, fee, Decimal("5000000")).units == 25


# ---- preferences and regimes ---------------------------------------------------------------


def test_the_preference_follows_the_pair(knowledge):
    assert preference(knowledge, "KG", "KZ") == Preference.EAEU
    assert preference(knowledge, "KZ", "UZ") == Preference.CIS_ST1
    assert preference(knowledge, "TJ", "KG") == Preference.CIS_ST1
    assert preference(knowledge, "CN", "KZ") == Preference.NONE
    assert preference(knowledge, "UZ", "TM") == Preference.NONE
    assert [regime_of(knowledge, c) for c in ("KZ", "KG", "RU", "UZ", "CN")] == [
        "EAEU",
        "EAEU",
        "EAEU",
        "UZ",
        "CN",
    ]


def test_the_most_specific_duty_entry_wins(knowledge):
    for duty in knowledge.duties.values():
        assert duty.source in knowledge.sources
        if duty.rate_max is not None:
            assert duty.rate_max >= duty.rate
    shirts = knowledge.commodities.get("6109.10")
    found = duty_for(knowledge, shirts, "KZ")
    if found is not None:
        assert "6109".startswith(found.hs.replace(".", "")[:4])


# ---- kb validate refuses a fee, rate or time without its source and date -------------------


def test_a_fee_without_a_source_is_refused():
    found = problems(
        """
        fees:
          - {requirement: phyto, country: KG, amount: "5", unit: KGS, verified: 2026-11-01}
        """
    )
    assert any("fees[0]" in p and "source" in p for p in found)


def test_a_time_without_a_date_is_refused():
    found = problems(
        """
        fees:
          - {requirement: phyto, country: KG, days: 3, source: law}
        """
    )
    assert any("fees[0]" in p and "verified" in p for p in found)


def test_a_vat_rate_and_a_duty_without_sources_are_refused():
    found = problems(
        """
        vat:
          - {country: KG, standard: "12", verified: 2026-11-01}
        duties:
          - {regime: EAEU, hs: "6109", rate: "10"}
        """
    )
    assert any("vat[0]" in p and "source" in p for p in found)
    assert any("duties[0]" in p and "source" in p for p in found)
    assert any("duties[0]" in p and "verified" in p for p in found)


def test_a_fee_must_say_something():
    found = problems(
        """
        fees:
          - {requirement: phyto, country: KG, source: law, verified: 2026-11-01}
          - {requirement: phyto, country: KG, amount: "3", source: law, verified: 2026-11-01}
        """
    )
    assert any("fees[0]" in p and "a fee needs an amount, bands or a time" in p for p in found)
    assert any("fees[1]" in p and "an amount needs its unit" in p for p in found)


def test_a_fee_names_what_exists():
    found = problems(
        """
        fees:
          - {requirement: nothing, country: KG, days: 2, source: gone, verified: 2026-11-01}
          - {requirement: phyto, country: KZ, amount: "2", unit: kg-rp, source: law,
             verified: 2026-11-01}
        """
    )
    assert any("unknown requirement 'nothing'" in p for p in found)
    assert any("unknown source 'gone'" in p for p in found)
    assert any("unknown unit 'kg-rp'" in p for p in found)
    assert any("unknown country 'KZ'" in p for p in found)


def test_a_negative_amount_or_a_rate_above_100_is_refused():
    found = problems(
        """
        fees:
          - {requirement: phyto, country: KG, amount: "-1", unit: KGS, source: law,
             verified: 2026-11-01}
        vat:
          - {country: KG, standard: "120", source: law, verified: 2026-11-01}
        """
    )
    assert any("fees[0]" in p and "amount" in p for p in found)
    assert any("vat[0]" in p and "standard" in p for p in found)


def test_a_time_source_needs_a_time_and_must_exist():
    found = problems(
        """
        fees:
          - {requirement: phyto, country: KG, amount: "5", unit: KGS, source: law,
             time_source: law, verified: 2026-11-01}
        """
    )
    assert any("fees[0]" in p and "time_source needs a time" in p for p in found)
    found = problems(
        """
        fees:
          - {requirement: phyto, country: KG, days: 2, source: law, time_source: gone,
             verified: 2026-11-01}
        """
    )
    assert any("time_source" in p and "unknown source 'gone'" in p for p in found)


def test_a_fee_whose_source_does_not_cover_its_country_is_refused():
    found = problems(
        """
        countries:
          - {code: KZ, focus: true}
        sources:
          - {id: kz-act, title: An act, countries: [KZ], verified: 2026-11-01}
        fees:
          - {requirement: phyto, country: KZ, days: 2, source: law, verified: 2026-11-01}
          - {requirement: phyto, country: KG, days: 2, source: law, time_source: kz-act,
             verified: 2026-11-01}
        """
    )
    assert any("source" in p and "'law' does not cover KZ" in p for p in found)
    assert any("time_source" in p and "'kz-act' does not cover KG" in p for p in found)


# ---- import-side figures (issue 15), each held by its source --------------------------------


@pytest.mark.parametrize("country", ["KZ", "KG"])
@pytest.mark.parametrize("step", ["imp-eaeu-food", "imp-eaeu-light"])
def test_an_eaeu_declaration_is_registered_within_five_working_days(knowledge, step, country):
    fee = knowledge.fees[f"{step}@{country}"]
    assert (fee.days, fee.days_max, fee.hours, fee.amount) == (5, None, None, None)
    source = knowledge.sources[fee.source]
    assert fee.source == "eec-41-declaration-registration"
    assert "No. 41" in source.citation and "5 working days" in source.citation
    assert country in source.countries


def test_uzbek_import_clearance_takes_a_day_by_the_2020_decree_and_costs_by_the_2025_rates(
    knowledge,
):
    fee = knowledge.fees["imp-clearance-uz@UZ"]
    assert fee.days == 1 and fee.time_source == "uz-up-6005-clearance"
    assert fee.source == "uz-customs-fees-2025" and fee.bands[0].amount == 1
    assert "UP-6005" in knowledge.sources[fee.time_source].citation


def test_the_turkmen_clearance_fee_is_the_customs_service_s_own_0_2_percent(knowledge):
    fee = knowledge.fees["imp-clearance-tm@TM"]
    assert (fee.amount, fee.unit) == (Decimal("0.2"), "%")
    source = knowledge.sources[fee.source]
    assert source.url.startswith("https://www.customs.gov.tm/")
    assert "0.2% of the customs value" in source.citation


def test_the_json_answer_names_the_time_s_own_source(knowledge):
    steps = {s.id: s for s in knowledge.requirements}
    uz = fee_data(knowledge, steps["imp-clearance-uz"], "KZ", "UZ")
    assert (uz["source"], uz["time_source"], uz["days"]) == (
        "uz-customs-fees-2025",
        "uz-up-6005-clearance",
        1,
    )
    food = fee_data(knowledge, steps["imp-eaeu-food"], "UZ", "KG")
    assert food["time_source"] == food["source"] == "eec-41-declaration-registration"
    tm = fee_data(knowledge, steps["imp-clearance-tm"], "UZ", "TM")
    assert tm["time_source"] is None  # no time: nothing to source
