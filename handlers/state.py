"""The conversation's state: which step, and what the trader chose so far.

Stored as JSON in the database (never only in memory), so a restart or a second worker
continues the same conversation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from knowledge import DEFAULT_LANG


class Step(StrEnum):
    LANGUAGE = "language"
    PRODUCT = "product"  # waiting for a product name or HS code
    PICK_PRODUCT = "pick_product"  # candidates shown
    ORIGIN = "origin"
    DESTINATION = "destination"
    ANSWER = "answer"  # the procedure for the flow, steps listed
    DETAIL = "detail"  # one step of the procedure opened
    BORDER = "border"  # border situations listed
    SITUATION = "situation"  # one border situation opened
    FORGET = "forget"  # asked to confirm deleting everything
    REPORT_POST = "report_post"  # anonymous incident report: where
    REPORT_DATE = "report_date"  # ... when
    REPORT_TEXT = "report_text"  # ... optional words
    SUBSCRIPTIONS = "subscriptions"  # the flows the trader follows
    FEEDBACK = "feedback"  # 'not helpful': what was missing?
    EXPERT = "expert"  # typing a question for an expert
    ESTIMATE = "estimate"  # typing the value of the goods for 'What will I pay?'


@dataclass
class State:
    step: Step = Step.LANGUAGE
    lang: str | None = None
    candidates: list[str] = field(default_factory=list)
    hs: str | None = None
    origin: str | None = None
    destination: str | None = None
    detail: int | None = None
    situation: str | None = None
    # Draft of an anonymous incident report; cleared as soon as it is saved.
    report_post: str | None = None
    report_date: str | None = None
    subscriptions: list[str] = field(default_factory=list)  # "hs|origin|destination"
    # A search with no match, until she asks to be told or searches again (handlers/waiting).
    missed: str | None = None
    price_alerts: list[str] = field(default_factory=list)  # HS codes whose prices she follows
    back: list[str] = field(default_factory=list)  # steps to return to, last on top
    offered: list[str] = field(default_factory=list)  # choice ids the last replies offered

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["step"] = self.step.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> State:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        try:
            values["step"] = Step(values.get("step", Step.LANGUAGE))
        except ValueError:
            values["step"] = Step.PRODUCT
        return cls(**values)

    def go(self, step: Step) -> None:
        """Move forward, remembering where 'Back' returns to."""
        if step != self.step:
            self.back.append(self.step.value)
            del self.back[:-12]
        self.step = step

    def go_back(self) -> bool:
        if not self.back:
            return False
        self.step = Step(self.back.pop())
        return True

    def restart(self) -> None:
        """A new search keeps the language, forgets the rest."""
        lang = self.lang
        self.__init__()  # type: ignore[misc]
        self.lang = lang
        self.step = Step.PRODUCT


def lang_of(state: State) -> str:
    """The trader's language, or the default until she has one."""
    return state.lang or DEFAULT_LANG
