# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The period a new billing run proposes.

Plain functions on plain dates; periods are ``(date_from, date_to)``, both included.
"""

from datetime import date, timedelta

MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def period_end(day, frequency):
    """The last day of the month, quarter or year (``frequency``) holding ``day``."""
    months = MONTHS[frequency]
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    if last_month == 12:
        return date(day.year, 12, 31)
    return date(day.year, last_month + 1, 1) - timedelta(days=1)


def period_start(day, frequency):
    """The first day of the month, quarter or year (``frequency``) holding ``day``."""
    months = MONTHS[frequency]
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def next_period(last_end, frequency, today):
    """The period of the next run: from the day after ``last_end`` (the end of the
    latest run) to the end of that month, quarter or year; with no run yet, the
    calendar month, quarter or year before the one of ``today``."""
    if last_end:
        start = last_end + timedelta(days=1)
        return start, period_end(start, frequency)
    end = period_start(today, frequency) - timedelta(days=1)
    return period_start(end, frequency), end
