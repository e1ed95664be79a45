"""The one-off commands read DATABASE_URL and CACHE_DIR as Settings does, without it."""

from __future__ import annotations

from pathlib import Path

from bot.env import DEFAULT_DATABASE_URL, setting
from bot.settings import Settings


def test_the_environment_wins_over_env_file_in_any_case(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text("DATABASE_URL=sqlite+aiosqlite:///from-file.db\nCACHE_DIR=-\n")
    environ = {"database_url": "postgresql+asyncpg://db/x"}
    assert setting("database_url", None, environ, env_file) == "postgresql+asyncpg://db/x"
    assert setting("cache_dir", None, environ, env_file) == "-"  # from the file
    assert setting("log_level", "INFO", environ, env_file) == "INFO"  # neither: the default


def test_it_reads_what_settings_reads(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CACHE_DIR", raising=False)
    assert setting("database_url", DEFAULT_DATABASE_URL) == Settings().database_url
    (tmp_path / ".env").write_text("database_url=sqlite+aiosqlite:///shop.db\nCACHE_DIR=/tmp/c\n")
    settings = Settings()
    assert setting("database_url", DEFAULT_DATABASE_URL) == settings.database_url
    assert settings.database_url == "sqlite+aiosqlite:///shop.db"
    assert setting("cache_dir") == settings.cache_dir == "/tmp/c"


def test_the_last_of_two_spellings_wins_as_in_settings(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text("DATABASE_URL=first\ndatabase_url=second\n")
    assert setting("database_url", None, {}, env_file) == "second"
    environ = {"DATABASE_URL": "upper", "database_url": "lower"}
    assert setting("database_url", None, environ, env_file) == "lower"
