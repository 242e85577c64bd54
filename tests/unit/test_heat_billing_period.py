# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The period a new billing run proposes."""

from datetime import date

import pytest
from heat_billing.domain.period import next_period, period_end, period_start

D = date


@pytest.mark.parametrize(
    ("day", "frequency", "end"),
    [
        (D(2025, 1, 16), "monthly", D(2025, 1, 31)),
        (D(2024, 2, 1), "monthly", D(2024, 2, 29)),
        (D(2025, 12, 31), "monthly", D(2025, 12, 31)),
        (D(2025, 2, 10), "quarterly", D(2025, 3, 31)),
        (D(2025, 4, 1), "quarterly", D(2025, 6, 30)),
        (D(2025, 11, 30), "quarterly", D(2025, 12, 31)),
        (D(2025, 7, 1), "yearly", D(2025, 12, 31)),
    ],
)
def test_period_end(day, frequency, end):
    assert period_end(day, frequency) == end


def test_period_start():
    assert period_start(D(2025, 5, 20), "monthly") == D(2025, 5, 1)
    assert period_start(D(2025, 5, 20), "quarterly") == D(2025, 4, 1)
    assert period_start(D(2025, 5, 20), "yearly") == D(2025, 1, 1)


def test_next_period_follows_the_latest_run():
    assert next_period(D(2025, 1, 31), "monthly", D(2025, 6, 3)) == (
        D(2025, 2, 1),
        D(2025, 2, 28),
    )
    # a run that stopped mid-month: the rest of that month
    assert next_period(D(2025, 1, 15), "monthly", D(2025, 6, 3)) == (
        D(2025, 1, 16),
        D(2025, 1, 31),
    )
    assert next_period(D(2025, 3, 31), "quarterly", D(2025, 6, 3)) == (
        D(2025, 4, 1),
        D(2025, 6, 30),
    )
    assert next_period(D(2024, 12, 31), "yearly", D(2025, 6, 3)) == (
        D(2025, 1, 1),
        D(2025, 12, 31),
    )


def test_first_run_is_the_previous_calendar_period():
    assert next_period(None, "monthly", D(2025, 3, 10)) == (
        D(2025, 2, 1),
        D(2025, 2, 28),
    )
    assert next_period(None, "monthly", D(2025, 1, 1)) == (
        D(2024, 12, 1),
        D(2024, 12, 31),
    )
    assert next_period(None, "quarterly", D(2025, 5, 10)) == (
        D(2025, 1, 1),
        D(2025, 3, 31),
    )
    assert next_period(None, "yearly", D(2025, 5, 10)) == (
        D(2024, 1, 1),
        D(2024, 12, 31),
    )


def test_postal_order_by_postcode_town_street_then_name():
    from heat_billing.domain import postal

    letters = [
        ("43160", "La Chaise-Dieu", "2 rue de l'Écho", "Zoé"),
        ("43000", "Le Puy-en-Velay", "1 place du Breuil", "Alain"),
        ("43160", "la chaise-dieu", "1 avenue de la Gare", "Bruno"),
        ("43160", "La Chaise-Dieu", "2 rue de l'echo", "Albert"),
        (None, None, None, "Sans adresse"),
    ]
    ordered = sorted(letters, key=lambda letter: postal.sort_key(*letter))
    assert [letter[3] for letter in ordered] == [
        "Sans adresse",
        "Alain",
        "Bruno",
        "Albert",
        "Zoé",
    ]
