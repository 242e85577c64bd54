# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The subscriber's consumption chart, on plain values: its months and its bars."""

import calendar
from datetime import date, timedelta


def last_months(today, count):
    """The ``count`` whole months before ``today``'s, oldest first, as ``(first
    day, last day)``."""
    months = []
    first = today.replace(day=1)
    for _i in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        months.append((first, last))
    return months[::-1]


def year_before(month):
    """The same month a year earlier."""
    first, _last = month
    first = date(first.year - 1, first.month, 1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def within(month, date_start, date_end):
    """Whether the whole ``month`` lies in a subscription running from
    ``date_start`` to ``date_end`` (open when empty)."""
    first, last = month
    return date_start <= first and (not date_end or last <= date_end)


def bars(series, width, height, gap=2):
    """Bars of ``series`` (lists of numbers or ``None``, one list per kind, each as
    long as the others) side by side per month, scaled to the highest value:
    ``[(kind, index, x, y, bar_width, bar_height)]`` in a ``width`` x ``height``
    box, ``y`` from the top (SVG). Nothing for a ``None``."""
    values = [v for values in series for v in values if v is not None]
    top = max(values, default=0)
    if not top or not series:
        return []
    months = len(series[0])
    slot = width / months
    bar = max((slot - gap) / len(series), 1)
    result = []
    for kind, values in enumerate(series):
        for index, value in enumerate(values):
            if value is None:
                continue
            bar_height = height * value / top
            result.append(
                (
                    kind,
                    index,
                    round(index * slot + kind * bar, 2),
                    round(height - bar_height, 2),
                    round(bar, 2),
                    round(bar_height, 2),
                )
            )
    return result
