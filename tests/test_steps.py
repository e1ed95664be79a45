"""The table of steps is whole and unambiguous, or the bot does not start."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from handlers import dialog
from handlers.state import Step
from handlers.steps import StepSpec, StepTableError, check_steps

HANDLERS = Path(__file__).resolve().parent.parent / "handlers"


def test_every_step_has_a_prompt_and_a_text_handler():
    assert set(dialog.STEPS) == set(Step)
    for step, spec in dialog.STEPS.items():
        assert callable(spec.prompt), step
        assert callable(spec.text), step


def test_the_table_as_shipped_passes_its_own_check():
    handlers = check_steps(dialog.STEPS, dialog.GLOBAL_CHOICES)
    assert handlers == dialog.CHOICE_HANDLERS
    assert {"back", "c", "o", "d", "st", "sit", "rp", "sub", "wq"} <= set(handlers)


def test_a_step_without_a_prompt_is_refused():
    steps = dict(dialog.STEPS)
    steps[Step.SIDE] = dataclasses.replace(steps[Step.SIDE], prompt=None)  # type: ignore[arg-type]
    with pytest.raises(StepTableError, match="side: no prompt"):
        check_steps(steps, dialog.GLOBAL_CHOICES)


def test_a_step_without_a_text_handler_is_refused_rather_than_becoming_a_search():
    steps = dict(dialog.STEPS)
    steps[Step.BORDER] = dataclasses.replace(steps[Step.BORDER], text=None)  # type: ignore[arg-type]
    with pytest.raises(StepTableError, match="border: no text handler"):
        check_steps(steps, dialog.GLOBAL_CHOICES)


def test_a_missing_step_is_refused():
    steps = {step: spec for step, spec in dialog.STEPS.items() if step != Step.ESTIMATE}
    with pytest.raises(StepTableError, match="steps without an entry: estimate"):
        check_steps(steps, dialog.GLOBAL_CHOICES)


def test_a_choice_prefix_claimed_by_two_steps_is_refused():
    steps = dict(dialog.STEPS)
    spec = steps[Step.DOCUMENTS]
    steps[Step.DOCUMENTS] = dataclasses.replace(spec, choices={**spec.choices, "st": print})
    with pytest.raises(StepTableError, match="'st' claimed by answer and documents"):
        check_steps(steps, dialog.GLOBAL_CHOICES)


def test_a_step_cannot_take_over_a_global_choice():
    steps = dict(dialog.STEPS)
    steps[Step.FORGET] = StepSpec(steps[Step.FORGET].prompt, print, {"back": print})
    with pytest.raises(StepTableError, match="'back' claimed by the global choices and forget"):
        check_steps(steps, dialog.GLOBAL_CHOICES)


def test_border_steps_come_from_the_table():
    border = set(dialog.BORDER_STEPS)
    assert border == {
        Step.BORDER,
        Step.SITUATION,
        Step.REPORT_POST,
        Step.REPORT_DATE,
        Step.REPORT_TEXT,
    }


def test_what_she_types_is_kept_as_her_words_only_where_the_table_says_so():
    free = {step for step, spec in dialog.STEPS.items() if spec.free_text}
    assert free == {Step.LANGUAGE, Step.REPORT_TEXT, Step.FEEDBACK, Step.EXPERT}


def test_no_module_of_the_conversation_imports_inside_a_function():
    """Import cycles are not broken by importing late: every import is at the top."""
    late = []
    for path in sorted(HANDLERS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                late += [
                    f"{path.name}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, (ast.Import, ast.ImportFrom))
                ]
    assert late == []
