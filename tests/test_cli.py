"""The command line as scripts use it: JSON shapes, exit codes, persistence across runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def tradebot(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_ask_prints_the_flow_as_json(tmp_path: Path):
    done = tradebot(
        tmp_path,
        "ask",
        "--product",
        "kuraga",
        "--from",
        "KG",
        "--to",
        "KZ",
        "--lang",
        "ru",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["commodity"]["hs"] == "0813.10"
    assert (answer["origin"], answer["destination"]) == ("KG", "KZ")
    assert answer["steps"], "at least one step"
    for step in answer["steps"]:
        assert {
            "id",
            "title",
            "agency",
            "documents",
            "cost",
            "time",
            "legal_basis",
            "source",
        } <= set(step)
        assert step["source"]["id"] and step["legal_basis"]
    assert answer["rights"] and all(r["source"] and r["legal_basis"] for r in answer["rights"])
    assert answer["border_posts"]  # KG-KZ: Ak-Jol / Korday at least


def test_ask_accepts_country_names_and_prints_text(tmp_path: Path):
    done = tradebot(
        tmp_path,
        "ask",
        "--product",
        "dried apricots",
        "--from",
        "Kyrgyzstan",
        "--to",
        "Kazakhstan",
        "--lang",
        "en",
    )
    assert done.returncode == 0, done.stderr
    assert "0813.10" in done.stdout and "Legal basis" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "Atlantis", "--to", "KZ", "--product", "kuraga"), "Unknown country: Atlantis"),
        (("--from", "KG", "--to", "KZ", "--product", "qwzxv"), "could not find"),
        (("--from", "CN", "--to", "RU", "--product", "kuraga"), "No procedures"),
    ],
)
def test_ask_exits_2_with_a_clear_message(tmp_path: Path, args: tuple[str, ...], message: str):
    done = tradebot(tmp_path, "ask", *args, "--lang", "en")
    assert done.returncode == 2
    assert message in done.stderr


def test_match_prints_ranked_candidates(tmp_path: Path):
    done = tradebot(tmp_path, "match", "kuraga", "--lang", "uz", "--limit", "3", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["query"] == "kuraga"
    assert result["candidates"][0]["hs"] == "0813.10"
    assert len(result["candidates"]) <= 3
    assert {"hs", "name", "score"} <= set(result["candidates"][0])


def test_match_without_a_query_classifies_stdin_line_by_line(tmp_path: Path):
    done = tradebot(tmp_path, "match", "--lang", "ru", "--json", stdin="курага\nфутболки\nqwzxv\n")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["курага", "футболки", "qwzxv"]
    assert lines[0]["candidates"][0]["hs"] == "0813.10"
    assert lines[1]["candidates"][0]["hs"].startswith("6109")
    assert lines[2]["candidates"] == []


def test_chat_json_keeps_the_conversation_across_invocations(tmp_path: Path):
    first = tradebot(
        tmp_path,
        "chat",
        "--json",
        "--user",
        "aigul",
        "--lang",
        "ky",
        stdin='{"text": "/start"}\n{"text": "kuraga"}\n',
    )
    assert first.returncode == 0, first.stderr
    lines = [json.loads(line) for line in first.stdout.splitlines()]
    assert lines.count({"done": True}) == 2
    assert any(c["id"] == "c:0813.10" for line in lines for c in line.get("choices", []))

    second = tradebot(
        tmp_path,
        "chat",
        "--json",
        "--user",
        "aigul",
        "--lang",
        "ky",
        stdin='{"choice": "c:0813.10"}\nnot json\n',
    )
    lines = [json.loads(line) for line in second.stdout.splitlines()]
    assert any(c["id"] == "o:KG" for line in lines for c in line.get("choices", []))
    assert {"error": "not a JSON object"} in lines


def test_interactive_chat_numbers_the_choices(tmp_path: Path):
    done = tradebot(tmp_path, "chat", "--lang", "en", stdin="dried apricots\n1\n")
    assert done.returncode == 0, done.stderr
    assert "[1] " in done.stdout
    assert "which country are the goods going from?" in done.stdout


def test_kb_commands_validate_import_export_history_and_rollback(tmp_path: Path):
    export = tmp_path / "export"
    done = tradebot(tmp_path, "kb", "export", str(export))
    assert done.returncode == 0, done.stderr
    assert (export / "sources.yaml").exists()

    assert tradebot(tmp_path, "kb", "validate", str(export)).returncode == 0
    assert "no change" in tradebot(tmp_path, "kb", "import", str(export)).stdout

    documents = export / "documents.yaml"
    documents.write_text(
        documents.read_text(encoding="utf-8").replace("verified", "verifed", 1)
        + "  - id: Bad Id\n",
        encoding="utf-8",
    )
    broken = tradebot(tmp_path, "kb", "validate", str(export))
    assert broken.returncode == 1
    assert "documents.yaml: " in broken.stderr and "nothing was changed" in broken.stderr
    assert tradebot(tmp_path, "kb", "import", str(export)).returncode == 1

    fresh = tmp_path / "fresh"
    tradebot(tmp_path, "kb", "export", str(fresh))
    sources = fresh / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(
            "en: 'Treaty on the Eurasian Economic Union'",
            "en: 'Treaty on the Eurasian Economic Union (Astana)'",
        ),
        encoding="utf-8",
    )
    imported = tradebot(tmp_path, "kb", "import", str(fresh), "--note", "title")
    assert imported.returncode == 0, imported.stderr
    assert "changed: sources eaeu-treaty" in imported.stdout
    assert "version 2 active" in imported.stdout

    history = tradebot(tmp_path, "kb", "history").stdout.splitlines()
    assert history[0].startswith("*    2") and "title" in history[0]
    rolled = tradebot(tmp_path, "kb", "rollback", "1")
    assert "version 3 active (content of version 1)" in rolled.stdout


def test_kb_validate_refuses_a_step_whose_source_does_not_name_its_country(tmp_path: Path):
    export = tmp_path / "export"
    assert tradebot(tmp_path, "kb", "export", str(export)).returncode == 0
    sources = export / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    start = text.index("  - id: eaeu-customs-code")
    block = text[start : text.index("  - id:", start + 1)]
    sources.write_text(
        text.replace(block, block.replace("countries: [KZ, KG, RU]", "countries: [KZ, RU]")),
        encoding="utf-8",
    )
    refused = tradebot(tmp_path, "kb", "validate", str(export))
    assert refused.returncode == 1
    assert "requirements (exp-declaration-kg).source" in refused.stderr
    assert "eaeu-customs-code" in refused.stderr and "KG" in refused.stderr


def tables_of(path: Path) -> set[str]:
    import sqlite3

    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


async def test_composing_the_app_leaves_the_database_as_it_was(tmp_path: Path):
    from bot.bootstrap import build_app
    from bot.settings import Settings

    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    app = await build_app(Settings(database_url=url, _env_file=None))
    await app.close()
    assert not (tmp_path / "cli.db").exists() or "conversations" not in tables_of(
        tmp_path / "cli.db"
    )


def test_db_upgrade_brings_a_fresh_database_to_the_latest_schema(tmp_path: Path):
    done = tradebot(tmp_path, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert "database at head" in done.stdout
    assert {"conversations", "users", "outbox", "alembic_version"} <= tables_of(tmp_path / "cli.db")


def test_a_first_time_trader_sees_the_language_menu_once_and_can_answer_it(tmp_path: Path):
    assert tradebot(tmp_path, "chat", "--user", "someone-else").returncode == 0  # the database
    from bot.peek import choosing_language

    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    assert choosing_language(url, "console", "aigul"), "unknown to the database: the menu first"

    done = tradebot(tmp_path, "chat", "--user", "aigul", stdin="8\ndried apricots\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Choose your language:") == 1
    assert done.stdout.startswith("Тілді таңдаңыз:\n")
    assert "  [8] English\n\n> OK, we will continue in English." in done.stdout
    assert not choosing_language(url, "console", "aigul"), "she chose: no early menu again"
    again = tradebot(tmp_path, "chat", "--user", "aigul", stdin="")
    assert "Choose your language:" not in again.stdout


def test_a_menu_written_early_is_followed_by_the_conversation_when_it_says_otherwise():
    import asyncio
    import io

    from bot.channels.console import ConsoleChannel
    from handlers.events import Choice, Outcome, Reply

    class Engine:
        async def handle(self, event: object) -> Outcome:
            return Outcome([Reply("You have a new message.", (Choice("ok", "OK"),))])

    out = io.StringIO()
    channel = ConsoleChannel(Engine(), "aigul", None, out)  # type: ignore[arg-type]
    early = [Reply("Choose your language:", (Choice("lang:en", "English"),))]
    asyncio.run(channel.interactive(io.StringIO(""), early))
    assert out.getvalue() == "You have a new message.\n  [1] OK\n\n> "
    assert channel.choice_ids == ["ok"]

    out.truncate(0)
    out.seek(0)
    channel = ConsoleChannel(Engine(), "aigul", None, out)  # type: ignore[arg-type]
    same = [Reply("You have a new message.", (Choice("ok", "OK"),))]
    asyncio.run(channel.interactive(io.StringIO(""), same))
    assert out.getvalue() == "", "already on the screen, prompt included"
    assert channel.choice_ids == ["ok"]
