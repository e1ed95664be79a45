"""The conversation's state: which step, and what the trader chose so far.

Stored as JSON in the database (never only in memory), so a restart or a second worker
continues the same conversation.
"""

from __future__ import annotations

import json
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
    SIDE = "side"  # the steps of one part of the answer (export, border, import)
    ACTIONS = "actions"  # what else to do with the answer (subscribe, feedback, ...)
    DOCUMENTS = "documents"  # the documents checklist, ticked as she gathers them


# What a screen shows besides its step: restored exactly by 'Back'.
SCREEN_FIELDS = ("hs", "origin", "destination", "detail", "situation", "candidates", "page", "side")
MAX_BACK = 12
MAX_HAVE = 200


def entry_step(entry: str) -> str:
    """The step of a 'Back' entry ('answer|{...}', or a bare step name from older states)."""
    return entry.partition("|")[0]


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
    back: list[str] = field(default_factory=list)  # screens to return to, last on top
    offered: list[str] = field(default_factory=list)  # choice ids the last replies offered
    page: int = 0  # which page of a long list is shown
    side: str | None = None  # the part of the answer opened (export, crossing, import)
    # Documents she has ticked in a checklist, as "hs|origin|destination|document".
    have: list[str] = field(default_factory=list)
    # Products she turned down with 'None of these', and the words she typed for them.
    rejected: list[str] = field(default_factory=list)
    query: str | None = None
    script: str | None = None  # "Cyrl" when she writes Uzbek in Cyrillic
    # Where the goods go from and to, said before the product was settled ('из Оша в Алматы').
    planned: list[str] = field(default_factory=list)

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

    def screen(self) -> str:
        """The screen shown now, as a 'Back' entry: its step and what it shows."""
        values = {name: getattr(self, name) for name in SCREEN_FIELDS}
        values = {k: v for k, v in values.items() if v not in (None, [], 0)}
        return f"{self.step.value}|{json.dumps(values, ensure_ascii=False, separators=(',', ':'))}"

    def mark_seen(self) -> None:
        """Remember the screen she sees before this turn: 'Back' returns to it."""
        self.__dict__["_seen"] = self.screen()

    def go(self, step: Step) -> None:
        """Move forward, remembering the screen she saw, for 'Back'."""
        if step != self.step:
            entry = self.__dict__.get("_seen") or self.screen()
            if entry_step(entry) == step.value:
                entry = self.screen()
            if not self.back or self.back[-1] != entry:
                self.back.append(entry)
                del self.back[:-MAX_BACK]
            self.page = 0
        self.step = step

    def go_back(self) -> bool:
        if not self.back:
            return False
        self.restore(self.back.pop())
        return True

    def restore(self, entry: str) -> None:
        name, _, data = entry.partition("|")
        try:
            self.step = Step(name)
        except ValueError:
            self.step = Step.PRODUCT
        if not data:  # an older state: the step only
            return
        try:
            values = json.loads(data)
        except ValueError:
            return
        for key in SCREEN_FIELDS:
            default = [] if key == "candidates" else 0 if key == "page" else None
            setattr(self, key, values.get(key, default))

    def restart(self) -> None:
        """A new search keeps the language and the ticked documents, forgets the rest."""
        lang, script, have = self.lang, self.script, self.have
        self.__init__()  # type: ignore[misc]
        self.lang, self.script, self.have = lang, script, have
        self.step = Step.PRODUCT


def lang_of(state: State) -> str:
    """The trader's language, or the default until she has one."""
    return state.lang or DEFAULT_LANG
