"""What she types that is not a product: small talk, a border situation, a question; and
product words a trader trusts the bot with (families, brands, diminutives, endings)."""

from __future__ import annotations

import pytest

from bot.i18n import Translator
from handlers.context import Context, Library
from handlers.dialog import Turn, turn
from handlers.events import Event, UserRef
from handlers.state import State, Step
from knowledge.loader import load_knowledge
from knowledge.translit import to_cyrillic

USER = UserRef("console", "trader")

GREETINGS = {
    "kk": ["сәлем", "Сәлеметсіз бе!", "салем"],
    "ky": ["салам", "Саламатсызбы", "салам алейкум"],
    "tg": ["салом", "Ассалому алейкум", "рӯз ба хайр"],
    "tk": ["salam", "Salam aleýkum", "ýagşymy"],
    "uz": ["salom", "Assalomu alaykum", "Assalomu aleykum aka"],
    "ru": ["привет", "Здравствуйте!", "здраствуйте", "добрый день"],
    "en": ["hello", "Hi there", "good morning"],
}
THANKS = {
    "kk": "рақмет",
    "ky": "чоң рахмат",
    "tg": "ташаккур",
    "tk": "sag boluň",
    "uz": "katta rahmat",
    "ru": "спасибо большое",
    "en": "thank you",
}
HELP = {"kk": "көмек", "ky": "жардам", "tg": "ёрӣ", "tk": "kömek", "uz": "yordam", "ru": "помогите",
        "en": "help"}  # fmt: skip
OPERATOR = {"kk": "адам керек", "ky": "оператор", "tg": "оператор", "tk": "operator gerek",
            "uz": "operator kerak", "ru": "живой человек", "en": "human"}  # fmt: skip


@pytest.fixture(scope="module")
def context() -> Context:
    return Context(Library.build(load_knowledge()), Translator(), expert_enabled=True)


def say(context: Context, state: State, text: str) -> Turn:
    return turn(state, Event.text(USER, text), context)


def text_of(out: Turn) -> str:
    return "\n".join(r.text for r in out.replies)


def ids(out: Turn) -> list[str]:
    return [c.id for r in out.replies for c in r.choices]


@pytest.mark.parametrize("lang", list(GREETINGS))
def test_small_talk_gets_a_short_friendly_reply_and_never_a_product(context: Context, lang):
    t = context.t
    for kind, texts in (
        ("smalltalk-greeting", GREETINGS[lang]),
        ("smalltalk-thanks", [THANKS[lang]]),
        ("help", [HELP[lang]]),
        ("smalltalk-operator-expert", [OPERATOR[lang]]),
    ):
        for typed in texts:
            for step in (Step.PRODUCT, Step.ORIGIN):
                state = State(step, lang, hs="0813.10", back=["product|{}"])
                out = say(context, state, typed)
                assert out.replies[0].text == t(lang, kind), (typed, step)
                assert not any(i.startswith("c:") for i in ids(out)), typed
                assert state.step == step and state.hs == "0813.10", typed
                assert "border" in ids(out)


def test_without_an_expert_the_operator_reply_says_no_person_reads(context: Context):
    alone = Context(context.library, context.t, expert_enabled=False)
    out = say(alone, State(Step.PRODUCT, "ru"), "оператор")
    assert text_of(out).startswith(context.t("ru", "smalltalk-operator"))


def test_an_unknown_drink_is_never_matched_with_confidence(context: Context):
    for query, lang in (("водка", "ru"), ("whisky", "en"), ("коньяк", "ru"), ("aroq", "uz")):
        assert not context.library.matcher.match(query, lang).confident, query


@pytest.mark.parametrize(
    ("typed", "lang", "situation"),
    [
        ("they stopped me at the border", "en", "detained"),
        ("пара талап кылышты", "ky", "unofficial-payment"),
        ("на границе требуют деньги", "ru", "unofficial-payment"),
        ("chegarada yukni ushlab qolishdi", "uz", "detained"),
        ("шекарада айыппұл салды", "kk", "fine"),
        ("дар сарҳад навбат калон", "tg", "queue-closed"),
        ("gümrükde jerime saldylar", "tk", "fine"),
    ],
)
def test_a_typed_border_situation_opens_border_help_there(context, typed, lang, situation):
    state = State(Step.ANSWER, lang, hs="0813.10", origin="KG", destination="KZ")
    state.mark_seen()
    out = say(context, state, typed)
    assert state.step == Step.SITUATION and state.situation == situation
    title = context.knowledge.situations[situation].title.get(lang)
    assert text_of(out).startswith(title)
    assert state.back[-1].startswith("answer|")  # Back returns to the answer


