# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dated periods: ``[date_start, date_end)`` with ``date_end`` None for "still open".

A meter removed on day D and its successor installed on day D do not overlap: the end
date is the removal date, excluded from the period.
"""


def overlaps(start_a, end_a, start_b, end_b):
    """Return True when the half-open periods ``[start_a, end_a)`` and
    ``[start_b, end_b)`` share at least one instant (``None`` ends are open)."""
    a_before_b_ends = end_b is None or start_a < end_b
    b_before_a_ends = end_a is None or start_b < end_a
    return a_before_b_ends and b_before_a_ends


def first_overlap(periods):
    """Return the first pair of overlapping periods among ``periods``.

    ``periods`` is an iterable of ``(key, date_start, date_end)``; the result is
    ``(key_a, key_b)`` or None. Sorting makes it O(n log n).
    """
    widest_key, widest_end, seen = None, None, False
    for key, start, end in sorted(periods, key=lambda p: p[1]):
        if seen and (widest_end is None or start < widest_end):
            return widest_key, key
        if not seen or end is None or end > widest_end:
            widest_key, widest_end = key, end
        seen = True
    return None
