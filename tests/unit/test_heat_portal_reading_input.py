# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest
from heat_portal.domain.reading_input import parse_index


@pytest.mark.parametrize(
    "text, kwh",
    [
        ("12345", 12345.0),
        ("12 345,6", 12345.6),
        ("12\u202f345,6", 12345.6),  # narrow no-break space, as French formats type it
        ("12\u00a0345.25", 12345.25),
        (" 7 ", 7.0),
    ],
)
def test_an_index_as_a_subscriber_types_it(text, kwh):
    assert parse_index(text) == kwh


@pytest.mark.parametrize(
    "text", ["", None, "douze", "-5", "1,2,3", "12,3456", "1e5", "12 345 kWh"]
)
def test_what_is_not_an_index(text):
    assert parse_index(text) is None
