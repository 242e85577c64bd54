"""Early termination of a heat subscription: the compensation the network's rule asks
of a subscriber who terminates before the end of the minimum commitment.

Plain functions on plain values; amounts are unrounded (the invoice line rounds once).
"""

import calendar
from datetime import date, timedelta
from typing import NamedTuple

from .tariff import months

NONE = "none"
FIXED = "fixed"
R2_SHARE = "r2_share"


class Compensation(NamedTuple):
    """What an early termination owes: ``amount`` (€ HT) and how it is computed."""

    amount: float
    commitment_end: date | None
    months: float


def commitment_end(date_start, years):
    """The last day of a commitment of ``years`` whole years from ``date_start``
    (5 years from 1 January 2024 end on 31 December 2028); None without one."""
    if not years or years <= 0:
        return None
    year = date_start.year + years
    # a start on 29 February is followed, in a common year, from 28 February
    day = min(date_start.day, calendar.monthrange(year, date_start.month)[1])
    return date(year, date_start.month, day) - timedelta(days=1)


def remaining_months(date_end, commitment_last_day):
    """The months of the commitment left after the subscription's last day
    ``date_end``, partial months counted in days as the R2 is; 0 when the
    commitment is over (or there is none)."""
    if not commitment_last_day or date_end >= commitment_last_day:
        return 0.0
    return months(date_end + timedelta(days=1), commitment_last_day)


def compensation(
    rule,
    date_start,
    date_end,
    years,
    power_kw=0.0,
    r2_per_kw_year=0.0,
    rate=0.0,
    fixed_amount=0.0,
):
    """The compensation of a subscription started on ``date_start`` and terminated
    after ``date_end`` under a commitment of ``years``:

    - ``none``: nothing;
    - ``fixed``: ``fixed_amount``, whatever the time left;
    - ``r2_share``: ``rate`` times the R2 still due until the end of the commitment,
      ``power_kw`` at ``r2_per_kw_year`` a year pro rata temporis.

    Nothing once the commitment is over."""
    last_day = commitment_end(date_start, years)
    left = remaining_months(date_end, last_day)
    if rule == NONE or not left:
        return Compensation(0.0, last_day, left)
    if rule == FIXED:
        return Compensation(fixed_amount, last_day, left)
    if rule == R2_SHARE:
        return Compensation(
            power_kw * r2_per_kw_year / 12 * left * rate, last_day, left
        )
    raise ValueError(f"unknown compensation rule {rule!r}")
