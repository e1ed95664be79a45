"""Worked examples with the duties added for issue 15, computed by hand from the sources and
the banks' rates of tests/test_estimate.py, checked to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from knowledge.amounts import parse_value
from knowledge.costs import Preference
from knowledge.estimate import estimate
from knowledge.loader import load_knowledge
from tests.test_estimate import RATES

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


def run(knowledge, hs: str, origin: str, dest: str, typed: str, on: dt.date = TODAY):
    parsed = parse_value(typed)
    found = estimate(
        knowledge,
        knowledge.commodities[hs],
        origin,
        dest,
        parsed.amount,
        parsed.currency,
        RATES,
        on=on,
    )
    assert found is not None
    return found, {(line.kind, line.step.id if line.step else ""): line for line in found.lines}


def test_china_kyrgyz_walnuts_in_shell_pay_the_mfn_duty(knowledge):
    # 150,000 KGS x 5.78 / 70.11 (NBK: KGS and CNY in tenge) = 12,366.28 CNY; MFN duty 25%
    # (0802310000) = 3,091.57; VAT 9% on agricultural products, on value + duty
    # (12,366.2815 + 3,091.57) = 1,391.21; total 4,482.78 CNY x 70.11 / 5.78 = 54,375.04 KGS.
    found, lines = run(knowledge, "0802.31", "KG", "CN", "150 000 сом")
    assert found.preference == Preference.NONE
    assert found.customs_value == D("12366.28")
    duty, vat = lines[("duty", "")], lines[("vat", "")]
    assert (duty.rate, duty.amount, duty.source) == ("25%", D("3091.57"), "cn-tariff-0802")
    assert (vat.rate, vat.amount) == ("9%", D("1391.21"))
    assert (found.total, found.total_her) == (D("4482.78"), D("54375.04"))


def test_uzbekistan_turkmen_sugar_at_the_zero_rate(knowledge):
    # Turkmenistan is outside the CIS free-trade area: the tariff applies, and for sugar it is
    # 0 until 1 January 2027 (Presidential decree). 10,000 USD x 12,150 (CBU) = 121,500,000
    # UZS; VAT 12% = 14,580,000; clearance fee for up to 10,000 USD 1 BRV = 375,000;
    # Turkmen export declaration 0.2% of the customs value (customs.gov.tm) = 243,000;
    # total 15,198,000 UZS / 12,150 = 1,250.86 USD.
    found, lines = run(knowledge, "1701", "TM", "UZ", "10 000 USD")
    assert found.preference == Preference.NONE
    duty = lines[("duty", "")]
    assert (duty.rate, duty.amount, duty.source) == ("0%", D("0.00"), "uz-zero-duty-2027")
    assert lines[("vat", "")].amount == D("14580000.00")
    assert lines[("fee", "imp-clearance-uz")].amount == D("375000.00")
    assert lines[("fee", "exp-declaration-tm")].amount == D("243000.00")
    assert (found.total, found.total_her) == (D("15198000.00"), D("1250.86"))
    assert "est-excluded-duty" not in found.excluded


def test_after_the_zero_rate_ends_the_estimate_leaves_the_duty_out_and_says_so(knowledge):
    found, lines = run(knowledge, "1701", "TM", "UZ", "10 000 USD", dt.date(2027, 1, 1))
    assert ("duty", "") not in lines
    assert "est-excluded-duty" in found.excluded
    assert found.total == D("15198000.00")  # VAT and the fees, as before


def test_eaeu_chinese_raw_cotton_into_kazakhstan_at_zero_duty(knowledge):
    # 10,000 CNY x 70.11 (NBK) = 701,100.00 KZT; EAEU tariff 5201: 0%; VAT 16% = 112,176.00;
    # total 112,176.00 KZT / 70.11 = 1,600.00 CNY.
    found, lines = run(knowledge, "5201", "CN", "KZ", "10000 CNY")
    duty = lines[("duty", "")]
    assert (duty.rate, duty.amount, duty.source) == ("0%", D("0.00"), "eaeu-ett-group52")
    assert lines[("vat", "")].amount == D("112176.00")
    assert (found.total, found.total_her) == (D("112176.00"), D("1600.00"))
    assert "est-excluded-duty" not in found.excluded
