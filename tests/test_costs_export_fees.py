"""Export-side fees and service times (issue 15): each figure added is held here with its
source, so that a changed or lost figure fails a test."""

from __future__ import annotations

import pytest

from knowledge.loader import load_knowledge


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


@pytest.mark.parametrize("step", ["exp-st1-kz", "exp-origin-kz"])
def test_a_kazakh_chamber_issues_a_certificate_of_origin_in_two_working_days(knowledge, step):
    fee = knowledge.fees[f"{step}@KZ"]
    assert (fee.days, fee.amount, fee.bands) == (2, None, ())
    assert fee.source == "kz-atameken-origin"
    source = knowledge.sources[fee.source]
    assert "atameken.kz" in source.url and "KZ" in source.countries
    assert "examination" in fee.note.en  # processed goods need an examination first


def test_every_export_figure_names_a_dated_source_that_covers_its_country(knowledge):
    export = [fee for fee in knowledge.fees.values() if fee.requirement.startswith("exp-")]
    assert len(export) >= 6
    for fee in export:
        source = knowledge.sources[fee.source]
        assert fee.country in source.countries, fee
        assert fee.verified.year >= 2026
