"""China, Russia, Türkiye and Afghanistan as trading sides; offices and crossing points."""

from __future__ import annotations

import re

import pytest

from bot.channels.console import ConsoleChannel
from bot.i18n import Translator
from handlers import views
from handlers.context import Context, Library
from handlers.report import posts_to_offer
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.base import Knowledge
from knowledge.loader import DATA_DIR, KnowledgeError, load_knowledge, load_texts, read_sources
from knowledge.models import Requirement, Side, Text
from tests.dialogue import Dialogue
from tests.memory import MemoryApp

FOCUS = ("KZ", "KG", "TJ", "TM", "UZ")
PARTNERS = ("CN", "RU", "TR", "AF")
INDUSTRIAL = {
    "electrical", "electronics", "toys", "machinery", "construction", "metal", "vehicle",
    "clothing", "footwear", "furniture", "fuel", "medicine", "chemicals", "plastics",
}  # fmt: skip
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z]")
NO_LOCAL_FORM = re.compile(r"\b(TIR|CMR|EAC)\b")  # proper names written the same everywhere


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="module")
def context(knowledge: Knowledge) -> Context:
    return Context(Library.build(knowledge), Translator())


def ids(knowledge: Knowledge, hs: str, origin: str, destination: str) -> list[str]:
    return [r.id for r in knowledge.steps_for(knowledge.commodities[hs], origin, destination)]


def partner_steps(knowledge: Knowledge) -> list[Requirement]:
    names = ("requirements-partners-import.yaml", "requirements-partners-export.yaml")
    return [r for r in knowledge.requirements if knowledge.origins[("requirements", r.id)] in names]


# ---- China ----------------------------------------------------------------------------------


def test_dried_apricots_from_kz_to_cn_need_gacc_registration_and_a_chinese_label(knowledge):
    steps = ids(knowledge, "0813.10", "KZ", "CN")
    assert "imp-cn-registration" in steps
    assert "imp-cn-food-label" in steps
    assert "imp-cn-access" in steps  # plant products only from admitted countries
    assert "imp-cn-quarantine-contract" in steps
    assert "imp-cn-quarantine-permit" not in steps  # dried fruit is not on the permit list


def test_fresh_apples_from_uz_to_cn_need_an_entry_quarantine_permit(knowledge):
    steps = ids(knowledge, "0808.10", "UZ", "CN")
    assert "imp-cn-quarantine-permit" in steps
    permit = next(r for r in knowledge.requirements if r.id == "imp-cn-quarantine-permit")
    assert "import-quarantine-permit" in permit.documents


def test_smartphones_into_china_need_ccc_and_refrigerators_also_the_energy_label(knowledge):
    phones = ids(knowledge, "8517.13", "KG", "CN")
    assert {"imp-cn-ccc", "imp-cn-ccc-entry-check"} <= set(phones)
    assert "imp-cn-energy-label" not in phones
    assert "imp-cn-energy-label" in ids(knowledge, "8418", "KZ", "CN")
    assert "imp-cn-ccc" not in ids(knowledge, "0813.10", "KZ", "CN")


# ---- Russia and Kazakhstan --------------------------------------------------------------------


def test_meat_from_kz_to_ru_goes_with_mercury_documents(knowledge):
    assert "imp-ru-mercury" in ids(knowledge, "0204", "KZ", "RU")
    assert "imp-ru-mercury" not in ids(knowledge, "0813.10", "KZ", "RU")
    assert "exp-ru-mercury" in ids(knowledge, "0402", "RU", "UZ")


def test_plant_goods_into_russia_are_notified_in_argus_fito_within_a_day(knowledge):
    assert "imp-ru-argus-fito" in ids(knowledge, "0808.10", "UZ", "RU")
    step = next(r for r in knowledge.requirements if r.id == "imp-ru-argus-fito")
    assert "206" in step.legal_basis.get("ru")  # type: ignore[union-attr]


def test_shoes_need_marking_codes_in_russia_and_kazakhstan(knowledge):
    assert "imp-ru-marking-shoes" in ids(knowledge, "6403", "KG", "RU")
    assert "imp-kz-marking-shoes" in ids(knowledge, "6403", "KG", "KZ")
    assert "imp-kz-marking-shoes" not in ids(knowledge, "6403", "KZ", "KG")


def test_cheese_and_tyres_into_russia_need_marking_codes(knowledge):
    assert "imp-ru-marking-other" in ids(knowledge, "0406", "KZ", "RU")
    assert "imp-ru-marking-other" in ids(knowledge, "4011", "UZ", "RU")
    assert "imp-ru-marking-other" not in ids(knowledge, "0813.10", "UZ", "RU")


