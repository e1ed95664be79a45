"""The knowledge and its search indexes, kept on disk between runs of the same code.

Reading a knowledge version means parsing its YAML, validating every fact with pydantic
and building the matchers: about a second of CPU, and tens of megabytes of short-lived
objects. One `tradebot match` would spend nearly all its time there. The built `Library` is
therefore pickled into the cache folder (CACHE_DIR, by default `~/.cache/tradebot`) under
the version's content checksum, the key the database keeps for it; a second file maps the
texts a version was made from to that checksum, so seeding a fresh database with the
shipped files is a cache hit too. A new knowledge version has a new checksum and is built
once, then read from the cache.

Every file name also carries a fingerprint of the code that built it (the Python version,
the `knowledge` package's sources and lexicon, pydantic's version): a changed model or
matcher never reads an old pickle. The folder is the user's own, like any cache; files that
cannot be read are rebuilt, and the newest few of each kind are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handlers.context import Library
    from knowledge.base import Knowledge

log = logging.getLogger(__name__)
KEEP = 6  # newest files of each kind kept
FORMAT = "3: knowledge, indexes, texts"  # what one build writes; part of every file name
ROOT = Path(__file__).resolve().parent.parent
CODE = (ROOT / "knowledge", ROOT / "handlers" / "context.py")


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tradebot"


def folder_of(setting: str | None) -> Path | None:
    """CACHE_DIR as set: '-' turns the cache off; unset, the user's cache folder."""
    if setting == "-":
        return None
    return Path(setting) if setting else default_folder()


@cache
def code_fingerprint() -> str:
    """Changes whenever a class that ends up in the pickle may have changed."""
    digest = hashlib.sha256(f"{FORMAT}{sys.version}".encode())
    with contextlib.suppress(ImportError):
        from pydantic import VERSION

        digest.update(VERSION.encode())
    for place in CODE:
        files = sorted(place.rglob("*")) if place.is_dir() else [place]
        for path in files:
            if path.suffix in (".py", ".yaml") and "data" not in path.relative_to(ROOT).parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def texts_key(texts: Mapping[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(texts.items())).encode()).hexdigest()[:24]


def write_whole(path: Path, data: bytes) -> None:
    """Whole or not at all: a reader never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def prune(folder: Path, kind: str, keep: int = KEEP) -> None:
    """Keeps the newest few files of a kind."""
    files = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


class LibraryCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / f"{kind}-{key}-{code_fingerprint()}.pickle"

    def library(self, checksum: str, knowledge: Knowledge | None = None) -> Library | None:
        """The library of this knowledge content, or None when it is not cached; with
        `knowledge` of that checksum already read, only the indexes are read."""
        if knowledge is None or knowledge.checksum != checksum:
            knowledge = self.knowledge(checksum)
        indexes = self._load("indexes", checksum) if knowledge is not None else None
        if knowledge is None or not isinstance(indexes, tuple):
            return None
        from handlers.context import Library

        return Library(knowledge, *indexes)

    def knowledge(self, checksum: str) -> Knowledge | None:
        """The knowledge alone, without the search indexes (a third of the memory)."""
        return self._load("knowledge", checksum)  # type: ignore[return-value]

    def holds(self, checksum: str, indexes: bool = True) -> bool:
        """Whether the files of this content are there (not whether they can be read)."""
        kinds = ("knowledge", "indexes") if indexes else ("knowledge",)
        return bool(checksum) and all(self._path(kind, checksum).is_file() for kind in kinds)

    def _load(self, kind: str, checksum: str) -> object | None:
        if not checksum:
            return None
        path = self._path(kind, checksum)
        try:
            with path.open("rb") as file:
                return pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception as error:  # a torn or foreign file: rebuilt and replaced
            log.warning("knowledge cache %s unreadable (%s)", path.name, type(error).__name__)
            return None

    def checksum_of(self, texts: Mapping[str, str]) -> str | None:
        """The content checksum of knowledge already built from exactly these texts."""
        path = self._path("texts", texts_key(texts))
        with contextlib.suppress(OSError, UnicodeDecodeError):
            return path.read_text(encoding="ascii").strip() or None
        return None

    def store(self, library: Library, texts: Mapping[str, str] | None = None) -> None:
        checksum = library.knowledge.checksum
        if not checksum:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Apart, so that a worker reads the knowledge alone; the indexes hold no part
            # of the knowledge (names and codes as plain strings), so nothing is doubled.
            indexes = (library.matcher, library.countries, library.places, library.intents)
            write_whole(self._path("indexes", checksum), pickle.dumps(indexes, protocol=5))
            knowledge = pickle.dumps(library.knowledge, protocol=5)
            write_whole(self._path("knowledge", checksum), knowledge)
            if texts is not None:
                write_whole(self._path("texts", texts_key(texts)), checksum.encode())
            for kind in ("indexes", "knowledge", "texts"):
                prune(self.folder, kind)
        except OSError as error:  # a read-only home: everything works, only slower
            log.warning("knowledge cache not written: %s", error)
