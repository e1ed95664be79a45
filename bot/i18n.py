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
    """Fluent's loader, each file parsed once per process, and with a cache folder once per
    content of the locales: parsing the seven languages' files is most of a second of CPU,
    and the chat's first prompt names every language in its own."""

    def __init__(self, locales_dir: Path, cache_dir: Path | None = None) -> None:
        super().__init__(str(locales_dir / "{locale}"))
        self.locales_dir = locales_dir
        self.cache_dir = cache_dir
        self._parsed: dict[tuple[str, str], Any] | None = None

    def resources(self, locale: str, resource_ids: list[str]) -> Iterator[list[Any]]:
        parsed = self._all()
        found = [parsed[(locale, name)] for name in resource_ids if (locale, name) in parsed]
        if found:
            yield found

    def _all(self) -> dict[tuple[str, str], Any]:
        if self._parsed is None:
            files = sorted(self.locales_dir.glob("*/*.ftl"))
            texts = {(p.parent.name, p.name): p.read_bytes() for p in files}
            digest = hashlib.sha256(f"{PARSED_FORM}{sorted(texts.items())!r}".encode())
            key = digest.hexdigest()[:16]
            self._parsed = self._cached(key) or self._parse(texts, key)
        return self._parsed

    def _path(self, key: str) -> Path | None:
        return self.cache_dir / f"locales-{key}.pickle" if self.cache_dir else None

    def _cached(self, key: str) -> dict[tuple[str, str], Any] | None:
        path = self._path(key)
        try:
            with path.open("rb") as file:  # type: ignore[union-attr]
                return pickle.load(file)
        except (AttributeError, FileNotFoundError):
            return None
        except Exception as error:  # torn or foreign: parsed again and replaced
            log.warning("locales cache unreadable (%s)", type(error).__name__)
            return None

    def _parse(self, texts: dict[tuple[str, str], bytes], key: str) -> dict[tuple[str, str], Any]:
        parser = FluentParser(with_spans=False)  # the runtime never reads positions
        parsed = {where: parser.parse(text.decode("utf-8")) for where, text in texts.items()}
        path = self._path(key)
        if path is not None:
            from bot.library_cache import write_whole

            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_whole(path, pickle.dumps(parsed, protocol=5))
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
