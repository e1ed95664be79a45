"""Fluent translations for the 7 languages; every user-visible string comes from locales/."""

from __future__ import annotations

from pathlib import Path

from fluent.runtime import FluentLocalization, FluentResourceLoader

from knowledge import LANGS

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def resource_names(locales_dir: Path = LOCALES_DIR) -> list[str]:
    return sorted(p.name for p in (locales_dir / "en").glob("*.ftl"))


class Translator:
    """`t(lang, "message-id", **args)`; an unknown language falls back to English."""

    def __init__(self, locales_dir: Path = LOCALES_DIR) -> None:
        loader = FluentResourceLoader(str(locales_dir / "{locale}"))
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
