"""The SMS renderer, pure: numbered lines, digits and words read back, the segment budget."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.sms_render import (
    MORE,
    Labels,
    labels_for,
    preview,
    read_back,
    render,
    render_pages,
)
from bot.channels.sms_segments import Encoding, cheapest, count, segments
from bot.i18n import Translator
from handlers.events import Choice, Reply
from knowledge import LANGS

COUNTRIES = (
    Choice("o:KZ", "🇰🇿 Kazakhstan"),
    Choice("o:KG", "🇰🇬 Kyrgyzstan"),
    Choice("o:TJ", "🇹🇯 Tajikistan"),
    Choice("back", "↩ Back"),
    Choice("border", "🛂 At the border"),
)


def test_choices_become_numbered_lines_with_back_as_zero_and_no_emoji():
    sms = render([Reply("Where from?", COUNTRIES)], Labels())
    lines = ["Where from?", "1 Kazakhstan", "2 Kyrgyzstan", "3 Tajikistan", "4 At the border"]
    assert sms.body == "\n".join([*lines, "0 Back"])
    assert sms.menu == {"1": "o:KZ", "2": "o:KG", "3": "o:TJ", "4": "border", "0": "back"}
    assert count(sms.body).encoding == Encoding.GSM7


def test_a_typed_digit_or_the_choices_words_are_read_back():
    sms = render([Reply("Where from?", COUNTRIES)], Labels())
    assert read_back(" 2. ", sms.menu, sms.titles) == "o:KG"
    assert read_back("0", sms.menu, sms.titles) == "back"
    assert read_back("kyrgyzstan", sms.menu, sms.titles) == "o:KG"
    assert read_back("9", sms.menu, sms.titles) is None
    assert read_back("dried apricots", sms.menu, sms.titles) is None


def test_uzbek_words_are_read_back_however_the_apostrophe_is_typed():
    sms = render([Reply("Qayerdan?", (Choice("o:UZ", "Oʻzbekiston"),))], Labels())
    for typed in ("O'zbekiston", "O`zbekiston", "o‘zbekiston", "Ozbekiston"):
        assert read_back(typed, sms.menu, sms.titles) == "o:UZ", typed


def test_steps_keep_their_own_numbers_and_other_choices_follow():
    steps = (Choice("st:5", "5. Veterinary check"), Choice("st:6", "6. Customs"))
    sms = render([Reply("At the border", (*steps, Choice("docs", "Documents")))], Labels())
    assert sms.menu == {"5": "st:5", "6": "st:6", "7": "docs"}
    assert "5 Veterinary check" in sms.body


def test_at_the_answer_step_numbers_are_left_to_the_engine_and_part_lines_go():
    parts = (
        Choice("side:export", "📤 Export 1–4"),
        Choice("side:crossing", "🛃 Border 5–6"),
        Choice("side:import", "📥 Import 7–9"),
        Choice("docs", "📄 Documents"),
    )
    text = "Apples: KZ → UZ\n📤 Export from Kazakhstan: steps 1–4\n🛃 At the border: steps 5–6"
    sms = render([Reply(text, parts)], Labels())
    assert sms.menu == {
        "10": "side:export",
        "11": "side:crossing",
        "12": "side:import",
        "13": "docs",
    }
    assert "steps 1" not in sms.body and "10 Export 1-4" in sms.body
    assert read_back("3", sms.menu, sms.titles) is None  # the engine opens step 3


def test_a_long_text_is_paged_and_the_next_page_is_one_number_away():
    text = "\n".join(f"Line {n}: " + "документ " * 6 for n in range(12))
    first = render([Reply(text, COUNTRIES)], Labels(more="дальше"))
    assert segments(first.body) <= 3 and first.pages_left
    more = [n for n, cid in first.menu.items() if cid == MORE]
    assert more and f"{more[0]} дальше" in first.body
    pages = [first]
    while pages[-1].pages_left:
        pages.append(render([Reply(text, COUNTRIES)], Labels(), page=len(pages) + 1))
    assert all(segments(p.body) <= 3 for p in pages)
    assert "Line 11" in pages[-1].body and len(pages) < 10


def test_a_two_segment_budget_is_kept_too():
    card = "Your rights at the border:\n" + "\n".join(
        f"• Right {n}: customs must tell you why the goods are held." for n in range(6)
    )
    sms = render([Reply(card)], Labels(), budget=2)
    assert segments(sms.body) <= 2 and sms.pages_left


def test_the_language_prompt_and_the_answer_hint_are_replaced_by_sms_words():
    labels = Labels(replace={"Tap a part.": "Reply with a number."})
    sms = render([Reply("Apples\nTap a part.", (Choice("x", "X"),))], labels)
    assert "Reply with a number." in sms.body and "Tap" not in sms.body


titles = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=1500),
    names=st.lists(titles, max_size=10),
    budget=st.sampled_from([2, 3]),
)
def test_every_rendered_sms_keeps_its_budget_whatever_the_text(text, names, budget):
    choices = tuple(Choice(f"x:{n}", name) for n, name in enumerate(names))
    page, sms = 1, None
    while True:
        sms = render([Reply(text, choices)], Labels(), budget=budget, page=page)
        assert segments(sms.body) <= budget, sms.body
        if not sms.pages_left or page > 60:
            break
        page += 1


@pytest.fixture(scope="module")
def t() -> Translator:
    return Translator()


@pytest.mark.parametrize("lang", LANGS)
def test_the_channels_own_messages_fit_two_segments_in_every_language(t: Translator, lang: str):
    for key in ("sms-help", "sms-stopped", "sms-started", "sms-cap-number", "sms-cap-total"):
        text = cheapest(t(lang, key))
        assert segments(text) <= 2, (lang, key, text)


@pytest.mark.parametrize("lang", ["tk", "uz", "en"])
def test_latin_script_notices_go_as_gsm7(t: Translator, lang: str):
    for key in ("sms-help", "sms-stopped", "sms-cap-number"):
        assert count(cheapest(t(lang, key))).encoding == Encoding.GSM7, (lang, key)


def test_the_consoles_preview_shows_every_page_with_its_segments_and_encoding(t: Translator):
    text = "\n".join(f"{n}-qadam: hujjatlarni tayyorlang, yoʻlga erta chiqing." for n in range(20))
    replies = [Reply(text, COUNTRIES)]
    every = render_pages(replies, labels_for(t, "uz"))
    assert [p.body for p in every] == [
        render(replies, labels_for(t, "uz"), page=n).body for n in range(1, len(every) + 1)
    ]
    bubbles = preview(replies, 0, t, "uz")
    assert len(bubbles) == len(every) > 1
    assert all(b.encoding == "GSM-7" and 1 <= b.segments <= 3 for b in bubbles)
    assert bubbles[0].segments == 3 and "yo'lga" in bubbles[0].text  # folded as it is sent
    assert f"{t('uz', 'sms-more')}" in bubbles[0].text
    (cyrillic,) = preview([Reply("Эртең чек арада кезек узун болот.")], 0, t, "ky")
    assert (cyrillic.segments, cyrillic.encoding) == (1, "UCS-2")