def test_only_listed_garments_need_marking_codes_in_russia(knowledge):
    assert "imp-ru-marking-clothing" in ids(knowledge, "6205", "UZ", "RU")  # men's shirts
    assert "imp-ru-marking-clothing" not in ids(knowledge, "6115", "UZ", "RU")  # socks


# ---- Türkiye ----------------------------------------------------------------------------------


def test_onions_from_uz_to_tr_need_a_pest_risk_analysis_and_ministry_control(knowledge):
    steps = ids(knowledge, "0703.10", "UZ", "TR")
    assert {"imp-tr-pest-risk", "imp-tr-agri-control", "imp-tr-food-label"} <= set(steps)
    assert "imp-tr-pest-risk" not in ids(knowledge, "0813.10", "UZ", "TR")


def test_toys_into_turkiye_go_through_tareks_under_the_toy_communique(knowledge):
    steps = ids(knowledge, "9503", "KZ", "TR")
    assert {"imp-tr-tareks", "imp-tr-toys", "imp-tr-eu-rules"} <= set(steps)
    assert "imp-tr-tareks" not in ids(knowledge, "0813.10", "KZ", "TR")


def test_meat_into_turkiye_needs_a_control_certificate_before_import(knowledge):
    assert "imp-tr-control-certificate" in ids(knowledge, "0204", "KG", "TR")


# ---- Afghanistan ------------------------------------------------------------------------------


def test_rebar_from_kz_to_af_is_checked_by_the_standards_authority(knowledge):
    steps = ids(knowledge, "7214", "KZ", "AF")
    assert "imp-af-construction" in steps
    assert "imp-af-asycuda" in steps
    assert "imp-af-plant-quarantine" not in steps


def test_flour_into_afghanistan_meets_plant_quarantine_and_food_testing(knowledge):
    steps = ids(knowledge, "1101", "UZ", "AF")
    assert {"imp-af-plant-quarantine", "imp-af-quality-labs"} <= set(steps)


def test_eggs_into_afghanistan_warn_of_poultry_bans(knowledge):
    assert "imp-af-poultry" in ids(knowledge, "0407", "TJ", "AF")
    assert "imp-af-poultry" not in ids(knowledge, "0402", "TJ", "AF")


def test_dried_fruit_from_af_gets_its_phytosanitary_certificate_from_the_quarantine_department(
    knowledge,
):
    assert "exp-af-phyto" in ids(knowledge, "0813.10", "AF", "UZ")


# ---- the bar and the sourcing rules ---------------------------------------------------


def commodity_specific(req: Requirement) -> bool:
    return bool(req.applies.categories or req.applies.hs_prefixes)


@pytest.mark.parametrize("partner", PARTNERS)
def test_each_partner_import_side_has_three_sourced_steps_for_food_and_for_industrial_goods(
    knowledge, partner
):
    found: dict[str, set[str]] = {"food": set(), "industrial": set()}
    for commodity in knowledge.commodities.values():
        kind = "food" if "food" in commodity.categories else None
        if kind is None and set(commodity.categories) & INDUSTRIAL:
            kind = "industrial"
        if kind is None:
            continue
        for origin in FOCUS:
            for step in knowledge.steps_for(commodity, origin, partner):
                if step.side == Side.IMPORT and commodity_specific(step):
                    assert step.source in knowledge.sources
                    found[kind].add(step.id)
    assert len(found["food"]) >= 3, (partner, found["food"])
    assert len(found["industrial"]) >= 3, (partner, found["industrial"])


def test_every_partner_step_names_its_countries_and_its_source_covers_them(knowledge):
    steps = partner_steps(knowledge)
    assert len(steps) >= 20
    for step in steps:
        assert step.applies.countries, step.id
        covered = set(knowledge.sources[step.source].countries)
        assert set(step.applies.countries) <= covered, (step.id, covered)
        assert isinstance(step.legal_basis, Text), step.id


def test_every_source_added_for_partners_and_posts_lists_its_countries():
    texts = read_sources(DATA_DIR)
    assert "sources-partners.yaml" in texts
    knowledge = load_knowledge()
    for key, source in knowledge.sources.items():
        origin = knowledge.origins[("sources", key)]
        if origin in ("sources-partners.yaml", "sources-border.yaml"):
            assert source.countries, key


