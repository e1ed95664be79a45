"""Start-up of the one-off commands: what an admin or a script waits for on every call.

Run: python benchmarks/startup.py [--runs 10] [--query курага]. In a temporary folder (its
own SQLite file and knowledge cache), after one warm-up call of each (which seeds the
database and builds the cache), each command runs `--runs` times as a fresh process:
- `tradebot match QUERY`;
- `tradebot ask --product apples --from KZ --to UZ --lang en`;
- `tradebot chat`, timed until its first prompt ('> ') is on the terminal.
Wall time is from the start of the process to its exit (to the prompt for chat); cpu is the
child's user+system time, which holds up better when other work shares the cores. The
children run with Python's bytecode cache on (PYTHONDONTWRITEBYTECODE removed from their
environment), as an installed package runs. The last line is a JSON object with the median
of each (`match_s`, `ask_s`, `chat_first_prompt_s`, `*_cpu_s`) and the load averages.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.5


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(argv: list[str], env: dict[str, str], folder: Path) -> tuple[float, float]:
    cpu = child_cpu()
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=folder, capture_output=True, timeout=120)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv[3:]} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return wall, child_cpu() - cpu


def timed_prompt(argv: list[str], env: dict[str, str], folder: Path) -> tuple[float, float]:
    """Until the first '> ' of an interactive chat; then end of input, and it exits."""
    cpu = child_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, cwd=folder, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdout is not None and process.stdin is not None
    seen = b""
    while not seen.endswith(b"> "):
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            raise RuntimeError(f"chat ended before its prompt: {seen[-500:]!r}")
        seen += chunk
    wall = time.perf_counter() - started
    process.stdin.close()
    process.wait(timeout=60)
    return wall, child_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--query", default="курага")
    args = parser.parse_args()
    load_start = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="tradebot-startup-") as name:
        folder = Path(name)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'tradebot.db'}",
            CACHE_DIR=str(folder / "cache"),
            PYTHONPATH=str(ROOT),
        )
        cli = [sys.executable, "-m", "bot.cli"]
        commands: dict[str, tuple[Callable[..., tuple[float, float]], list[str]]] = {
            "match": (timed_run, [*cli, "match", args.query, "--lang", "ru"]),
            "ask": (
                timed_run,
                [*cli, "ask", "--product", "apples", "--from", "KZ", "--to", "UZ", "--lang", "en"],
            ),
            "chat_first_prompt": (timed_prompt, [*cli, "chat", "--user", "startup"]),
        }
        for run, argv in commands.values():  # seeds the database, builds the cache
            run(argv, env, folder)
        times: dict[str, list[tuple[float, float]]] = {key: [] for key in commands}
        for _ in range(args.runs):
            for key, (run, argv) in commands.items():
                times[key].append(run(argv, env, folder))
    report: dict[str, object] = {"runs": args.runs, "load_avg_start": load_start}
    for key, measured in times.items():
        walls = [wall for wall, _ in measured]
        report[f"{key}_s"] = round(statistics.median(walls), 3)
        report[f"{key}_cpu_s"] = round(statistics.median(cpu for _, cpu in measured), 3)
        report[f"{key}_max_s"] = round(max(walls), 3)
        print(f"{key}: median {statistics.median(walls):.3f} s, runs {walls}", flush=True)
    report["target_s"] = TARGET_S
    report["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
