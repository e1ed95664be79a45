"""Settings read the way `bot.settings.Settings` reads them (the environment in any case,
then `.env`), without pydantic-settings: `tradebot ask` and `match` need only the database's
address and the cache folder, and importing pydantic-settings cost them about 90 ms of a
half-second start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///tradebot.db"
ENV_FILE = ".env"


def setting(
    name: str,
    default: str | None = None,
    environ: Mapping[str, str] = os.environ,
    env_file: Path = Path(ENV_FILE),
) -> str | None:
    """The last of several spellings wins, as pydantic-settings lowercases names into one
    dict; the environment wins over the file."""
    wanted = name.lower()
    found = [value for key, value in environ.items() if key.lower() == wanted]
    if found:
        return found[-1]
    if env_file.is_file():
        from dotenv import dotenv_values

        found = [
            value
            for key, value in dotenv_values(env_file).items()
            if key.lower() == wanted and value is not None
        ]
        if found:
            return found[-1]
    return default
