"""The conversation's core knows no database: the shell turns a driver's errors into the
core's own `StorageUnavailable`, and the engine answers 'try again' to that alone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.db import storage_boundary
from bot.i18n import Translator
from handlers.context import Library
from handlers.engine import Engine, StorageUnavailable
from handlers.events import Event, UserRef
from knowledge.loader import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
USER = UserRef("console", "trader")


def imported_modules(folder: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / folder).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
    return names


def test_the_conversation_imports_no_database_library():
    for folder in ("handlers", "knowledge"):
        used = imported_modules(folder)
        assert not [m for m in used if m.split(".")[0] in ("sqlalchemy", "asyncpg", "bot")]


class Failing:
    def __init__(self, error: Exception) -> None:
        self.error = error

    @storage_boundary
    async def run_turn(self, user, step, then=None):
        raise self.error


class Shipped:
    library = Library.build(load_knowledge())

    async def current(self) -> Library:
        return self.library


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator()


async def test_a_lost_connection_leaves_the_shell_as_storage_unavailable():
    error = OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))
    with pytest.raises(StorageUnavailable) as caught:
        await Failing(error).run_turn(USER, None)
    assert caught.value.__cause__ is error


@pytest.mark.parametrize(
    "error", [IntegrityError("INSERT", {}, Exception("duplicate")), ValueError("a bug")]
)
async def test_a_bug_is_not_mistaken_for_an_outage(error: Exception):
    with pytest.raises(type(error)):
        await Failing(error).run_turn(USER, None)


async def test_the_engine_asks_her_to_try_again_when_the_store_is_unavailable(translator):
    error = OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))
    engine = Engine(Failing(error), Shipped(), translator)  # type: ignore[arg-type]
    outcome = await engine.handle(Event.parse_text(USER, "курага", "ru"))
    assert outcome.failed and outcome.outage
    assert [r.text for r in outcome.replies] == [translator("ru", "error-try-again")]


async def test_the_engine_apologises_for_a_bug_and_does_not_call_it_an_outage(translator):
    engine = Engine(Failing(ValueError("a bug")), Shipped(), translator)  # type: ignore[arg-type]
    outcome = await engine.handle(Event.parse_text(USER, "курага", "ru"))
    assert outcome.failed and not outcome.outage
    assert [r.text for r in outcome.replies] == [translator("ru", "error-apology")]
