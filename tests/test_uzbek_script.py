"""Uzbek in both scripts: the Latin texts transliterated for a trader who writes Cyrillic."""

from __future__ import annotations

import re

import pytest

from bot.i18n import Translator
from handlers.context import Context, Library
from handlers.dialog import turn
from handlers.events import Event, UserRef
from handlers.state import State, Step
from knowledge.loader import load_knowledge
from knowledge.translit import ENGLISH, to_cyrillic, written_in_cyrillic

USER = UserRef("console", "trader")
LATIN_WORD = re.compile(r"[A-Za-zʻʼ'`‘’]+")
# Words that stay in Latin letters in a Cyrillic text: international abbreviations and names
# of foreign systems, marks and standards, the parts of web addresses, English words of source
# titles.
KEPT = {"CMR", "TIR", "EAC", "EMM", "MDP", "ASYCUDA", "CCC", "GB", "TAREKS", "InfoTrade",
        "infotrade", "kg", "gov", "tm", "org", "infotradecentralasia", "License", "uz", "www",
        "https", "http", "SMS"}  # fmt: skip


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Oʻzbekiston", "Ўзбекистон"),
        ("Qirgʻiziston", "Қирғизистон"),
        ("bojxona", "божхона"),
        ("eksport", "экспорт"),
        ("deklaratsiya", "декларация"),
        ("shartnoma", "шартнома"),
        ("choy", "чой"),
        ("yoʻl", "йўл"),
        ("yangi", "янги"),
        ("yer", "ер"),
        ("maʼlumot", "маълумот"),
        ("hujjat", "ҳужжат"),
        ("xavfsizlik", "хавфсизлик"),
        ("sentyabr", "сентябрь"),
        ("Toshkent", "Тошкент"),
        ("QQS", "ҚҚС"),
        ("CMR", "CMR"),
        ("ST-1", "СТ-1"),
        ("XXR Bosh bojxona boshqarmasi", "ХХР Бош божхона бошқармаси"),
        ("(MDH ESH)", "(МДҲ ЭСҲ)"),
        ("«Atameken» MTP", "«Атамекен» МТП"),
        ("(OTTS) (SBKTS)", "(ОТТС) (СБКТС)"),
        ("ASYCUDA tizimi", "ASYCUDA тизими"),
        ("CCC sertifikati", "CCC сертификати"),
        ("GB 7718", "GB 7718"),
        ("https://customs.uz", "https://customs.uz"),
        ("0813.10", "0813.10"),
    ],
)
def test_uzbek_latin_is_written_in_cyrillic(latin: str, cyrillic: str):
    assert to_cyrillic(latin) == cyrillic


def leftovers(text: str) -> set[str]:
    words = LATIN_WORD.findall(to_cyrillic(text))
    return {w for w in words if w not in KEPT and w.lower() not in ENGLISH} - PLACEHOLDERS


def test_every_uzbek_text_of_the_bot_and_the_knowledge_base_has_a_cyrillic_form():
    translator = Translator()
    knowledge = load_knowledge()
    texts = [translator("uz", key) for key in translator_keys(translator)]
    for r in knowledge.requirements:
        texts += [t.uz for t in (r.title, r.text, r.cost, r.time) if t is not None]
    for s in knowledge.situations.values():
        texts += [s.title.uz, s.ask_for.uz, s.next_steps.uz]
    texts += [r.text.uz for r in knowledge.rights.values()]
    shorts = [r.short for r in knowledge.rights.values() if r.short]
    texts += [t.uz for s in shorts for t in (s.text, s.act, s.article) if t is not None]
    texts += [d.name.uz for d in knowledge.documents.values()]
    texts += [c.names.uz for c in knowledge.commodities.values()]
    left = {w for text in texts for w in leftovers(text)}
    assert len(texts) > 300
    assert not left, sorted(left)


PLACEHOLDERS = {
    "product", "country", "countrydan", "countryga", "count", "document", "documents", "cost",
    "contact", "source", "place", "flow", "subscriptions", "limit", "answer", "steps", "hs",
    "origin", "destination", "question", "allowance", "countries", "crossing", "currencies",
    "currency", "low", "office", "price", "sources", "what",
    # /commands stay as they are typed
    "border", "forget", "help", "language", "new", "start", "rates",
}  # fmt: skip
ADMIN_KEYS = ("admin-", "kb-", "cli-", "expert-forward")  # admins read the Latin texts


def translator_keys(translator: Translator) -> list[str]:
    """Every message a trader may read, formatted with its placeholders' names."""
    from bot.i18n import LOCALES_DIR
    from tests.test_locales import flat, load

    english = flat(load(LOCALES_DIR, "en")[0])
    return [key for key in english if not key.startswith(ADMIN_KEYS)]


def test_the_script_is_read_from_what_she_types():
    assert written_in_cyrillic("Фитосертификат қанча туради?") is True
    assert written_in_cyrillic("olma sotaman") is False
    assert written_in_cyrillic("ok") is None


@pytest.fixture(scope="module")
def context() -> Context:
    return Context(Library.build(load_knowledge()), Translator(), expert_enabled=True)


def texts(out) -> str:
    return "\n".join(
        [r.text for r in out.replies] + [c.title for r in out.replies for c in r.choices]
    )


def test_uzbek_typed_in_cyrillic_is_answered_in_cyrillic_and_she_can_switch_back(context):
    state = State(Step.PRODUCT, "uz")
    out = turn(state, Event.text(USER, "Тошкентдан Ўшга помидор"), context)
    assert state.script == "Cyrl" and state.step == Step.ANSWER
    reply = texts(out)
    assert "Тошкент" in reply or "Ўзбекистон" in reply
    assert not re.search(r"[ʻ]|\b(?:qadam|Eksport|Import)\b", reply), reply
    out = turn(state, Event.text(USER, "курага"), context)  # a Russian word alone: no change
    assert state.script == "Cyrl"
    out = turn(state, Event.text(USER, "olma sotmoqchiman"), context)
    assert state.script is None
    assert written_in_cyrillic(out.replies[0].text) is False


def test_the_language_menu_offers_the_other_script(context: Context):
    state = State(Step.ANSWER, "uz", hs="0813.10", origin="UZ", destination="KZ", back=["x|{}"])
    out = turn(state, Event.choice(USER, "lang"), context)
    assert "lang:uz-Cyrl" in [c.id for r in out.replies for c in r.choices]
    out = turn(state, Event.choice(USER, "lang:uz-Cyrl"), context)
    assert state.script == "Cyrl" and state.step == Step.ANSWER
    assert "Экспорт" in texts(out)
    turn(state, Event.choice(USER, "lang"), context)
    out = turn(state, Event.choice(USER, "lang:uz"), context)
    assert state.script is None and "Eksport" in texts(out)
