"""Alembic migrations (`versions/`), applied at start by bot.db.migrate."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS = Path(__file__).parent

_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*(?:\"([^\"]*)\"|None)", re.MULTILINE)


@cache
def schema_head() -> str | None:
    """The newest migration's revision, read from the files without importing Alembic (a
    tenth of a second and ten megabytes a process); None when it is not one clear head."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for kind, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (revisions if kind == "revision" else parents).add(value)
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None
