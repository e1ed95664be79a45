"""SMS segments counted as the network counts them: GSM-7 with its extension table, UCS-2."""

from __future__ import annotations

import pytest

from bot.channels.sms_segments import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    Encoding,
    cheapest,
    count,
    gsm_fold,
    is_gsm7,
    segments,
)

# 3GPP TS 23.038 table 6.2.1, written out here row by row (code = row + 16 * column), so
# the module's table is checked against a second, independent copy.
SPEC_COLUMNS = [
    "@Δ 0¡P¿p",
    "£_!1AQaq",
    '$Φ"2BRbr',
    "¥Γ#3CScs",
    "èΛ¤4DTdt",
    "éΩ%5EUeu",
    "ùΠ&6FVfv",
    "ìΨ'7GWgw",
    "òΣ(8HXhx",
    "ÇΘ)9IYiy",
    "\nΞ*:JZjz",
    "Ø\x1b+;KÄkä",
    "øÆ,<LÖlö",
    "\ræ-=MÑmñ",
    "Åß.>NÜnü",
    "åÉ/?O§oà",
]


def test_the_basic_table_is_the_128_codes_of_the_standard_less_the_escape():
    spec = {ch for row in SPEC_COLUMNS for ch in row} - {"\x1b"}
    assert all(len(row) == 8 for row in SPEC_COLUMNS)
    assert spec == GSM7_BASIC
    assert len(GSM7_BASIC) == 127


@pytest.mark.parametrize("ch", sorted(GSM7_BASIC))
def test_every_basic_character_costs_one_septet(ch: str):
    assert count(ch * 160) == count("a" * 160)
    assert count(ch * 161).segments == 2


@pytest.mark.parametrize("ch", sorted(GSM7_EXTENSION))
def test_every_extension_character_costs_two_septets(ch: str):
    assert count(ch).encoding == Encoding.GSM7
    assert count(ch * 80).units == 160 and count(ch * 80).segments == 1
    assert count(ch * 81).segments == 2


def test_the_extension_table_is_the_ten_characters_of_the_standard():
    assert frozenset("\f^{}\\[~]|€") == GSM7_EXTENSION


def test_the_grave_accent_and_cyrillic_and_uzbek_okina_are_not_gsm7():
    for text in ("`", "а", "Oʻzbekiston", "ý", "ç", "🛂"):
        assert not is_gsm7(text), text


@pytest.mark.parametrize(
    ("length", "parts"), [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)]
)
def test_gsm7_text_is_160_alone_and_153_per_part(length: int, parts: int):
    assert segments("a" * length) == parts


@pytest.mark.parametrize(
    ("length", "parts"), [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)]
)
def test_one_cyrillic_letter_makes_it_ucs2_70_alone_and_67_per_part(length: int, parts: int):
    assert segments("ж" * length) == parts
    assert segments("a" * (length - 1) + "ж") == parts


def test_an_escape_pair_is_never_split_across_parts():
    # 152 + 2 + 152 septets = 306: two parts of 153 would do, but the € cannot straddle.
    text = "a" * 152 + "€" + "a" * 152
    assert count(text).units == 306
    assert segments(text) == 3
    assert segments("a" * 151 + "€" + "a" * 153) == 2


def test_an_emoji_is_two_units_and_its_surrogate_pair_is_never_split():
    assert count("😀").units == 2 and count("😀").encoding == Encoding.UCS2
    assert segments("😀" * 35) == 1
    assert segments("😀" * 36) == 2
    # 66 + 2 + 66 = 134 units fits two parts of 67 only if the pair could straddle.
    assert segments("ж" * 66 + "😀" + "ж" * 66) == 3


def test_an_empty_text_still_costs_one_segment():
    assert segments("") == 1


def test_folding_turns_turkmen_and_uzbek_latin_into_gsm7():
    assert gsm_fold("Dili saýlaň: Türkmençe") == "Dili saylan: Türkmence"
    assert gsm_fold("Oʻzbekiston, gʻalla — “yaxshi”…") == "O'zbekiston, g'alla - \"yaxshi\"..."
    assert is_gsm7(cheapest("Haýsy harydy? Gaýtadan ýazyň."))


def test_folding_leaves_a_cyrillic_text_as_it_was():
    text = "Яблоки — «Туркменистан»"
    assert cheapest(text) == text
    assert count(cheapest(text)).encoding == Encoding.UCS2
