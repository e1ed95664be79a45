"""What a step of the conversation is made of, and the checks its table passes at import.

The table itself (`handlers.dialog.STEPS`) names, for every `Step`: the prompt that shows
it, the handler of what she types there, the choices its screens introduce (by prefix,
the part of a choice id before ':'), whether it is a border step (no 'At the border'
button: she is there), and whether what she types there is her own words (kept as typed,
never read as small talk or a product).

`check_steps` refuses a table with a step missing, a step without a prompt or a text
handler, or a choice prefix claimed twice (by two steps, or by a step and the global
choices): the import fails, not a trader's turn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from handlers.context import Context
from handlers.events import Reply
from handlers.state import State, Step
from handlers.turns import Turn

Prompt = Callable[[Context, str, State], list[Reply]]
TextHandler = Callable[[State, str, Context, Turn], None]
ChoiceHandler = Callable[[State, str, Context, Turn], bool]


class StepTableError(Exception):
    """The step table is incomplete or ambiguous."""


@dataclass(frozen=True, slots=True)
class StepSpec:
    prompt: Prompt
    text: TextHandler
    # Choices the step's screens introduce, by prefix. A tap is accepted in any step that
    # offered it (checked against `State.offered`); the owner says where it comes from.
    choices: Mapping[str, ChoiceHandler] = field(default_factory=dict)
    border: bool = False
    free_text: bool = False  # her own words: a report, a comment, a question


def check_steps(
    steps: Mapping[Step, StepSpec], global_choices: Mapping[str, ChoiceHandler]
) -> dict[str, ChoiceHandler]:
    """Every step present and complete, every prefix owned once; the choice handlers by
    prefix, for the dispatcher."""
    problems: list[str] = []
    missing = [step.value for step in Step if step not in steps]
    if missing:
        problems.append(f"steps without an entry: {', '.join(missing)}")
    owners: dict[str, str] = {prefix: "the global choices" for prefix in global_choices}
    handlers: dict[str, ChoiceHandler] = dict(global_choices)
    for step, spec in steps.items():
        if not callable(spec.prompt):
            problems.append(f"{step.value}: no prompt")
        if not callable(spec.text):
            problems.append(f"{step.value}: no text handler")
        for prefix, handler in spec.choices.items():
            if not prefix or ":" in prefix:
                problems.append(f"{step.value}: choice prefix {prefix!r} is not a prefix")
            if prefix in owners:
                problems.append(
                    f"choice prefix {prefix!r} claimed by {owners[prefix]} and {step.value}"
                )
                continue
            owners[prefix] = step.value
            handlers[prefix] = handler
    if problems:
        raise StepTableError("; ".join(problems))
    return handlers


def border_steps(steps: Mapping[Step, StepSpec]) -> frozenset[Step]:
    return frozenset(step for step, spec in steps.items() if spec.border)
