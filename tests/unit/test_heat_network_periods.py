# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from heat_network.domain.periods import first_overlap, overlaps

D = date


def test_overlaps_half_open():
    assert not overlaps(D(2024, 1, 1), D(2024, 6, 1), D(2024, 6, 1), None)
    assert overlaps(D(2024, 1, 1), D(2024, 6, 2), D(2024, 6, 1), None)
    assert overlaps(D(2024, 1, 1), None, D(2030, 1, 1), None)
    assert not overlaps(D(2025, 1, 1), None, D(2024, 1, 1), D(2025, 1, 1))


def test_first_overlap_none():
    periods = [
        ("b", D(2024, 6, 1), None),
        ("a", D(2024, 1, 1), D(2024, 6, 1)),
    ]
    assert first_overlap(periods) is None
    assert first_overlap([]) is None


def test_first_overlap_open_period():
    periods = [("a", D(2024, 1, 1), None), ("b", D(2025, 1, 1), D(2025, 2, 1))]
    assert first_overlap(periods) == ("a", "b")


def test_first_overlap_long_period_hides_short_one():
    periods = [
        ("long", D(2024, 1, 1), D(2025, 1, 1)),
        ("short", D(2024, 2, 1), D(2024, 3, 1)),
        ("later", D(2024, 6, 1), D(2024, 7, 1)),
    ]
    assert first_overlap(periods) == ("long", "short")
    periods = [
        ("long", D(2024, 1, 1), D(2025, 1, 1)),
        ("later", D(2024, 6, 1), D(2024, 7, 1)),
    ]
    assert first_overlap(periods) == ("long", "later")


def test_empty_period_never_overlaps_its_end():
    periods = [("a", D(2024, 1, 1), D(2024, 1, 1)), ("b", D(2024, 1, 1), None)]
    # "a" is empty (removed the day it was installed): its successor may start then.
    assert first_overlap(periods) is None
