"""Edit one knowledge item through a form, generically over the pydantic models.

Every section of `KnowledgeFile` is editable, whatever fields its model has: a `Text`
becomes seven inputs (one per language), a plain value one input, anything nested a YAML
box. A saved form replaces the item in its YAML file, and the whole knowledge is validated
by the same loader as `kb validate`; problems come back tied to the fields they are about.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel

from knowledge import LANGS
from knowledge.loader import KnowledgeError, Problem, TextLoader, load_texts, parse_yaml_documents
from knowledge.models import KnowledgeFile, Text

KEY_FIELDS = ("id", "hs", "code")
LABEL_FIELDS = ("title", "names", "name", "text")
SCALARS = (str, int, float, bool)


def sections() -> list[str]:
    return list(KnowledgeFile.model_fields)


def item_model(section: str) -> type[BaseModel]:
    if not KnowledgeFile.__pydantic_complete__:  # a server reads its knowledge from the
        KnowledgeFile.model_rebuild()  # cache: no file was validated here to resolve `Measure`
    annotation = KnowledgeFile.model_fields[section].annotation
    (model, *_) = typing.get_args(annotation)
    return model


def key_of(item: Mapping[str, Any]) -> str:
    for name in KEY_FIELDS:
        if item.get(name) is not None:
            return str(item[name])
    return ""


def flat_types(annotation: Any) -> list[Any]:
    """`Text | str | None` -> [Text, str, NoneType]; Annotated[...] -> its base."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return flat_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in flat_types(arg)]
    return [annotation]


def is_scalar(kind: Any) -> bool:
    return (
        kind in SCALARS
        or kind is type(None)
        or (isinstance(kind, type) and (issubclass(kind, Enum) or kind.__name__ == "date"))
    )


def is_text_shaped(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(LANGS)


@dataclass
class FormField:
    name: str
    kind: str  # "text" (seven languages), "scalar" or "yaml"
    value: Any  # dict lang -> str for "text", else str
    required: bool
    errors: list[str] = field(default_factory=list)
    lang_errors: dict[str, list[str]] = field(default_factory=dict)

    def missing(self) -> list[str]:
        """Languages left empty (highlighted in the form)."""
        if self.kind != "text":
            return []
        return [lang for lang in LANGS if not str(self.value.get(lang, "")).strip()]

    def untranslated(self) -> list[str]:
        """Languages whose text is the English one copied, likely not translated yet."""
        if self.kind != "text":
            return []
        english = str(self.value.get("en", "")).strip()
        return [
            lang
            for lang in LANGS
            if lang != "en"
            and english
            and any(c.isalpha() for c in english)
            and str(self.value.get(lang, "")).strip() == english
        ]


def form_fields(section: str, item: Mapping[str, Any]) -> list[FormField]:
    model = item_model(section)
    out = []
    for name, info in model.model_fields.items():
        kinds = flat_types(info.annotation)
        raw = item.get(name)
        required = info.is_required()
        if Text in kinds and (raw is None or isinstance(raw, dict)):
            values = raw if isinstance(raw, dict) else {}
            out.append(
                FormField(name, "text", {k: str(values.get(k, "")) for k in LANGS}, required)
            )
        elif all(is_scalar(k) for k in kinds) or (Text in kinds and isinstance(raw, str)):
            value = (
                ""
                if raw is None
                else ("true" if raw is True else "false" if raw is False else str(raw))
            )
            out.append(FormField(name, "scalar", value, required))
        else:
            dumped = (
                ""
                if raw is None
                else yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100)
            )
            out.append(FormField(name, "yaml", dumped, required))
    return out


def takes_text(section: str, name: str) -> bool:
    """A plain string is kept as typed (never read as a number, a date or 'yes')."""
    info = item_model(section).model_fields[name]
    kinds = flat_types(info.annotation)
    return (
        str in kinds
        or any(isinstance(k, type) and issubclass(k, str) for k in kinds)
        or (Text in kinds)
    )