def test_a_question_is_offered_the_step_of_her_route_and_the_expert(context: Context):
    state = State(Step.ANSWER, "uz", hs="0813.10", origin="UZ", destination="KZ")
    out = say(context, state, "Фитосертификат қанча туради?")
    steps = context.knowledge.steps_for(context.knowledge.commodities["0813.10"], "UZ", "KZ")
    number = next(n for n, s in enumerate(steps, 1) if "phyto-cert" in s.documents)
    assert state.script == "Cyrl"  # she wrote Uzbek in Cyrillic: answered in Cyrillic
    assert to_cyrillic(context.t("uz", "question-offer")) in text_of(out)
    assert f"st:{number}" in ids(out) and "expert" in ids(out)
    assert f"st:{number}" in state.offered and "expert" in state.offered
    detail = say(context, state, "")  # nothing typed changes nothing
    assert state.step == Step.ANSWER, text_of(detail)


def test_a_question_without_a_route_asks_for_the_goods(context: Context):
    out = say(context, State(Step.PRODUCT, "ru"), "сколько стоит растаможка?")
    assert context.t("ru", "question-no-route") in text_of(out)
    assert not any(i.startswith("c:") for i in ids(out))


def test_a_word_for_a_family_offers_its_members(context: Context):
    for typed, lang, members in (
        ("meat", "en", {"0201", "0204", "0205", "0207"}),
        ("мясо", "ru", {"0201", "0204", "0205", "0207"}),
        ("кийим", "ky", {"6109", "6203", "6204"}),
        ("Samsung", "en", {"8517.13", "8528"}),
        ("Toyota", "ru", {"8703", "8708"}),
    ):
        state = State(Step.PRODUCT, lang)
        out = say(context, state, typed)
        assert members <= set(state.candidates), typed
        assert context.t(lang, "product-pick") in text_of(out)


def test_none_of_these_shows_the_next_candidates_before_asking_to_retype(context: Context):
    state = State(Step.PRODUCT, "ky")
    say(context, state, "өрүк")
    first = list(state.candidates)
    assert first == ["0809"]  # fresh apricots, confidently
    out = turn(state, Event.choice(USER, "none"), context)
    assert "0813.10" in state.candidates and "0809" not in state.candidates
    assert context.t("ky", "product-next-candidates") in text_of(out)
    while state.step == Step.PICK_PRODUCT:
        out = turn(state, Event.choice(USER, "none"), context)
    assert state.step == Step.PRODUCT
    assert context.t("ky", "product-try-again") in text_of(out)


@pytest.mark.parametrize(
    ("typed", "lang", "hs"),
    [
        ("огурчики", "ru", "0707"),
        ("творожок", "ru", "0406"),
        ("помидорчики", "ru", "0702"),
        ("коондор", "ky", "0807"),
        ("өрүктөр", "ky", "0809"),
        ("дөңгөлөктөр", "ky", "4011"),
        ("стиральнаямашина", "ru", "8450"),
        ("eggs fresh", "en", "0407"),
        ("телефоны samsung", "ru", "8517"),
    ],
)
def test_forms_traders_type_find_the_product(context: Context, typed, lang, hs):
    result = context.library.matcher.match(typed, lang)
    assert result.candidates and result.candidates[0].hs == hs, result


def test_a_greeting_before_the_goods_is_greeted_past(context: Context):
    state = State(Step.PRODUCT, "ky")
    say(context, state, "Салам, курага бар")
    assert state.candidates[:1] == ["0813.10"]
    state = State(Step.PRODUCT, "ru")
    say(context, state, "Здравствуйте! Везу курагу из Оша в Алматы")
    assert (state.step, state.hs, state.origin, state.destination) == (
        Step.ANSWER, "0813.10", "KG", "KZ",
    )  # fmt: skip
