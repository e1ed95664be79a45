"""The pure turn: a state and an event in; the new state, replies and effects out. No
database, no channel, no clock but the one in the context."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from handlers.clock import REGION_ZONE, noon_of, zone_of
from handlers.context import Context, Library
from handlers.dialog import Turn, turn
from handlers.effects import ForgetUser, IncidentReported, QueryLogged
from handlers.events import Event, UserRef
from handlers.state import State, Step
from knowledge.loader import load_knowledge

USER = UserRef("console", "trader")
# 18:30 UTC on 1 December: 23:30 in Tashkent, already 00:30 on 2 December in Bishkek.
NEAR_MIDNIGHT = dt.datetime(2026, 12, 1, 18, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def context() -> Context:
    return Context(Library.build(load_knowledge()), Translator(), now=NEAR_MIDNIGHT)


def ids(out: Turn) -> list[str]:
    return [c.id for reply in out.replies for c in reply.choices]


def test_a_product_name_lists_candidates_and_logs_the_search_without_her(context: Context):
    state = State(step=Step.PRODUCT, lang="ru")
    out = turn(state, Event.text(USER, "курага"), context)
    assert state.step == Step.PICK_PRODUCT
    assert any(c.startswith("c:0813") for c in ids(out))
    assert state.offered == ids(out)
    [logged] = out.effects
    assert isinstance(logged, QueryLogged) and logged.matched and logged.hs.startswith("0813")


def test_a_tap_that_was_not_offered_changes_nothing_and_shows_the_step_again(context: Context):
    state = State(step=Step.ORIGIN, lang="en", hs="0813.10", offered=["o:KG", "o:KZ"])
    out = turn(state, Event.choice(USER, "d:KZ"), context)
    assert state.step == Step.ORIGIN and state.destination is None
    assert out.replies[0].text == context.t("en", "error-stale-choice")
    assert "o:KG" in ids(out) and out.effects == []


def test_small_talk_is_answered_once_with_the_steps_buttons_on_it(context: Context):
    state = State(step=Step.PRODUCT, lang="en")
    out = turn(state, Event.text(USER, "thank you"), context)
    assert [r.text for r in out.replies] == [context.t("en", "smalltalk-thanks")]
    assert state.step == Step.PRODUCT


def test_forgetting_returns_the_effect_and_a_blank_state(context: Context):
    state = State(step=Step.FORGET, lang="en", origin="KG", offered=["forget:yes", "forget:no"])
    out = turn(state, Event.choice(USER, "forget:yes"), context)
    assert out.effects == [ForgetUser()]
    assert state.origin is None


def report_today(context: Context, origin: str, lang: str) -> IncidentReported:
    situation = next(iter(context.knowledge.situations))
    state = State(
        step=Step.REPORT_TEXT,
        lang=lang,
        origin=origin,
        situation=situation,
        report_post="other",
        report_date="today",
    )
    out = turn(state, Event.text(USER, "they asked for money"), context)
    [reported] = [e for e in out.effects if isinstance(e, IncidentReported)]
    return reported


def test_near_midnight_a_report_from_kyrgyzstan_is_dated_by_bishkeks_day(context: Context):
    assert report_today(context, "KG", "ru").occurred_on == dt.date(2026, 12, 2)


def test_near_midnight_a_report_from_uzbekistan_is_dated_by_tashkents_day(context: Context):
    assert report_today(context, "UZ", "ru").occurred_on == dt.date(2026, 12, 1)


def test_without_a_route_her_language_names_her_zone(context: Context):
    assert report_today(context, "", "ky").occurred_on == dt.date(2026, 12, 2)
    assert report_today(context, "", "ru").occurred_on == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("country", "zone"),
    [
        ("KZ", "Asia/Almaty"),
        ("KG", "Asia/Bishkek"),
        ("TJ", "Asia/Dushanbe"),
        ("TM", "Asia/Ashgabat"),
        ("UZ", "Asia/Tashkent"),
    ],
)
def test_each_country_of_the_region_has_its_zone(country: str, zone: str):
    assert zone_of(country) == ZoneInfo(zone)


def test_a_country_outside_the_region_falls_back_to_her_language_then_utc_plus_5():
    assert zone_of("CN", "tg") == ZoneInfo("Asia/Dushanbe")
    assert zone_of("CN", "en") == REGION_ZONE
    assert REGION_ZONE.utcoffset(NEAR_MIDNIGHT.replace(tzinfo=None)) == dt.timedelta(hours=5)


def test_a_day_given_by_hand_is_that_day_in_every_zone_of_the_region():
    moment = noon_of(dt.date(2026, 3, 1))
    assert {moment.astimezone(z).date() for z in map(zone_of, ["KZ", "KG", "UZ"])} == {
        dt.date(2026, 3, 1)
    }
