"""The knowledge base: what a trader needs to know, each fact with its source."""

LANGS: tuple[str, ...] = ("kk", "ky", "tg", "tk", "uz", "ru", "en")
DEFAULT_LANG = "en"
