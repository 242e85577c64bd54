from datetime import date

import pytest
from heat_billing_reminder.domain import winter_truce


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 10, 31), False),
        (date(2026, 11, 1), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), True),
        (date(2028, 2, 29), True),
        (date(2027, 3, 31), True),
        (date(2027, 4, 1), False),
        (date(2027, 7, 14), False),
    ],
)
def test_in_winter_truce(day, expected):
    assert winter_truce.in_winter_truce(day) is expected


@pytest.mark.parametrize(
    "count, day, main_residence, expected",
    [
        (1, date(2026, 12, 1), True, 1),
        (2, date(2026, 12, 1), True, 2),
        # the formal notice waits for the end of the truce in a main residence
        (3, date(2026, 12, 1), True, 2),
        (4, date(2027, 3, 31), True, 2),
        (3, date(2027, 4, 1), True, 3),
        (3, date(2026, 10, 31), True, 3),
        # not a main residence: all levels all year
        (3, date(2026, 12, 1), False, 3),
        (7, date(2026, 12, 1), False, 3),
    ],
)
def test_reminder_level(count, day, main_residence, expected):
    assert winter_truce.reminder_level(count, day, main_residence) == expected