def test_partner_texts_keep_cyrillic_and_latin_apart(knowledge):
    for step in partner_steps(knowledge):
        for field in (step.title, step.text, step.legal_basis):
            assert isinstance(field, Text)
            for lang in ("tk", "uz"):
                assert not CYRILLIC.search(field.get(lang)), (step.id, lang)
            for lang in ("kk", "ky", "tg", "ru"):
                text = NO_LOCAL_FORM.sub("", field.get(lang))
                assert not LATIN.search(text), (step.id, lang, text)


# ---- crossing points ----------------------------------------------------------------------------


def answer_text(context: Context, lang: str, hs: str, origin: str, destination: str) -> str:
    state = State(step=Step.ANSWER, lang=lang, hs=hs, origin=origin, destination=destination)
    return views.show_answer(context, lang, state)[0].text


def test_a_kazakh_answer_names_korday_in_kazakh_script(context):
    text = answer_text(context, "kk", "0813.10", "KG", "KZ")
    assert "Қордай" in text
    assert "Korday" not in text


def test_an_uzbek_answer_names_gishtkoprik_in_uzbek_latin(context):
    text = answer_text(context, "uz", "0813.10", "KZ", "UZ")
    assert "Gʻishtkoʻprik" in text
    assert "Гишт" not in text


def test_a_post_that_takes_no_freight_is_marked_in_the_answer(context):
    state = State(Step.SIDE, "en", hs="0813.10", origin="KZ", destination="UZ", side="crossing")
    text = views.show_side(context, "en", state)[0].text
    assert "Kaplanbek (no freight)" in text
    assert "Tselinny / Oqoltin (no freight)" in text
    assert "Tazhen / Dovud Ota," in text


def test_a_post_whose_far_side_is_not_sourced_carries_only_its_sourced_name(knowledge):
    atameken = next(p for p in knowledge.border_posts if p.id == "kz-uz-atameken")
    assert atameken.names == {"KZ": "Atameken"}
    assert atameken.joins() == {"KZ", "UZ"}
    assert atameken in knowledge.border_posts_for("UZ", "KZ")
    tazhen = next(p for p in knowledge.border_posts if p.id == "kz-uz-tazhen")
    assert tazhen.names == {"KZ": "Tazhen", "UZ": "Dovud ota"}  # Uzbek customs names both


def test_turkmen_afghan_posts_take_freight_by_road_and_rail(knowledge):
    posts = knowledge.border_posts_for("TM", "AF")
    assert {p.id for p in posts} == {"tm-af-imamnazar", "tm-af-serhetabat"}
    for post in posts:
        assert post.cargo is True
        assert {"road", "rail"} <= set(post.traffic)


def test_every_post_name_is_written_in_each_languages_script(knowledge):
    for post in knowledge.border_posts:
        for side in post.names:
            assert side in post.local_names, post.id
            for lang in LANGS:
                name = post.name_in(side, lang)
                if lang in ("kk", "ky", "tg", "ru"):
                    assert not LATIN.search(name), (post.id, lang, name)
                elif lang in ("uz", "tk"):
                    assert not CYRILLIC.search(name), (post.id, lang, name)


# ---- contacts -----------------------------------------------------------------------------------


def detail_state(lang: str, flow: tuple[str, str, str], step_id: str, knowledge) -> State:
    hs, origin, destination = flow
    steps = knowledge.steps_for(knowledge.commodities[hs], origin, destination)
    number = next(n for n, s in enumerate(steps, start=1) if s.id == step_id)
    return State(
        step=Step.DETAIL, lang=lang, hs=hs, origin=origin, destination=destination, detail=number
    )


def test_the_contacts_of_a_plant_quarantine_step_name_the_office_near_the_crossing(context):
    knowledge = context.knowledge
    state = detail_state("ru", ("0813.10", "KG", "KZ"), "exp-phyto-kg", knowledge)
    (reply,) = views.contacts_replies(context, "ru", state)
    assert "Ак-Тилек" in reply.text
    assert "Ошское управление" in reply.text
    assert "24.kg" in reply.text  # each office with its source


def test_an_agency_without_sourced_offices_says_so_instead_of_inventing_one(context):
    knowledge = context.knowledge
    state = detail_state("en", ("0813.10", "KZ", "UZ"), "exp-phyto-kz", knowledge)
    (reply,) = views.contacts_replies(context, "en", state)
    assert "is confirmed in our official sources yet" in reply.text
    assert "Phone" not in reply.text


