"""Fluent translations for the 7 languages; every user-visible string comes from locales/."""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fluent.runtime import FluentLocalization, FluentResourceLoader
from fluent.syntax import FluentParser

from knowledge import LANGS

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
log = logging.getLogger(__name__)
PARSED_FORM = "fluent.syntax, without spans"  # part of the cache key


def resource_names(locales_dir: Path = LOCALES_DIR) -> list[str]:
    return sorted(p.name for p in (locales_dir / "en").glob("*.ftl"))


class ParsedResources(FluentResourceLoader):
    """Fluent's loader, each language's files parsed once per content of the locales and
    kept in the cache folder: parsing is most of a second of CPU for the seven languages,
    and the chat's first prompt names every language in its own. A language is read only
    when a bundle of it is first needed, as Fluent's own loader does."""

    def __init__(self, locales_dir: Path, cache_dir: Path | None = None) -> None:
        super().__init__(str(locales_dir / "{locale}"))
        self.locales_dir = locales_dir
        self.cache_dir = cache_dir
        self._key: str | None = None

    def resources(self, locale: str, resource_ids: list[str]) -> Iterator[list[Any]]:
        parsed = self._locale(locale)
        found = [parsed[name] for name in resource_ids if name in parsed]
        if found:
            yield found

    def key(self) -> str:
        """Of every locale's files: an edit anywhere makes every cached language stale."""
        if self._key is None:
            digest = hashlib.sha256(PARSED_FORM.encode())
            for path in sorted(self.locales_dir.glob("*/*.ftl")):
                digest.update(f"{path.parent.name}/{path.name}".encode())
                digest.update(path.read_bytes())
            self._key = digest.hexdigest()[:16]
        return self._key

    def _locale(self, locale: str) -> dict[str, Any]:
        path = self.cache_dir / f"locales-{self.key()}-{locale}.pickle" if self.cache_dir else None
        if path is not None:
            try:
                with path.open("rb") as file:
                    return pickle.load(file)
            except FileNotFoundError:
                pass
            except Exception as error:  # torn or foreign: parsed again and replaced
                log.warning("locales cache unreadable (%s)", type(error).__name__)
        parser = FluentParser(with_spans=False)  # the runtime never reads positions
        folder = self.locales_dir / locale
        parsed = {p.name: parser.parse(p.read_text("utf-8")) for p in folder.glob("*.ftl")}
        if path is not None:
            from bot.library_cache import prune, write_whole

            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_whole(path, pickle.dumps(parsed, protocol=5))
                prune(path.parent, "locales", keep=2 * len(LANGS))
            except OSError as error:
                log.warning("locales cache not written: %s", error)
        return parsed


class Translator:
    """`t(lang, "message-id", **args)`; an unknown language falls back to English."""

    def __init__(self, locales_dir: Path = LOCALES_DIR, cache_dir: Path | None = None) -> None:
        loader = ParsedResources(locales_dir, cache_dir)
        names = resource_names(locales_dir)
        self._by_lang = {
            lang: FluentLocalization(
                [lang, "en"] if lang != "en" else ["en"], names, loader, use_isolating=False
            )
            for lang in LANGS
        }

    def __call__(self, lang: str, key: str, /, **args: object) -> str:
        localization = self._by_lang.get(lang) or self._by_lang["en"]
        return localization.format_value(key, args)  # type: ignore[arg-type]