def apply_form(
    section: str, item: Mapping[str, Any], form: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The item as the form says; YAML that does not parse is an error on its field."""
    new = dict(item)
    errors: dict[str, list[str]] = {}
    for spec in form_fields(section, item):
        name = spec.name
        if name in KEY_FIELDS:
            continue  # ids are referenced elsewhere: not renamed here
        if spec.kind == "text":
            values = {lang: form.get(f"{name}.{lang}", "").strip() for lang in LANGS}
            if not any(values.values()) and not spec.required:
                new.pop(name, None)
            else:
                new[name] = values
            continue
        typed = form.get(name, "")
        if not typed.strip():
            if spec.required:
                new[name] = typed.strip() if spec.kind == "scalar" else None
            else:
                new.pop(name, None)
            continue
        if spec.kind == "scalar" and takes_text(section, name):
            new[name] = typed.strip()
            continue
        try:
            new[name] = yaml.load(typed, Loader=TextLoader)  # a safe loader
        except yaml.YAMLError:
            errors.setdefault(name, []).append("yaml")
    return new, errors


# ---- items inside the files -------------------------------------------------------------


@dataclass(frozen=True)
class Located:
    file: str
    index: int
    item: dict[str, Any]


def documents(files: Mapping[str, str]) -> dict[str, Any]:
    parsed, _ = parse_yaml_documents(files)
    return parsed


def items(files: Mapping[str, str], section: str) -> list[Located]:
    found = []
    for name, document in sorted(documents(files).items()):
        for index, item in enumerate(document.get(section) or []):
            if isinstance(item, dict):
                found.append(Located(name, index, item))
    return found


def find(files: Mapping[str, str], section: str, key: str) -> Located | None:
    return next((x for x in items(files, section) if key_of(x.item) == key), None)


def search(files: Mapping[str, str], section: str, query: str) -> list[Located]:
    """Items whose any text (every language, synonyms, ids) contains the query."""
    query = query.strip().casefold()
    found = items(files, section)
    if not query:
        return found
    return [
        x for x in found if query in json.dumps(x.item, ensure_ascii=False, default=str).casefold()
    ]


def label(item: Mapping[str, Any], lang: str) -> str:
    for name in LABEL_FIELDS:
        value = item.get(name)
        if is_text_shaped(value):
            return str(value.get(lang) or value.get("en") or "")
        if isinstance(value, str):
            return value
    return key_of(item)


def missing_languages(item: Any) -> list[str]:
    """Languages missing or blank in any seven-language text of the item."""
    missing: set[str] = set()

    def walk(value: Any) -> None:
        if is_text_shaped(value) and "en" in value:
            missing.update(lang for lang in LANGS if not str(value.get(lang) or "").strip())
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(item)
    return [lang for lang in LANGS if lang in missing]


def dump(document: Any) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def replace_item(
    files: Mapping[str, str], located: Located, section: str, new_item: dict[str, Any]
) -> dict[str, str]:
    document = documents(files)[located.file]
    document[section][located.index] = new_item
    return {**files, located.file: dump(document)}


@dataclass
class Validation:
    ok: bool
    field_problems: dict[str, list[Problem]] = field(default_factory=dict)
    other_problems: list[Problem] = field(default_factory=list)


def validate(files: Mapping[str, str], located: Located, section: str, key: str) -> Validation:
    """The loader's verdict on the whole knowledge, problems sorted to this item's fields."""
    try:
        load_texts(files)
    except KnowledgeError as error:
        result = Validation(False)
        prefixes = (f"{section}[{located.index}]", f"{section} ({key})")
        for problem in error.problems:
            rest = next(
                (problem.path[len(p) :] for p in prefixes if problem.path.startswith(p)), None
            )
            if problem.file == located.file and rest is not None:
                if rest.startswith(f" ({key})"):
                    rest = rest[len(f" ({key})") :]
                name = rest.lstrip(".").split(".")[0].split("[")[0] or "_"
                result.field_problems.setdefault(name, []).append(problem)
            else:
                result.other_problems.append(problem)
        return result
    return Validation(True)


def add_synonym(files: Mapping[str, str], hs: str, lang: str, words: str) -> dict[str, str] | None:
    """The files with `words` added to a commodity's synonyms in `lang`; None: no change."""
    located = find(files, "commodities", hs)
    words = " ".join(words.split())[:100]
    if located is None or lang not in LANGS or not words:
        return None
    item = dict(located.item)
    synonyms = {k: list(v) for k, v in (item.get("synonyms") or {}).items()}
    if words.casefold() in (s.casefold() for s in synonyms.get(lang, [])):
        return None
    synonyms.setdefault(lang, []).append(words)
    item["synonyms"] = synonyms
    return replace_item(files, located, "commodities", item)