def test_a_step_without_an_agency_shows_the_countrys_customs_when_it_has_no_portal(context):
    knowledge = context.knowledge
    state = detail_state("ru", ("8517.13", "KG", "CN"), "imp-cn-ccc", knowledge)
    (reply,) = views.contacts_replies(context, "ru", state)
    assert knowledge.agencies["cn-customs"].name.ru in reply.text
    assert "Телефон: 12360" in reply.text


def test_a_crossing_step_lists_the_posts_with_what_they_take(context):
    knowledge = context.knowledge
    state = detail_state("en", ("8517.13", "CN", "KG"), "cross-border-post", knowledge)
    _agency, posts = views.contacts_replies(context, "en", state)
    assert "• Torugart — freight" in posts.text
    assert "Closed on Chinese public holidays" in posts.text
    assert "Check with customs" in posts.text


def test_a_long_list_of_posts_comes_in_messages_that_each_fit_a_phone_screen(context):
    knowledge = context.knowledge
    state = detail_state("kk", ("0813.10", "KZ", "UZ"), "cross-border-post", knowledge)
    _agency, *posts = views.contacts_replies(context, "kk", state)
    assert len(posts) > 1
    assert all(len(reply.text.splitlines()) <= views.SCREEN_LINES for reply in posts)
    text = "\n".join(reply.text for reply in posts)
    assert text.count("• ") == len(knowledge.border_posts_for("KZ", "UZ"))


def dialogue(app: MemoryApp, lang: str) -> Dialogue:
    return Dialogue(ConsoleChannel(app.engine, "trader", lang, out=None))  # type: ignore[arg-type]


async def test_the_contacts_button_on_a_step_shows_contacts_and_keeps_the_step(
    memory_app: MemoryApp,
):
    app = memory_app
    chat = dialogue(app, "en")
    await chat.say("dried apricots")
    await chat.tap(chat.first_choice("c:0813"))
    await chat.tap("o:KG")
    await chat.tap("d:KZ")
    knowledge = (await app.knowledge.current()).knowledge
    steps = knowledge.steps_for(knowledge.commodities["0813.10"], "KG", "KZ")
    number = next(n for n, s in enumerate(steps, start=1) if s.id == "exp-phyto-kg")
    await chat.tap("side:export")
    await chat.tap(f"st:{number}")
    assert "contacts" in chat.choice_ids()
    await chat.tap("contacts")
    assert "Ak-Tilek" in chat.text()
    assert not chat.replies[-1].get("choices")  # one more message; the step's buttons stay
    await chat.tap_unchecked(f"st:{number}")
    assert chat.replies[0]["text"].startswith(f"{number}. ")


def test_the_incident_report_offers_posts_in_the_traders_script(context):
    state = State(step=Step.REPORT_POST, lang="kk", hs="0813.10", origin="KG", destination="KZ")
    names = [name for _id, name in posts_to_offer(context, state)]
    assert "Ақжол / Қордай" in names


TEXT = "{kk: a, ky: a, tg: a, tk: a, uz: a, ru: a, en: a}"
MINIMAL = {
    "sources.yaml": "sources:\n  - {id: law, title: A law, verified: 2026-11-01}\n",
    "countries.yaml": "countries:\n  - {code: KG, focus: true}\n  - {code: KZ, focus: true}\n",
}


def test_a_contact_or_a_post_citing_an_unknown_source_is_refused():
    agencies = (
        "agencies:\n  - {id: kg-customs, country: KG, kind: customs, name: " + TEXT + ", "
        "source: law, verified: 2026-11-01, contacts: [{office: " + TEXT + ", phone: '1', "
        "source: rumour, verified: 2026-11-01}]}\n"
    )
    posts = (
        "border_posts:\n  - {id: p, names: {KG: A}, countries: [KG, KZ], source: law, "
        "sources: [hearsay], verified: 2026-11-01}\n"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_texts({**MINIMAL, "agencies.yaml": agencies, "posts.yaml": posts})
    found = " ".join(str(p) for p in caught.value.problems)
    assert "unknown source 'rumour'" in found
    assert "unknown source 'hearsay'" in found


def test_a_post_joining_an_unknown_country_is_refused():
    posts = (
        "border_posts:\n  - {id: p, names: {KG: A}, countries: [KG, XX], source: law, "
        "verified: 2026-11-01}\n"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_texts({**MINIMAL, "posts.yaml": posts})
    assert "unknown country 'XX'" in " ".join(str(p) for p in caught.value.problems)
