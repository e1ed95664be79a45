"""Read knowledge files, validate them all at once, build a `Knowledge`.

Admins edit YAML by hand, so a broken file must say *everything* that is wrong in one go,
each problem with its file and the path inside the file, and must change nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge import LANGS
from knowledge.base import Knowledge
from knowledge.models import KnowledgeFile

DATA_DIR = Path(__file__).parent / "data"


class TextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present
    """Leaves dates as text, so pydantic reports a bad date with its place instead of YAML
    failing on the whole file."""


def _mapping_without_repeats(loader: TextLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """A key given twice in one mapping is refused: YAML would keep the last one silently."""
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"the key '{key}' is given twice",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node)


TextLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)
TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    @property
    def where(self) -> str:
        return f"{self.file}: {self.path}" if self.path else self.file

    def kind(self) -> tuple[str, dict[str, str]]:
        """What went wrong as a message id and its values, for a report in the admin's
        language; 'other' keeps the English text."""
        for pattern, code in PROBLEM_KINDS:
            found = pattern.match(self.message)
            if found:
                return code, found.groupdict()
        return "other", {"detail": self.message}


PROBLEM_KINDS = [
    (re.compile(r"missing translation \((?P<lang>\w+)\)"), "missing-translation"),
    (re.compile(r".*translation is empty"), "empty-translation"),
    (re.compile(r"unknown field"), "unknown-field"),
    (re.compile(r"bad HS code"), "bad-hs"),
    (re.compile(r"bad date"), "bad-date"),
    (re.compile(r".*unknown category: (?P<name>.+)"), "unknown-category"),
    (re.compile(r"not valid YAML"), "yaml"),
    (re.compile(r"duplicate id, first in (?P<first>.+)"), "duplicate"),
    (re.compile(r"unknown (?P<what>\w+) '(?P<ref>[^']*)'"), "unknown-reference"),
    (re.compile(r"Field required"), "missing-field"),
    (re.compile(r".*measure ends before it starts"), "measure-dates"),
    (re.compile(r".*(sanitary ban|transit measure) names"), "measure-partners"),
    (re.compile(r".*act number is empty"), "missing-field"),
    (
        re.compile(r"source '(?P<source>[^']*)' does not cover (?P<countries>.+)"),
        "source-countries",
    ),
]


class KnowledgeError(Exception):
    """Raised with every problem found, so an admin can fix a file in one pass."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the knowledge files")
        self.problems = problems


def read_sources(path: Path) -> dict[str, str]:
    """Raw texts by file name, from a folder of YAML files, one YAML file, or a zip."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.y*ml") if p.is_file())
        return {str(p.relative_to(path)): p.read_text(encoding="utf-8") for p in files}
    if path.suffix == ".zip":
        return read_zip(path.read_bytes())
    return {path.name: path.read_text(encoding="utf-8")}


def read_zip(data: bytes) -> dict[str, str]:
    texts: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or not name.endswith((".yaml", ".yml")) or "__MACOSX" in name:
                continue
            texts[Path(name).name] = archive.read(info).decode("utf-8")
    return texts


def checksum(documents: Mapping[str, Any]) -> str:
    """Of the parsed content, so formatting and file order do not make a new version."""
    canonical = json.dumps(documents, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def parse_yaml_documents(texts: Mapping[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    documents: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, text in sorted(texts.items()):
        try:
            document = yaml.load(text, Loader=TextLoader)  # TextLoader is a SafeLoader
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else ""
            problems.append(Problem(name, where, f"not valid YAML: {error}"))
            continue
        if document is None:
            document = {}
        if not isinstance(document, dict):
            problems.append(Problem(name, "", "the file must be a mapping of sections"))
            continue
        documents[name] = document
    return documents, problems


def format_location(document: Any, loc: Iterable[Any]) -> str:
    """'requirements[3] (phyto-export).title.kk': the item's id helps find it in a long file."""
    parts: list[str] = []
    node = document
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            item = node[key] if isinstance(node, list) and key < len(node) else None
            ident = (
                item.get("id") or item.get("hs") or item.get("code")
                if isinstance(item, dict)
                else None
            )
            if ident:
                label += f" ({ident})"
            parts.append(label)
            node = item
        else:
            parts.append(f".{key}" if parts else str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts)


def validate_documents(
    documents: Mapping[str, Any],
) -> tuple[dict[str, KnowledgeFile], list[Problem]]:
    files: dict[str, KnowledgeFile] = {}
    problems: list[Problem] = []
    for name, document in documents.items():
        try:
            files[name] = KnowledgeFile.model_validate(document)
        except ValidationError as error:
            for item in error.errors():
                path = format_location(document, item["loc"])
                message = describe(item)
                problems.append(Problem(name, path, message))
    return files, problems


def describe(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    loc = error.get("loc", ())
    if kind == "missing" and loc and loc[-1] in LANGS:
        return f"missing translation ({loc[-1]})"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "string_pattern_mismatch" and "hs" in loc:
        return "bad HS code (expected 4 digits, optionally .NN or .NN.NN)"
    if kind.startswith("date"):
        return f"bad date (expected YYYY-MM-DD): {error.get('input')!r}"
    if kind == "value_error":  # a model's own check: its message, without pydantic's prefix
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return str(error.get("msg", kind))


def load_texts(texts: Mapping[str, str]) -> Knowledge:
    """Validate everything; raise `KnowledgeError` listing all problems, or return knowledge.

    The same texts give the same (immutable) knowledge, so a recent result is reused: a
    version is read at seeding, at import and at every reload.
    """
    key = hashlib.sha256(json.dumps(sorted(texts.items())).encode()).hexdigest()
    cached = _recent.get(key)
    if cached is None:
        cached = _load_texts(texts)
        _recent[key] = cached
        while len(_recent) > RECENT_VERSIONS:
            _recent.pop(next(iter(_recent)))
    return cached


RECENT_VERSIONS = 4
_recent: dict[str, Knowledge] = {}


def _load_texts(texts: Mapping[str, str]) -> Knowledge:
    documents, problems = parse_yaml_documents(texts)
    files, more = validate_documents(documents)
    problems += more
    if not problems:
        knowledge = Knowledge.from_files(files, checksum=checksum(documents))
        problems += [Problem(*p) for p in knowledge.check_references()]
    if problems:
        raise KnowledgeError(problems)
    return knowledge


def load_knowledge(path: Path = DATA_DIR) -> Knowledge:
    return load_texts(read_sources(path))
