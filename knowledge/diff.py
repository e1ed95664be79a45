"""What an import changes, by name: the preview admins confirm and the notices traders get."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from knowledge.base import SECTIONS, Knowledge


class ChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    section: str
    key: str
    name: str  # English name or title, for the admin's report

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.section} {self.key} ({self.name})"


def items(knowledge: Knowledge | None, section: str) -> dict[str, object]:
    if knowledge is None:
        return {}
    value = getattr(knowledge, section)
    if isinstance(value, tuple):
        return {item.id: item for item in value}
    return dict(value)


def display_name(item: object, key: str) -> str:
    for attribute in ("title", "names", "name", "text"):
        text = getattr(item, attribute, None)
        if text is not None and hasattr(text, "en"):
            return text.en
    return key


def diff_knowledge(old: Knowledge | None, new: Knowledge) -> list[Change]:
    changes: list[Change] = []
    for section in SECTIONS:
        before, after = items(old, section), items(new, section)
        for key in sorted(after.keys() - before.keys()):
            changes.append(Change(ChangeKind.ADDED, section, key, display_name(after[key], key)))
        for key in sorted(before.keys() & after.keys()):
            if before[key] != after[key]:
                changes.append(
                    Change(ChangeKind.CHANGED, section, key, display_name(after[key], key))
                )
        for key in sorted(before.keys() - after.keys()):
            changes.append(Change(ChangeKind.REMOVED, section, key, display_name(before[key], key)))
    return changes
