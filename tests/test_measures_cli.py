"""Measures on the command line: `ask --json` lists them before the steps; `kb measure` edits."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.test_cli import tradebot

BULLS = "kz-export-bulls-2025-11"


def ask_json(tmp_path: Path, product: str, origin: str, dest: str, day: str) -> dict:
    done = tradebot(
        tmp_path, "ask", "--product", product, "--from", origin, "--to", dest, "--json",
        "--on", day,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_ask_json_carries_the_measures_before_the_steps(tmp_path: Path):
    answer = ask_json(tmp_path, "cattle", "KZ", "UZ", "2026-01-15")
    keys = list(answer)
    assert keys.index("measures") < keys.index("steps")
    assert answer["date"] == "2026-01-15"
    (ban,) = answer["measures"]
    assert ban["id"] == BULLS and ban["status"] == "in_force"
    assert (ban["kind"], ban["direction"], ban["country"]) == ("ban", "export", "KZ")
    assert (ban["start"], ban["end"]) == ("2025-11-05", "2026-04-30")
    assert ban["act"]["number"] == "416" and ban["act"]["date"] == "2025-11-04"
    assert ban["source"]["url"].startswith("https://www.gov.kz/")

    coming = ask_json(tmp_path, "cattle", "KZ", "UZ", "2025-10-20")["measures"]
    assert [m["status"] for m in coming] == ["coming"]
    assert ask_json(tmp_path, "cattle", "KZ", "UZ", "2026-05-01")["measures"] == []
    assert ask_json(tmp_path, "dried apricots", "KG", "KZ", "2026-01-15")["measures"] == []


def test_kb_measure_extend_end_and_list_make_new_versions(tmp_path: Path):
    extended = tradebot(
        tmp_path, "kb", "measure", "extend", BULLS, "2026-12-31",
        "--act-number", "417", "--act-date", "2026-04-25",
    )  # fmt: skip
    assert extended.returncode == 0, extended.stderr
    assert "version 2 active" in extended.stdout
    listed = tradebot(tmp_path, "kb", "measure", "list", "--all").stdout
    assert f"{BULLS}\tKZ export ban\t2025-11-05 → 2026-12-31\t417 (2026-04-25)" in listed

    refused = tradebot(tmp_path, "kb", "measure", "extend", BULLS, "2026-06-01",
                       "--act-number", "418", "--act-date", "2026-05-01")  # fmt: skip
    assert refused.returncode == 1 and "not-later" in refused.stderr
    assert "nothing was changed" in refused.stderr

    ended = tradebot(tmp_path, "kb", "measure", "end", BULLS, "2026-06-30")
    assert ended.returncode == 0, ended.stderr
    answer = ask_json(tmp_path, "cattle", "KZ", "UZ", "2026-06-30")["measures"]
    assert answer[0]["end"] == "2026-06-30"
    assert ask_json(tmp_path, "cattle", "KZ", "UZ", "2026-07-01")["measures"] == []
    history = tradebot(tmp_path, "kb", "history").stdout.splitlines()
    assert history[0].startswith("*    3") and f"measure end {BULLS}" in history[0]


def test_kb_measure_add_and_validate_refuse_an_end_before_the_start(tmp_path: Path):
    export = tmp_path / "export"
    assert tradebot(tmp_path, "kb", "export", str(export)).returncode == 0
    measures = yaml.safe_load((export / "measures.yaml").read_text(encoding="utf-8"))
    item = {**measures["measures"][0], "id": "test-new", "start": "2026-12-10"}
    item["end"] = "2026-12-01"
    path = tmp_path / "new.yaml"
    path.write_text(yaml.safe_dump(item, allow_unicode=True), encoding="utf-8")
    added = tradebot(tmp_path, "kb", "measure", "add", str(path))
    assert added.returncode == 1
    assert "measure ends before it starts" in added.stderr
    assert "nothing was changed" in added.stderr

    measures["measures"].append(item)
    (export / "measures.yaml").write_text(yaml.safe_dump(measures, allow_unicode=True))
    validated = tradebot(tmp_path, "kb", "validate", str(export))
    assert validated.returncode == 1
    assert "measures.yaml: measures[4] (test-new): measure ends before it starts" in (
        validated.stderr
    )

    item["end"] = "2027-01-31"
    path.write_text(yaml.safe_dump(item, allow_unicode=True), encoding="utf-8")
    added = tradebot(tmp_path, "kb", "measure", "add", str(path))
    assert added.returncode == 0, added.stderr
    assert "added: measures test-new" in added.stdout
