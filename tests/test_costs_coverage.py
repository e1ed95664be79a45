"""How many steps of the catalog's food and textile flows between the five countries show a
sourced fee and a service time: measured, printed, and held at least where it stands."""

from __future__ import annotations

import pytest

from knowledge.costs import fee_for
from knowledge.loader import load_knowledge

FIVE = ("KZ", "KG", "TJ", "TM", "UZ")
GOODS = {"food", "textile", "clothing"}
# Steps that carry an official fee or service time: certificates, permits, control acts,
# conformity, origin, customs declarations (portals, paperwork and rules do not).
FEE_BEARING = (
    "exp-phyto",
    "exp-vet",
    "exp-st1",
    "exp-origin",
    "exp-declaration",
    "imp-phyto",
    "imp-vet",
    "imp-sanitary",
    "imp-eaeu-food",
    "imp-eaeu-light",
    "imp-uz-conformity",
    "imp-clearance",
)
# Where the knowledge stands on 2026-12-02 (share of fee-bearing step instances): a floor,
# so that losing a sourced figure fails; raise it as figures are added.
AMOUNT_FLOOR = 0.20
TIME_FLOOR = 0.41
TARGET = 0.70  # the 'done when'


def coverage() -> tuple[int, int, int]:
    knowledge = load_knowledge()
    total = amounts = times = 0
    for commodity in knowledge.commodities.values():
        if not GOODS & set(commodity.categories):
            continue
        for origin in FIVE:
            for destination in FIVE:
                if origin == destination:
                    continue
                for step in knowledge.steps_for(commodity, origin, destination):
                    if not step.id.startswith(FEE_BEARING):
                        continue
                    fee = fee_for(knowledge, step, origin, destination)
                    total += 1
                    amounts += bool(step.cost or (fee and (fee.amount is not None or fee.bands)))
                    times += bool(step.time or (fee and (fee.days, fee.hours) != (None, None)))
    return total, amounts, times


def test_the_share_of_steps_with_a_sourced_fee_and_time_is_measured(capsys):
    total, amounts, times = coverage()
    with capsys.disabled():
        print(
            f"\nfee-bearing steps: {total}; with a sourced amount: {amounts} "
            f"({amounts / total:.1%}); with a time: {times} ({times / total:.1%})"
        )
    assert total > 5000  # every flow of the catalog's food and textile goods is counted
    assert amounts / total >= AMOUNT_FLOOR
    assert times / total >= TIME_FLOOR


@pytest.mark.xfail(strict=True, reason="the issue's 70% is not reached yet; see the README")
def test_seventy_percent_of_fee_bearing_steps_show_amount_and_time():
    total, amounts, times = coverage()
    assert amounts / total >= TARGET and times / total >= TARGET
