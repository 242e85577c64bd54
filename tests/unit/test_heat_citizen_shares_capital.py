"""The variable-capital floor and the calls of uncalled capital, on plain values."""

from datetime import date

from heat_citizen_shares.domain import capital as c


def test_highest_reached_is_the_max_of_the_running_total():
    movements = [
        (date(2024, 1, 10), 1000),
        (date(2024, 6, 1), 3000),
        (date(2024, 6, 1), -500),  # same day: summed before the running total
        (date(2025, 3, 1), -2000),
        (date(2025, 9, 1), 1000),
    ]
    assert c.highest_reached(movements) == (3500.0, date(2024, 6, 1))


def test_highest_reached_by_date_not_by_order_given():
    movements = [(date(2025, 3, 1), -2000), (date(2024, 1, 10), 4000)]
    assert c.highest_reached(movements) == (4000.0, date(2024, 1, 10))


def test_highest_reached_first_date_on_a_tie():
    movements = [
        (date(2024, 1, 1), 100),
        (date(2024, 2, 1), -50),
        (date(2024, 3, 1), 50),
    ]
    assert c.highest_reached(movements) == (100.0, date(2024, 1, 1))


def test_highest_reached_without_movement():
    assert c.highest_reached([]) == (0.0, None)


def test_floor_is_a_quarter_rounded_up_to_the_cent():
    assert c.capital_floor(4000) == 1000.0
    assert c.capital_floor(100.01) == 25.01
    assert c.capital_floor(0) == 0.0


def test_floor_breach_with_the_figures():
    history = [(date(2024, 1, 1), 4000), (date(2025, 1, 1), -2500)]
    breach = c.floor_breach(history, [(date(2026, 1, 1), -600)])
    assert breach == c.FloorBreach(1500.0, 900.0, 4000.0, date(2024, 1, 1), 1000.0)


def test_floor_reached_exactly_is_allowed():
    history = [(date(2024, 1, 1), 4000), (date(2025, 1, 1), -2500)]
    assert c.floor_breach(history, [(date(2026, 1, 1), -500)]) is None


def test_no_breach_when_the_capital_does_not_decrease():
    # a register already under its floor (history before the rule) does not block
    # the movements that keep or raise the capital
    history = [(date(2024, 1, 1), 4000), (date(2025, 1, 1), -3500)]
    assert c.floor_breach(history, []) is None
    assert c.floor_breach(history, [(date(2026, 1, 1), 0)]) is None
    assert (
        c.floor_breach(history, [(date(2026, 1, 1), -50), (date(2026, 1, 1), 50)])
        is None
    )


def test_call_amount_by_percent_and_by_amount():
    assert c.call_amount(750, percent=50) == 375.0
    assert c.call_amount(100, percent=33.333) == 33.33
    assert c.call_amount(750, percent=100) == 750.0
    assert c.call_amount(750, amount=200) == 200.0


def test_call_amount_above_the_rest_or_not_positive():
    assert c.call_amount(750, amount=750.01) is None
    assert c.call_amount(750, percent=101) is None
    assert c.call_amount(750, amount=0) is None
    assert c.call_amount(0, percent=100) is None
