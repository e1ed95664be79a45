"""The rights card in short (handlers/card.py) as the SMS channel sends it: for each of the
five countries and each of the 7 languages, one SMS of at most 2 segments counted with the
real GSM-7/UCS-2 rules, every right on it with its act and article."""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.channels.sms import CARD_BUDGET
from bot.channels.sms_render import Labels, render
from bot.channels.sms_segments import Encoding, count
from bot.i18n import Translator
from handlers import card
from handlers.context import Context, Library
from handlers.dialog import uzbek_cyrillic
from handlers.events import Reply
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.base import Knowledge
from knowledge.loader import load_knowledge
from knowledge.models import RightsCard

FIVE = ("KZ", "KG", "TJ", "TM", "UZ")
LATIN = ("tk", "uz", "en")  # GSM-7 once folded: 306 septets in 2 parts
NUMBER = re.compile(r"\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="module")
def context(knowledge: Knowledge) -> Context:
    return Context(Library.build(knowledge), Translator())


def sent(reply: Reply) -> list[str]:
    sms = render([reply], Labels(), budget=CARD_BUDGET, trim=True)
    assert count(sms.body).segments <= CARD_BUDGET, (count(sms.body), sms.body)
    assert not sms.pages_left and sms.menu == {"1": card.FULL}
    return sms.body.splitlines()


def test_every_one_of_the_five_countries_has_a_card(knowledge: Knowledge):
    assert set(knowledge.cards) == set(FIVE)
    assert knowledge.card_problems() == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("country", FIVE)
def test_the_card_is_one_sms_of_at_most_two_segments_with_its_sources(
    context: Context, knowledge: Knowledge, country: str, lang: str
):
    lines = sent(card.short_card(context, lang, country))
    header, rights, menu = lines[0], lines[1:-1], lines[-1]
    assert knowledge.country_name(country, lang).replace("ʻ", "'") in header
    assert menu == "1 " + context.t(lang, "card-full")
    listed = knowledge.cards[country].rights
    assert len(rights) >= 2  # UCS-2: 134 units for Cyrillic
    if lang in LATIN:
        assert len(rights) == len(listed)  # GSM-7: the whole card
    first = knowledge.rights[listed[0]].short
    assert f"({first.act.get(lang)} " in card.card_lines(context, lang, country)[1]
    assert all(re.search(r"\(.+\)$", line) for line in rights), rights


@pytest.mark.parametrize("country", FIVE)
def test_uzbek_in_cyrillic_gets_the_card_in_one_sms_too(context: Context, country: str):
    lines = sent(uzbek_cyrillic(card.short_card(context, "uz", country)))
    assert len(lines) >= 4 and count("\n".join(lines)).encoding == Encoding.UCS2


def test_a_short_form_cites_only_the_articles_of_its_right(knowledge: Knowledge):
    shorts = [r for r in knowledge.rights.values() if r.short is not None]
    assert len(shorts) >= 6
    for right in shorts:
        article = right.short.article if right.short else None
        for lang in LANGS:
            cited = set(NUMBER.findall(article.get(lang))) if article else set()
            assert cited <= set(NUMBER.findall(right.legal_basis.get(lang))), (right.id, lang)


def test_the_card_is_the_country_ahead_or_asks_which(context: Context, knowledge: Knowledge):
    route = State(Step.SITUATION, "ru", origin="KG", destination="KZ")
    assert card.card_country(knowledge, route) == "KZ"
    to_afghanistan = State(Step.SITUATION, "ru", origin="UZ", destination="AF")
    assert card.card_country(knowledge, to_afghanistan) == "UZ"
    assert card.card_country(knowledge, State(Step.BORDER, "ru")) is None
    which = card.which_country(context, "ru")
    assert [c.id for c in which.choices] == [f"card:{c}" for c in knowledge.cards]


def test_a_card_naming_a_right_that_does_not_hold_there_is_refused(knowledge: Knowledge):
    wrong = dataclasses.replace(
        knowledge, cards={"UZ": RightsCard(country="UZ", rights=("tfa-appeal", "tfa-enquiry"))}
    )
    assert [p[2] for p in wrong.card_problems()] == [
        "right 'tfa-appeal' does not hold in UZ",  # Uzbekistan is not a WTO member
        "right 'tfa-enquiry' does not hold in UZ",
    ]


IMPORTED = {
    "kk": "Әкелінетін",
    "ky": "Алып келинген",
    "tg": "воридотӣ",
    "tk": "Getirilýän",
    "uz": "Olib kirilayotgan",
    "ru": "ввоз",
    "en": "import",
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_short_form_of_detention_keeps_its_limit_to_imported_goods(
    knowledge: Knowledge, lang: str
):
    """TFA art. 5.2 covers goods imported: the short form says so as the full text does."""
    right = knowledge.rights["tfa-detention"]
    assert right.short is not None
    word = IMPORTED[lang].lower()
    assert word in right.text.get(lang).lower()
    assert word in right.short.text.get(lang).lower(), right.short.text.get(lang)
