# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Subscribed power (puissance souscrite) of a sub-station as a dated history."""

from datetime import date, timedelta

#: A decrease must lower the power by at least this share of the power in force.
MIN_DECREASE_RATIO = 0.20
#: Two decreases must be at least this many years apart.
DECREASE_INTERVAL_YEARS = 2


def add_years(day, years):
    """``day`` moved by whole ``years``; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def power_periods(changes, date_from, date_to):
    """Split ``[date_from, date_to]`` (both inclusive) by the power in force.

    ``changes`` is an iterable of ``(date_start, power_kw)``: each power applies from
    its date until the next change. Days before the first change have no power and are
    left out. Returns a list of ``(date_start, date_end_inclusive, power_kw)``.
    """
    ordered = sorted(changes)
    periods = []
    for index, (start, power) in enumerate(ordered):
        following = ordered[index + 1][0] if index + 1 < len(ordered) else None
        end = following - timedelta(days=1) if following else date.max
        if end < date_from or start > date_to:
            continue
        periods.append((max(start, date_from), min(end, date_to), power))
    return periods


def power_at(changes, day):
    """Power in force on ``day`` (0.0 when none is)."""
    power = 0.0
    for start, value in sorted(changes):
        if start > day:
            break
        power = value
    return power


def decrease_violation(changes, date_start, power_kw):
    """Check a change of power against the decrease rule.

    ``changes`` are the other changes of the sub-station, as ``(date_start, power_kw)``.
    Returns None when the change is allowed, else a tuple:
    ``("ratio", previous_kw, minimum_drop_kw)`` when the decrease is under 20 %, or
    ``("interval", other_decrease_date, earliest_date)`` when another decrease takes
    effect less than two years before or after this one.
    """
    previous = [(start, power) for start, power in changes if start < date_start]
    if not previous:
        return None
    previous_kw = power_at(previous, date_start)
    if power_kw >= previous_kw:
        return None
    drop = previous_kw - power_kw
    minimum = previous_kw * MIN_DECREASE_RATIO
    if drop < minimum - 1e-9:
        return ("ratio", previous_kw, minimum)
    for other_start in _decrease_dates([*changes, (date_start, power_kw)]):
        if other_start == date_start:
            continue
        earlier, later = sorted((other_start, date_start))
        if later < add_years(earlier, DECREASE_INTERVAL_YEARS):
            return (
                "interval",
                other_start,
                add_years(earlier, DECREASE_INTERVAL_YEARS),
            )
    return None


def _decrease_dates(changes):
    """Dates at which the power went down."""
    ordered = sorted(changes)
    return [
        ordered[i][0]
        for i in range(1, len(ordered))
        if ordered[i][1] < ordered[i - 1][1]
    ]
