"""What a turn asks the shell to record: plain data, one class per kind of record.

`Effect` is the union of them all; the shell stores each through a writer chosen by its
type (bot/storage.py), and a test checks that every member of the union has one.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Flow:
    hs: str
    origin: str
    destination: str

    @property
    def key(self) -> str:
        return f"{self.hs}|{self.origin}|{self.destination}"

    @classmethod
    def parse(cls, key: str) -> Flow | None:
        parts = key.split("|")
        return cls(*parts) if len(parts) == 3 else None


@dataclass(frozen=True, slots=True)
class QueryLogged:
    query: str
    lang: str
    matched: bool
    hs: str | None


@dataclass(frozen=True, slots=True)
class ForgetUser:
    pass


@dataclass(frozen=True, slots=True)
class FlowShown:
    flow: Flow
    lang: str


@dataclass(frozen=True, slots=True)
class Subscribed:
    flow: Flow


@dataclass(frozen=True, slots=True)
class Unsubscribed:
    flow: Flow


@dataclass(frozen=True, slots=True)
class FeedbackGiven:
    flow: Flow
    helpful: bool
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class ExpertAsked:
    question: str
    flow: Flow | None
    lang: str


@dataclass(frozen=True, slots=True)
class IncidentReported:
    situation: str
    post: str | None  # border post id; None: not listed / not known
    occurred_on: dt.date
    text: str | None


@dataclass(frozen=True, slots=True)
class ReceiptIssued:
    """A receipt code for a report: stored with the crossing only, never with her."""

    code: str
    post: str | None


@dataclass(frozen=True, slots=True)
class CrossingFollowed:
    post: str


@dataclass(frozen=True, slots=True)
class PricesFollowed:
    hs: str


@dataclass(frozen=True, slots=True)
class PricesUnfollowed:
    hs: str


@dataclass(frozen=True, slots=True)
class QuestionWaiting:
    query: str
    lang: str
    origin: str | None
    destination: str | None


Effect = (
    QueryLogged
    | ForgetUser
    | FlowShown
    | Subscribed
    | Unsubscribed
    | FeedbackGiven
    | ExpertAsked
    | IncidentReported
    | ReceiptIssued
    | CrossingFollowed
    | PricesFollowed
    | PricesUnfollowed
    | QuestionWaiting
)
EFFECT_TYPES: tuple[type, ...] = typing.get_args(Effect)
