"""The compensation of an early termination (heat_billing.domain.termination)."""

from datetime import date

import pytest
from heat_billing.domain import termination as t


def test_commitment_ends_the_day_before_the_anniversary():
    assert t.commitment_end(date(2024, 1, 1), 5) == date(2028, 12, 31)
    assert t.commitment_end(date(2024, 3, 16), 1) == date(2025, 3, 15)
    # from 29 February, the anniversary of a common year is 28 February
    assert t.commitment_end(date(2024, 2, 29), 1) == date(2025, 2, 27)
    assert t.commitment_end(date(2024, 1, 1), 0) is None


def test_remaining_months_count_partial_months_in_days():
    assert t.remaining_months(date(2025, 3, 15), date(2025, 12, 31)) == pytest.approx(
        16 / 31 + 9
    )
    assert t.remaining_months(date(2025, 12, 31), date(2025, 12, 31)) == 0
    assert t.remaining_months(date(2026, 1, 15), date(2025, 12, 31)) == 0
    assert t.remaining_months(date(2025, 1, 1), None) == 0


def test_share_of_the_remaining_r2():
    result = t.compensation(
        t.R2_SHARE,
        date(2024, 1, 1),
        date(2025, 3, 15),
        5,
        power_kw=15.0,
        r2_per_kw_year=37.69,
        rate=0.5,
    )
    left = 16 / 31 + 9 + 36
    assert result.months == pytest.approx(left)
    assert result.commitment_end == date(2028, 12, 31)
    assert result.amount == pytest.approx(15 * 37.69 / 12 * left * 0.5)


def test_fixed_amount_whatever_the_time_left():
    result = t.compensation(
        t.FIXED, date(2024, 1, 1), date(2028, 11, 30), 5, fixed_amount=800.0
    )
    assert result.amount == 800.0
    assert result.months == pytest.approx(1)


def test_nothing_after_the_commitment_or_without_a_rule():
    after = t.compensation(
        t.FIXED, date(2024, 1, 1), date(2028, 12, 31), 5, fixed_amount=800.0
    )
    assert after.amount == 0
    assert after.months == 0
    none = t.compensation(t.NONE, date(2024, 1, 1), date(2025, 3, 15), 5)
    assert none.amount == 0
    assert none.months > 0
    no_commitment = t.compensation(
        t.R2_SHARE, date(2024, 1, 1), date(2025, 3, 15), 0, 15.0, 37.69, 0.5
    )
    assert no_commitment.amount == 0


def test_unknown_rule():
    with pytest.raises(ValueError):
        t.compensation("penalty", date(2024, 1, 1), date(2025, 3, 15), 5)
