"""Answers in the trader's script: no Latin words in a Kazakh, Kyrgyz, Tajik or Russian
answer, no Cyrillic words in an Uzbek or Turkmen one, outside a few names that have no
local form. Every pair of countries, a sample of products, all seven languages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.i18n import Translator
from handlers import costs_view, views
from handlers.context import Context, Library
from handlers.state import State, Step
from knowledge.loader import load_knowledge
from tests.test_estimate import RATES
from tests.test_knowledge_base import covered_pairs

# Border post names have a form per language in border_posts.yaml (issue 13b, merged): the
# line of the answer that lists them is checked too. False would leave that line out.
CHECK_BORDER_POST_NAMES = True

SAMPLE = (
    *("0813.10", "6109", "8517.13", "0201", "3004", "8703", "5701", "1601", "8418"),
    *("9503", "3304", "9403", "2523", "0101", "1209", "2309", "8471", "6403", "0409", "8432"),
    *("6205", "0406", "0702", "0207", "2710"),
)
CYRILLIC_LANGS = ("kk", "ky", "tg", "ru")
LATIN_LANGS = ("uz", "tk")
# Names with no local form: conventions, marks, abbreviations known by their Latin letters.
ALLOWED = {"CMR", "TIR", "EAC", "WOAH", "CABI", "ePing", "HS", "ST-1"}
# ISO 4217 codes of the route's currencies: amounts are shown with the code the central bank
# publishes and the estimate asks her to type (est-currency), the same in every language.
ALLOWED |= {"KZT", "KGS", "TJS", "UZS", "TMT", "RUB", "CNY", "TRY", "AFN", "USD", "EUR"}
# Cyrillic forms kept in Latin-script answers: none.
ALLOWED_CYRILLIC: set[str] = set()

ADDRESS = re.compile(
    r"(https?://\S+|\b[\w-]+(\.[\w-]+)*\.(kz|kg|tj|tm|uz|ru|cn|af|tr|org|com|int|gov|info|net)\b\S*)"
)
# Latin letters: ASCII and Latin-1 to Latin Extended-B, without × and ÷.
LATIN_WORD = re.compile(r"[\w'ʻʼ’-]*[A-Za-zÀ-ÖØ-öø-ɏ][\w'ʻʼ’-]*")
CYRILLIC_WORD = re.compile(r"[\w'-]*[\u0400-\u04FF][\w'-]*")


ROMAN_NUMBER = re.compile(r"^(\d+-)?[IVXLC]+$")  # article V, law No. 54-IV


def allowed_latin(word: str) -> bool:
    """An allowed name, also with a local case ending (CMR-ро, CMRди), or a roman number."""
    rest = word
    for name in ALLOWED:
        rest = rest.replace(name, "")
    return ROMAN_NUMBER.match(word) is not None or not LATIN_WORD.search(rest)


def foreign_words(text: str, lang: str) -> list[str]:
    text = ADDRESS.sub(" ", text)
    if lang in CYRILLIC_LANGS:
        return [w for w in LATIN_WORD.findall(text) if not allowed_latin(w)]
    if lang in LATIN_LANGS:
        return [w for w in CYRILLIC_WORD.findall(text) if w not in ALLOWED_CYRILLIC]
    return []


def without_post_names(context: Context, lang: str, text: str) -> str:
    if CHECK_BORDER_POST_NAMES:
        return text
    prefix = context.t(lang, "answer-posts", posts="").strip()
    return "\n".join(line for line in text.splitlines() if not line.startswith(prefix))


@pytest.fixture(scope="module")
def context() -> Context:
    return Context(Library.build(load_knowledge()), Translator())


def test_the_check_finds_a_foreign_word():
    assert foreign_words("Декларация подаётся в customs", "ru") == ["customs"]
    assert foreign_words("Bojxona декларация", "uz") == ["декларация"]
    assert foreign_words("Накладная CMR, сайт info.trade.kg", "ru") == []
    assert foreign_words("CMR-ро пур кунед, моддаи V", "tg") == []


@pytest.mark.parametrize("lang", [*CYRILLIC_LANGS, *LATIN_LANGS])
def test_no_answer_mixes_scripts(context: Context, lang: str):
    knowledge = context.knowledge
    found: dict[str, set[str]] = {}
    for origin, destination in covered_pairs():
        for hs in SAMPLE:
            state = State(Step.ANSWER, lang, hs=hs, origin=origin, destination=destination)
            texts = [views.show_answer(context, lang, state)[0].text]
            texts.append(views.documents_checklist(context, lang, state))
            steps = knowledge.steps_for(knowledge.commodities[hs], origin, destination)
            texts += [
                views.detail_text(context, lang, step, n, state)
                for n, step in enumerate(steps, start=1)
            ]
            for n in range(1, len(steps) + 1):  # 'Whom to contact' under each step
                state.detail = n
                texts += [reply.text for reply in views.contacts_replies(context, lang, state)]
            for text in texts:
                for word in foreign_words(without_post_names(context, lang, text), lang):
                    found.setdefault(word, set()).add(f"{hs} {origin}>{destination}")
    assert not found, {w: sorted(where)[:3] for w, where in sorted(found.items())}


@pytest.mark.parametrize("lang", [*CYRILLIC_LANGS, *LATIN_LANGS])
def test_no_border_help_mixes_scripts(context: Context, lang: str):
    found: dict[str, set[str]] = {}
    for origin, destination in covered_pairs():
        for situation in context.knowledge.situations:
            state = State(
                Step.SITUATION, lang, situation=situation, origin=origin, destination=destination
            )
            for reply in views.show_situation(context, lang, state):
                text = without_post_names(context, lang, reply.text)
                for word in foreign_words(text, lang):
                    found.setdefault(word, set()).add(f"{situation} {origin}>{destination}")
            card = views.keep_card(context, lang, state)
            for word in foreign_words(card, lang):
                found.setdefault(word, set()).add(f"card {origin}>{destination}")
    assert not found, {w: sorted(where)[:3] for w, where in sorted(found.items())}


def test_the_sample_reaches_every_step(context: Context):
    """So that no step escapes the check above."""
    knowledge = context.knowledge
    seen = {
        step.id
        for origin, destination in covered_pairs()
        for hs in SAMPLE
        for step in knowledge.steps_for(knowledge.commodities[hs], origin, destination)
    }
    assert {r.id for r in knowledge.requirements} <= seen


@pytest.mark.parametrize("lang", [*CYRILLIC_LANGS, *LATIN_LANGS])
def test_no_contact_or_post_mixes_scripts(context: Context, lang: str):
    """Every agency's contacts and every crossing point, reached from a route or not."""
    found: dict[str, set[str]] = {}
    for agency in context.knowledge.agencies.values():
        for word in foreign_words("\n".join(views.contact_lines(context, lang, agency)), lang):
            found.setdefault(word, set()).add(agency.id)
    for post in context.knowledge.border_posts:
        text = "\n".join([views.post_label(post, lang), *views.post_lines(context, lang, post)])
        for word in foreign_words(text, lang):
            found.setdefault(word, set()).add(post.id)
    assert not found, {w: sorted(where)[:3] for w, where in sorted(found.items())}


