"""A broken knowledge file says exactly what is wrong, where, and changes nothing."""

from __future__ import annotations

import textwrap

import pytest

from knowledge.loader import KnowledgeError, load_texts
from knowledge.models import PairCondition

TEXT = "{kk: a, ky: a, tg: a, tk: a, uz: a, ru: a, en: a}"

SOURCES = textwrap.dedent(
    """
    sources:
      - {id: law, title: A law, citation: Law of 1 January 2020, countries: [KG, KZ],
         verified: 2026-11-01}
      - {id: kg-law, title: A Kyrgyz law, countries: [KG], verified: 2026-11-01}
    """
)

COUNTRIES = textwrap.dedent(
    """
    countries:
      - {code: KG, focus: true}
      - {code: KZ, focus: true}
    """
)


def requirement(**overrides: str) -> str:
    fields = {
        "id": "declaration",
        "side": "export",
        "title": TEXT,
        "text": TEXT,
        "legal_basis": TEXT,
        "source": "law",
        "verified": "2026-11-01",
    }
    fields.update(overrides)
    body = ", ".join(f"{key}: {value}" for key, value in fields.items())
    return f"requirements:\n  - {{{body}}}\n"


def problems(files: dict[str, str]) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_texts(files)
    return [str(p) for p in caught.value.problems]


def base_files(**extra: str) -> dict[str, str]:
    return {"sources.yaml": SOURCES, "countries.yaml": COUNTRIES, **extra}


def test_valid_files_load():
    knowledge = load_texts(base_files(**{"rules.yaml": requirement()}))
    assert [r.id for r in knowledge.requirements] == ["declaration"]


def test_a_missing_translation_is_reported_with_file_path_and_language():
    title = "{kk: a, ky: a, tg: a, tk: a, uz: a, ru: a}"
    found = problems(base_files(**{"rules.yaml": requirement(title=title)}))
    assert found == ["rules.yaml: requirements[0] (declaration).title.en: missing translation (en)"]


def test_an_empty_translation_is_reported():
    title = "{kk: a, ky: a, tg: a, tk: a, uz: '  ', ru: a, en: a}"
    found = problems(base_files(**{"rules.yaml": requirement(title=title)}))
    assert len(found) == 1
    assert "title.uz" in found[0] and "translation is empty" in found[0]


def test_an_unknown_source_is_reported():
    found = problems(base_files(**{"rules.yaml": requirement(source="nowhere")}))
    assert found == ["rules.yaml: requirements (declaration).source: unknown source 'nowhere'"]


def test_an_unknown_neighbour_is_reported():
    countries = COUNTRIES.replace("{code: KZ, focus: true}", "{code: KZ, neighbours: [KG, XX]}")
    found = problems({**base_files(**{"rules.yaml": requirement()}), "countries.yaml": countries})
    assert found == ["countries.yaml: countries (KZ).neighbours: unknown country 'XX'"]


def test_neighbours_hold_whichever_side_lists_them():
    countries = COUNTRIES.replace("{code: KZ, focus: true}", "{code: KZ, neighbours: [KG]}")
    countries += "  - {code: TM, focus: true}\n"
    knowledge = load_texts({**base_files(), "countries.yaml": countries})
    assert knowledge.pair_holds(PairCondition.NEIGHBOURS, "KG", "KZ")
    assert knowledge.pair_holds(PairCondition.NEIGHBOURS, "KZ", "KG")
    assert knowledge.pair_holds(PairCondition.NOT_NEIGHBOURS, "KG", "TM")
    assert not knowledge.pair_holds(PairCondition.NOT_NEIGHBOURS, "KZ", "KG")


def test_an_unknown_document_and_agency_are_both_reported():
    found = problems(base_files(**{"rules.yaml": requirement(agency="ghost", documents="[paper]")}))
    assert "rules.yaml: requirements (declaration).agency: unknown agency 'ghost'" in found
    assert "rules.yaml: requirements (declaration).documents: unknown document 'paper'" in found


def test_a_duplicate_id_across_files_is_reported_with_the_first_file():
    found = problems(base_files(**{"a.yaml": requirement(), "b.yaml": requirement()}))
    assert found == ["b.yaml: requirements[0] (declaration): duplicate id, first in a.yaml"]


def test_a_bad_hs_code_is_reported():
    commodity = f"commodities:\n  - {{hs: '08131', names: {TEXT}}}\n"
    found = problems(base_files(**{"goods.yaml": commodity}))
    assert len(found) == 1
    assert found[0].startswith("goods.yaml: commodities[0] (08131).hs: bad HS code")


def test_a_bad_date_is_reported():
    found = problems(base_files(**{"rules.yaml": requirement(verified="2026-13-45")}))
    assert len(found) == 1
    assert "requirements[0] (declaration).verified: bad date" in found[0]


def test_an_unknown_category_is_reported():
    commodity = f"commodities:\n  - {{hs: '0813', names: {TEXT}, categories: [fruitz]}}\n"
    found = problems(base_files(**{"goods.yaml": commodity}))
    assert len(found) == 1 and "unknown category: fruitz" in found[0]


def test_broken_yaml_is_reported_with_its_line():
    found = problems(base_files(**{"rules.yaml": "requirements:\n  - id: [unclosed\n"}))
    assert len(found) == 1 and found[0].startswith("rules.yaml: line ")


def test_a_key_given_twice_in_one_item_is_refused_not_silently_overwritten():
    twice = (
        "sources:\n  - id: law\n    title: A law\n    title: Another\n    verified: 2026-11-01\n"
    )
    found = problems(base_files(**{"twice.yaml": twice}))
    assert len(found) == 1 and "the key 'title' is given twice" in found[0]
    assert found[0].startswith("twice.yaml: line 4")


def test_every_problem_is_reported_at_once():
    broken = requirement(source="nowhere", verified="yesterday")
    commodity = f"commodities:\n  - {{hs: '12', names: {TEXT}}}\n"
    found = problems(base_files(**{"rules.yaml": broken, "goods.yaml": commodity}))
    assert len(found) == 2  # the bad date and the bad code; references are checked after


def test_an_unknown_field_is_reported():
    found = problems(base_files(**{"rules.yaml": requirement(fee="100")}))
    assert found == ["rules.yaml: requirements[0] (declaration).fee: unknown field"]


def test_a_requirement_whose_source_does_not_name_its_country_is_refused():
    rule = requirement(applies="{countries: [KZ]}", source="kg-law")
    found = problems(base_files(**{"rules.yaml": rule}))
    assert found == [
        "rules.yaml: requirements (declaration).source: source 'kg-law' does not cover KZ"
    ]


def test_a_requirement_for_any_country_needs_a_source_that_names_every_country():
    """Empty applies.countries means any country: the source must cover them all, or the
    requirement must list its countries (or be split per country)."""
    found = problems(base_files(**{"rules.yaml": requirement(source="kg-law")}))
    assert found == [
        "rules.yaml: requirements (declaration).source: source 'kg-law' does not cover KZ"
    ]
    knowledge = load_texts(
        base_files(**{"rules.yaml": requirement(applies="{countries: [KG]}", source="kg-law")})
    )
    assert [r.id for r in knowledge.requirements] == ["declaration"]


def test_the_shipped_knowledge_names_a_country_for_every_source():
    from knowledge.loader import load_knowledge

    knowledge = load_knowledge()
    assert all(source.countries for source in knowledge.sources.values())
