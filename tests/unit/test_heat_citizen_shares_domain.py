"""The share register and the college vote, on plain values."""

from datetime import date

import pytest
from heat_citizen_shares.domain import register as r
from heat_citizen_shares.domain import vote as v
from heat_citizen_shares.domain.words import amount_in_words_fr

M = r.Movement


def test_holdings_and_capital_at_past_dates():
    movements = [
        M(date(2024, 1, 10), "anne", "A", 10),
        M(date(2024, 6, 1), "anne", "A", -4),  # transfer out
        M(date(2024, 6, 1), "paul", "A", 4),  # transfer in
        M(date(2025, 3, 1), "paul", "A", -4),  # redemption
    ]
    assert r.holdings_at(movements, date(2024, 5, 31)) == {("anne", "A"): 10}
    assert r.holdings_at(movements, date(2024, 6, 1)) == {
        ("anne", "A"): 6,
        ("paul", "A"): 4,
    }
    assert r.capital_at(movements, {"A": 50}, date(2024, 12, 31)) == 500
    assert r.capital_at(movements, {"A": 50}, date(2025, 3, 1)) == 300


def test_register_never_negative():
    ok = [M(date(2024, 1, 1), "anne", "A", 3), M(date(2024, 1, 1), "anne", "A", -3)]
    assert r.first_negative(ok) is None
    bad = ok + [M(date(2024, 2, 1), "anne", "A", -1)]
    assert r.first_negative(bad) == (date(2024, 2, 1), "anne", "A", -1)


def test_redemption_waiting_period_first_in_first_out():
    movements = [
        M(date(2020, 1, 1), "anne", "A", 5),
        M(date(2025, 1, 1), "anne", "A", 5),
    ]
    assert r.waiting_period_end(date(2020, 1, 31), 60) == date(2025, 1, 31)
    assert r.redeemable_at(movements, "anne", "A", date(2025, 6, 1), 60) == 5
    assert r.redeemable_at(movements, "anne", "A", date(2024, 12, 31), 60) == 0


def test_conversion_in_whole_shares_only():
    assert r.converted_quantity(4, 50, 100) == 2
    assert r.converted_quantity(3, 50, 100) is None


def test_passes_by_head_count_but_fails_by_college_weights():
    colleges = {
        "users": v.CollegeVotes(weight=50, yes=2, no=8),
        "supporters": v.CollegeVotes(weight=20, yes=30, no=0),
        "employees": v.CollegeVotes(weight=30, yes=1, no=4),
    }
    assert v.passes(v.head_count_share(colleges))  # 33 yes of 45
    assert not v.passes(v.weighted_share(colleges))  # 10 + 20 + 6 = 36 %
    assert v.weighted_share(colleges) == pytest.approx(0.36)
    assert v.weights_total_ok([50, 20, 30])
    assert not v.weights_total_ok([50, 20, 20])


def test_amount_in_french_words():
    assert amount_in_words_fr(250) == "deux cent cinquante euros"