@pytest.mark.parametrize("lang", [*CYRILLIC_LANGS, *LATIN_LANGS])
def test_no_estimate_or_rates_mix_scripts(context: Context, lang: str):
    """'What will I pay?': duty, VAT and fee lines with their sources, and /rates."""
    priced = replace(context, rates=RATES)
    knowledge = context.knowledge
    found: dict[str, set[str]] = {}
    for origin, destination in covered_pairs():
        for hs in SAMPLE:
            state = State(Step.ESTIMATE, lang, hs=hs, origin=origin, destination=destination)
            commodity = knowledge.commodities[hs]
            text, _ = costs_view.estimate_reply(priced, lang, commodity, state, "2000 USD")
            text += "\n" + costs_view.rates_text(priced, lang, state)
            for word in foreign_words(text, lang):
                found.setdefault(word, set()).add(f"{hs} {origin}>{destination}")
    assert not found, {w: sorted(where)[:3] for w, where in sorted(found.items())}


def shown_sources(knowledge) -> set[str]:
    """The sources a trader sees named: under a step, a contact, a fee, VAT or a duty."""
    ids = {r.source for r in knowledge.requirements}
    ids |= {c.source for a in knowledge.agencies.values() for c in a.contacts}
    ids |= {x.source for x in (*knowledge.fees.values(), *knowledge.duties.values())}
    for vat in knowledge.vat.values():
        ids |= {vat.source, *(r.source for r in vat.reduced)}
    return ids


def test_every_source_a_trader_sees_has_a_title_in_her_language(context: Context):
    """Not only those the sample reaches: a plain string is English, or an address."""
    knowledge = context.knowledge
    untranslated = sorted(
        i
        for i in shown_sources(knowledge)
        if isinstance(knowledge.sources[i].title, str)
        and not ADDRESS.fullmatch(knowledge.sources[i].title)
    )
    assert not untranslated
