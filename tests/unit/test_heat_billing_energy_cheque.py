from datetime import date

import pytest
from heat_billing_energy_cheque.domain import energy_cheque


def test_valid_until_31_march_of_the_next_year():
    assert energy_cheque.valid_until(2024) == date(2025, 3, 31)


@pytest.mark.parametrize(
    "year, day, expected",
    [
        (2024, date(2024, 4, 15), True),
        (2024, date(2025, 3, 31), True),
        (2024, date(2025, 4, 1), False),
        (2025, date(2024, 12, 31), False),
        (2023, date(2024, 2, 29), True),
    ],
)
def test_is_valid(year, day, expected):
    assert energy_cheque.is_valid(year, day) is expected
