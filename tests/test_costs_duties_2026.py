"""Duties added in December 2026, held to what their sources print: Turkmenistan's duties set
per kg, Uzbekistan's zero rate on cattle meat until 2027, Tajikistan's 5 kg of one kind of
food; as the trader reads them on the import side and in the estimate."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal as D

import pytest

from bot.i18n import Translator
from handlers import costs_view, views
from handlers.clock import noon_of
from handlers.context import Context, Library
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.costs import Preference
from knowledge.loader import KnowledgeError, load_knowledge, load_texts
from tests.test_costs_duties import duty
from tests.test_costs_knowledge import BASE
from tests.test_estimate import RATES
from tests.test_estimate_duties import run

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()




# ---- Turkmenistan: the customs service's list of goods bearing duty, per kg --------------------

TURKMEN = [
    ("0409", "3 US dollars per kg", "3 доллара США за 1 кг"),  # honey
    ("0806.10", "0.5 US dollars per kg", "0,5 доллара США за 1 кг"),  # fresh grapes
    ("1601", "2 US dollars per kg", "2 доллара США за 1 кг"),  # sausages
    ("2005", "0.15 US dollars per kg", "0,15 доллара США за 1 кг"),  # rest of group 20
    ("2007", "0.15 US dollars per kg", "0,15 доллара США за 1 кг"),
    ("2008", "0.15 US dollars per kg", "0,15 доллара США за 1 кг"),
]


@pytest.mark.parametrize(("hs", "en", "ru"), TURKMEN)
def test_turkmenistan_sets_these_duties_per_kg(knowledge, hs, en, ru):
    found = duty(knowledge, hs, "TM")
    assert (found.regime, found.rate, found.rate_max) == ("TM", None, None)
    assert (found.specific.en, found.specific.ru) == (en, ru)
    source = knowledge.sources[found.source]
    assert source.url.startswith("https://customs.gov.tm/") and source.countries == ("TM",)
    # the figure stands in the source's own words on its current page: 'For 1 kg 3 US Dollar'
    assert source.url == "https://customs.gov.tm/en/customs-info/customs-fees/duties"
    assert "For 1 kg " + en.split(" ")[0] + " US Dollar" in source.citation


def test_turkmen_duties_not_on_the_list_or_differing_within_a_heading_are_not_guessed(knowledge):
    assert duty(knowledge, "0806", "TM") is None  # raisins are not on the list, fresh grapes are
    assert duty(knowledge, "0805", "TM") is None  # only lemons (0805 50) are on it
    assert duty(knowledge, "2002", "TM") is None  # tomato paste 2 USD, the rest 0.15
    assert duty(knowledge, "0802.31", "TM") is None  # nuts: not on the list, not read as zero


def test_a_duty_needs_a_rate_or_a_per_kg_amount():
    with pytest.raises(KnowledgeError) as caught:
        load_texts(
            {
                **BASE,
                "costs.yaml": textwrap.dedent(
                    """
                    duties:
                      - {regime: TM, hs: "0409", source: law, verified: 2026-11-01}
                    """
                ),
            }
        )
    assert any("a duty needs a rate" in str(p) for p in caught.value.problems)


@pytest.fixture(scope="module")
def context(translator: Translator) -> Context:
    return Context(Library.build(load_knowledge()), translator, now=noon_of(TODAY), rates=RATES)


def import_side(context: Context, lang: str, hs: str, origin: str, destination: str) -> str:
    state = State(Step.SIDE, lang, hs=hs, origin=origin, destination=destination, side="import")
    return views.show_side(context, lang, state)[0].text


@pytest.mark.parametrize("lang", LANGS)
def test_the_import_side_names_the_turkmen_duty_per_kg_with_its_source(context, lang):
    knowledge = context.knowledge
    honey = import_side(context, lang, "0409", "UZ", "TM")
    found = duty(knowledge, "0409", "TM")
    title = costs_view.short_source(knowledge.sources["tm-customs-duties"], lang)
    line = context.t(lang, "costs-duty-rate", rate=found.specific.get(lang), source=title)
    assert line in honey
    assert "3" in found.specific.get(lang) and "kg" in found.specific.get(lang).replace("кг", "kg")


def test_kazakh_honey_into_turkmenistan_the_estimate_leaves_the_per_kg_duty_out(knowledge):
    # Turkmenistan is outside the CIS free-trade area: its duty applies, 3 USD per kg of honey,
    # which needs the weight. 2,000 USD x 3.5 (the admin's rate) = 7,000.00 TMT; VAT 15% = 1,050.00;
    # customs clearance 0.2% = 14.00; total 1,064.00 TMT / 3.5 = 304.00 USD.
    found, lines = run(knowledge, "0409", "KZ", "TM", "2000 USD")
    assert found.preference == Preference.NONE
    assert found.customs_value == D("7000.00")
    assert ("duty", "") not in lines
    assert "est-excluded-per-kg" in found.excluded and "est-excluded-duty" not in found.excluded
    assert lines[("vat", "")].amount == D("1050.00")
    assert lines[("fee", "imp-clearance-tm")].amount == D("14.00")
    assert (found.total, found.total_her) == (D("1064.00"), D("304.00"))


def test_the_estimate_says_the_per_kg_duty_is_left_out(context):
    state = State(Step.ANSWER, "en", hs="0409", origin="KZ", destination="TM")
    text, done = costs_view.estimate_reply(
        context, "en", context.knowledge.commodities["0409"], state, "2000 $"
    )
    assert done
    assert context.t("en", "est-excluded-per-kg") in text
    assert "Total: 1,064 TMT ≈ 304 USD" in text  # VAT and the fee only


# ---- Uzbekistan: cattle meat at zero until 1 January 2027 ---------------------------------------


@pytest.mark.parametrize("hs", ["0201", "0202"])
def test_uzbekistan_lets_cattle_meat_in_at_zero_until_2027(knowledge, hs):
    found = duty(knowledge, hs, "UZ", dt.date(2026, 12, 31))
    assert (found.rate, found.valid_until) == (0, dt.date(2026, 12, 31))
    source = knowledge.sources[found.source]
    assert "қорамол ва қўй гўшти" in source.citation and source.countries == ("UZ",)
    assert duty(knowledge, hs, "UZ", dt.date(2027, 1, 1)) is None


def test_sheep_and_goat_meat_is_not_read_as_zero(knowledge):
    assert duty(knowledge, "0204", "UZ") is None  # 0204 also holds goat meat, not named


def test_uzbekistan_turkmen_beef_at_the_zero_rate(knowledge):
    # 10,000 USD x 12,150 (CBU) = 121,500,000.00 UZS; duty 0 until 1 January 2027; VAT 12%
    # = 14,580,000.00; clearance up to 10,000 USD 1 BRV = 375,000.00; Turkmenistan's export
    # clearance fee 0.2% = 243,000.00; total 15,198,000.00 UZS / 12,150 = 1,250.86 USD.
    found, lines = run(knowledge, "0201", "TM", "UZ", "10 000 USD")
    assert found.preference == Preference.NONE
    duty_line = lines[("duty", "")]
    assert (duty_line.rate, duty_line.amount, duty_line.source) == (
        "0%",
        D("0.00"),
        "uz-zero-duty-2027-beef",
    )
    assert lines[("vat", "")].amount == D("14580000.00")
    assert lines[("fee", "imp-clearance-uz")].amount == D("375000.00")
    assert lines[("fee", "exp-declaration-tm")].amount == D("243000.00")
    assert (found.total, found.total_her) == (D("15198000.00"), D("1250.86"))


# ---- Tajikistan: no personal-use norm is claimed --------------------------------------------
# A 2018 news item quoted an official on 5 kg of food at the Uzbek border; it is not a norm of
# the Customs Code or the Government's rules, which could not be read, so none is shown.


def test_tajikistan_has_no_personal_use_norm_without_its_act(knowledge):
    assert not [a for a in knowledge.allowances.values() if a.regime == "TJ"]


# ---- excise: Turkmenistan's additional payment on beer and wine -------------------------------


def test_turkmenistan_charges_excise_on_beer_and_wine_in_percent_with_a_minimum(knowledge):
    beer, wine = knowledge.excise["TM:2203"], knowledge.excise["TM:2204"]
    assert (beer.rate, wine.rate) == (92, 168)
    assert beer.minimum.en == "but at least 9 manat per litre"
    assert "39 manat" in wine.minimum.en and "61 manat" in wine.minimum.en
    source = knowledge.sources[beer.source]
    assert "Beer - 92% of customs cost, but not less than 9 manat per 1 liter" in source.citation
    assert source.url == "https://customs.gov.tm/en/customs-info/customs-fees/excices"
    assert source.countries == ("TM",) and wine.source == beer.source
    assert not [e for e in knowledge.excise.values() if e.country != "TM"]  # none read elsewhere


def test_kazakh_beer_into_turkmenistan_counts_the_excise_and_vat_on_it(knowledge):
    # 1,000 USD x 3.5 = 3,500.00 TMT; excise 92% of the customs value = 3,220.00 (the minimum of
    # 9 manat a litre is left out and named); VAT 15% on 3,500.00 + 3,220.00 = 1,008.00;
    # clearance 0.2% = 7.00; total 4,235.00 TMT / 3.5 = 1,210.00 USD.
    found, lines = run(knowledge, "2203", "KZ", "TM", "1000 USD")
    excise = lines[("excise", "")]
    assert (excise.rate, excise.amount, excise.source) == ("92%", D("3220.00"), "tm-customs-excise")
    assert lines[("vat", "")].amount == D("1008.00")
    assert lines[("fee", "imp-clearance-tm")].amount == D("7.00")
    assert (found.total, found.total_her) == (D("4235.00"), D("1210.00"))
    assert "est-excluded-excise-minimum" in found.excluded
    assert "est-excluded-excise" not in found.excluded


def test_excise_elsewhere_is_still_said_to_be_left_out(knowledge):
    found, _ = run(knowledge, "2203", "KZ", "UZ", "1000 USD")
    assert "est-excluded-excise" in found.excluded
    assert not [line for line in found.lines if line.kind == "excise"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_import_side_and_the_estimate_name_the_turkmen_excise(context, lang):
    knowledge = context.knowledge
    wine = knowledge.excise["TM:2204"]
    title = costs_view.short_source(knowledge.sources["tm-customs-excise"], lang)
    rate = context.t(lang, "costs-excise-minimum", rate="168%", minimum=wine.minimum.get(lang))
    side = import_side(context, lang, "2204", "UZ", "TM")
    assert context.t(lang, "costs-excise", rate=rate, source=title) in side
    state = State(Step.ANSWER, lang, hs="2204", origin="UZ", destination="TM")
    text, done = costs_view.estimate_reply(
        context, lang, knowledge.commodities["2204"], state, "1000 USD"
    )
    assert done
    assert context.t(lang, "est-excluded-excise-minimum") in text
    assert context.t(lang, "est-excluded-excise") + ";" not in text


def test_the_json_estimate_lists_the_excise_line(context):
    knowledge = context.knowledge
    found, _ = run(knowledge, "2203", "KZ", "TM", "1000 USD")
    data = costs_view.estimate_data(context, "en", found, "TM")
    excise = next(line for line in data["lines"] if line["kind"] == "excise")
    assert (excise["what"], excise["rate"], excise["amount"]) == ("Excise", "92%", "3220.00")
    assert excise["source"]["id"] == "tm-customs-excise"
