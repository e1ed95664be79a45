"""Admins add, extend or end a temporary measure: the active files edited, as a new version.

Each edit returns the whole set of knowledge files with the change made; the caller validates
and stores them (chat: after a preview the admin confirms; CLI: at once), so a measure that
does not validate (no act, no source, an end before its start) changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import yaml

from knowledge.loader import TextLoader

MEASURES_FILE = "measures.yaml"
OPEN_END = "open"  # 'until cancelled'


class MeasureEditError(Exception):
    """What the admin asked for cannot be done; `code` names the admin-measure-* message."""

    def __init__(self, code: str, **values: str) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise MeasureEditError("bad-date") from None


def parse_end(text: str) -> dt.date | None:
    return None if text.strip().lower() == OPEN_END else parse_day(text)


def load_document(text: str) -> dict[str, Any]:
    document = yaml.load(text, Loader=TextLoader)  # a SafeLoader; dates stay text
    return document if isinstance(document, dict) else {}


def dump_document(document: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(document), allow_unicode=True, sort_keys=False, width=100)


def find_measure(files: Mapping[str, str], measure_id: str) -> tuple[str, dict[str, Any]] | None:
    """The file holding the measure and that file parsed; None if no file has it."""
    for name, text in sorted(files.items()):
        if "measures" not in text:
            continue
        document = load_document(text)
        for item in document.get("measures") or []:
            if isinstance(item, dict) and item.get("id") == measure_id:
                return name, document
    return None


def measure_in(document: Mapping[str, Any], measure_id: str) -> dict[str, Any]:
    return next(m for m in document["measures"] if m.get("id") == measure_id)


def add_measure(files: Mapping[str, str], item: object) -> dict[str, str]:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise MeasureEditError("unreadable")
    if find_measure(files, item["id"]) is not None:
        raise MeasureEditError("exists", id=item["id"])
    document = load_document(files.get(MEASURES_FILE, ""))
    document["measures"] = [*(document.get("measures") or []), item]
    return {**files, MEASURES_FILE: dump_document(document)}


def parse_added(text: str) -> object:
    """The YAML an admin typed after '/measure add': one measure, or a list holding one."""
    try:
        item = yaml.load(text, Loader=TextLoader)
    except yaml.YAMLError:
        raise MeasureEditError("unreadable") from None
    if isinstance(item, dict) and isinstance(item.get("measures"), list):
        item = item["measures"]
    if isinstance(item, list) and len(item) == 1:
        item = item[0]
    return item


def new_act(item: Mapping[str, Any], number: str, date: dt.date, title: object = None) -> dict:
    """A later act, titled like the measure's latest act unless a title is given."""
    latest = (item.get("extended_by") or [item.get("act") or {}])[-1]
    return {"title": title or latest.get("title"), "number": number, "date": date.isoformat()}


def extend_measure(
    files: Mapping[str, str], measure_id: str, end: dt.date | None, number: str, date: dt.date
) -> dict[str, str]:
    """A new, later end (None: until cancelled), by the act that extended it."""
    name, document = located(files, measure_id)
    item = measure_in(document, measure_id)
    current = item.get("end")
    if current is None or (end is not None and end <= parse_day(str(current))):
        raise MeasureEditError("not-later", end=str(current or OPEN_END))
    set_end(item, end)
    item["extended_by"] = [*(item.get("extended_by") or []), new_act(item, number, date)]
    return {**files, name: dump_document(document)}


def end_measure(
    files: Mapping[str, str],
    measure_id: str,
    last_day: dt.date,
    act: tuple[str, dt.date] | None = None,
) -> dict[str, str]:
    """Bring the end forward to `last_day`, the last day the measure is in force."""
    name, document = located(files, measure_id)
    item = measure_in(document, measure_id)
    start, current = str(item.get("start")), item.get("end")
    too_late = current is not None and last_day >= parse_day(str(current))
    if too_late or last_day < parse_day(start):
        raise MeasureEditError("not-earlier", start=start, end=str(current or OPEN_END))
    set_end(item, last_day)
    if act is not None:
        item["extended_by"] = [*(item.get("extended_by") or []), new_act(item, *act)]
    return {**files, name: dump_document(document)}


def located(files: Mapping[str, str], measure_id: str) -> tuple[str, dict[str, Any]]:
    found = find_measure(files, measure_id)
    if found is None:
        raise MeasureEditError("unknown", id=measure_id)
    return found


def set_end(item: dict[str, Any], end: dt.date | None) -> None:
    """`end` goes right after `start`, where an admin reading the file looks for it."""
    rest = {k: v for k, v in item.items() if k != "end"}
    item.clear()
    for key, value in rest.items():
        item[key] = value
        if key == "start" and end is not None:
            item["end"] = end.isoformat()
