"""The console's form editor is generic over the knowledge models: every item of every
section survives a form round trip unchanged, and a broken value is reported on its field."""

from __future__ import annotations

import pytest

from bot.web_admin import editing
from knowledge import LANGS
from knowledge.loader import DATA_DIR, read_sources

FILES = read_sources(DATA_DIR)


def as_submitted(section: str, item: dict) -> dict[str, str]:
    """What a browser sends back for an untouched form."""
    form: dict[str, str] = {}
    for spec in editing.form_fields(section, item):
        if spec.kind == "text":
            form.update({f"{spec.name}.{lang}": spec.value[lang] for lang in LANGS})
        else:
            form[spec.name] = spec.value
    return form


@pytest.mark.parametrize("section", editing.sections())
def test_every_item_survives_an_untouched_form(section: str):
    model = editing.item_model(section)
    found = editing.items(FILES, section)
    assert found, f"no {section} in the bundled knowledge"
    for located in found:
        new, errors = editing.apply_form(section, located.item, as_submitted(section, located.item))
        assert errors == {}, (section, editing.key_of(located.item))
        assert model.model_validate(new) == model.model_validate(located.item)


def test_a_saved_edit_validates_and_problems_land_on_their_fields():
    located = editing.find(FILES, "requirements", "cross-cmr")
    assert located is not None
    form = as_submitted("requirements", located.item)
    form.update({"text.ky": "Жаңы", "verified": "2026-02-30", "agency": "no-such-agency"})
    new, _ = editing.apply_form("requirements", located.item, form)
    files = editing.replace_item(FILES, located, "requirements", new)
    verdict = editing.validate(files, located, "requirements", "cross-cmr")
    assert not verdict.ok
    assert set(verdict.field_problems) == {"verified"}  # a bad date stops validation early
    form["verified"] = "2026-02-28"
    new, _ = editing.apply_form("requirements", located.item, form)
    files = editing.replace_item(FILES, located, "requirements", new)
    verdict = editing.validate(files, located, "requirements", "cross-cmr")
    assert set(verdict.field_problems) == {"agency"}  # the reference check, same as kb validate
    form["agency"] = located.item.get("agency") or ""
    new, _ = editing.apply_form("requirements", located.item, form)
    files = editing.replace_item(FILES, located, "requirements", new)
    assert editing.validate(files, located, "requirements", "cross-cmr").ok
    assert "Жаңы" in files[located.file]


def test_yaml_that_does_not_parse_is_an_error_of_its_field():
    located = editing.find(FILES, "requirements", "cross-cmr")
    form = {**as_submitted("requirements", located.item), "documents": "[unclosed"}
    _, errors = editing.apply_form("requirements", located.item, form)
    assert errors == {"documents": ["yaml"]}


def test_a_synonym_is_added_once_in_its_language():
    files = editing.add_synonym(FILES, "0101", "ky", "  Зымбырдак   ат ")
    assert files is not None
    commodity = editing.find(files, "commodities", "0101").item
    assert commodity["synonyms"]["ky"][-1] == "Зымбырдак ат"
    assert editing.add_synonym(files, "0101", "ky", "зымбырдак ат") is None
    assert editing.add_synonym(FILES, "9999.99", "ky", "x") is None
