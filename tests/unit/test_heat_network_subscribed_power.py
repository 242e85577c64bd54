# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from heat_network.domain.subscribed_power import (
    add_years,
    decrease_violation,
    power_at,
    power_periods,
)

D = date


def test_periods_split_by_changes():
    changes = [(D(2024, 10, 1), 45.0), (D(2025, 3, 1), 55.0)]
    assert power_periods(changes, D(2025, 1, 1), D(2025, 3, 31)) == [
        (D(2025, 1, 1), D(2025, 2, 28), 45.0),
        (D(2025, 3, 1), D(2025, 3, 31), 55.0),
    ]


def test_periods_before_first_change_left_out():
    assert power_periods([(D(2025, 1, 15), 20.0)], D(2025, 1, 1), D(2025, 1, 31)) == [
        (D(2025, 1, 15), D(2025, 1, 31), 20.0)
    ]
    assert power_periods([(D(2026, 1, 1), 20.0)], D(2025, 1, 1), D(2025, 12, 31)) == []
    assert power_periods([], D(2025, 1, 1), D(2025, 12, 31)) == []


def test_periods_unsorted_input_and_single_day():
    changes = [(D(2025, 1, 2), 30.0), (D(2025, 1, 1), 40.0)]
    assert power_periods(changes, D(2025, 1, 1), D(2025, 1, 1)) == [
        (D(2025, 1, 1), D(2025, 1, 1), 40.0)
    ]


def test_power_at():
    changes = [(D(2024, 1, 1), 50.0), (D(2025, 1, 1), 40.0)]
    assert power_at(changes, D(2023, 12, 31)) == 0.0
    assert power_at(changes, D(2024, 12, 31)) == 50.0
    assert power_at(changes, D(2025, 1, 1)) == 40.0


def test_increase_always_allowed():
    assert decrease_violation([(D(2024, 1, 1), 50.0)], D(2024, 6, 1), 60.0) is None


def test_first_power_allowed():
    assert decrease_violation([], D(2024, 1, 1), 50.0) is None


def test_decrease_at_least_twenty_percent():
    history = [(D(2024, 1, 1), 50.0)]
    assert decrease_violation(history, D(2025, 1, 1), 41.0) == ("ratio", 50.0, 10.0)
    assert decrease_violation(history, D(2025, 1, 1), 40.0) is None


def test_decreases_two_years_apart():
    history = [(D(2020, 1, 1), 50.0), (D(2022, 1, 1), 40.0)]
    violation = decrease_violation(history, D(2023, 12, 31), 30.0)
    assert violation == ("interval", D(2022, 1, 1), D(2024, 1, 1))
    assert decrease_violation(history, D(2024, 1, 1), 30.0) is None


def test_decrease_planned_before_a_later_one():
    history = [(D(2020, 1, 1), 50.0), (D(2024, 1, 1), 30.0)]
    # A decrease inserted one year before an already recorded one is refused too.
    assert decrease_violation(history, D(2023, 1, 1), 40.0)[0] == "interval"


def test_add_years_leap_day():
    assert add_years(D(2024, 2, 29), 2) == D(2026, 2, 28)
