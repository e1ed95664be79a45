"""Every effect a turn can return is stored by a writer of its own: none can vanish."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.storage import WRITERS, SqlStore
from handlers.effects import EFFECT_TYPES
from handlers.events import UserRef


def test_every_member_of_the_effect_union_has_a_writer():
    assert EFFECT_TYPES, "the Effect union is empty"
    missing = [kind.__name__ for kind in EFFECT_TYPES if kind not in WRITERS]
    assert missing == []


def test_no_writer_waits_for_an_effect_the_turn_never_returns():
    assert set(WRITERS) == set(EFFECT_TYPES)


def test_an_effect_without_a_writer_raises_instead_of_being_dropped():
    @dataclass(frozen=True)
    class Unknown:
        pass

    store = SqlStore.__new__(SqlStore)
    with pytest.raises(TypeError, match="no writer for the effect Unknown"):
        store.record(None, 1, UserRef("console", "trader"), Unknown())  # type: ignore[arg-type]
