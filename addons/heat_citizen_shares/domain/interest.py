"""Interest on shares, on plain values.

A cooperative may pay its members an interest on their paid-up shares, at a rate voted
by the general meeting for a financial year, capped by law (loi 47-1775 art. 14: the
average rate of return of the bonds of private companies (TMO) over the three calendar
years before the meeting, plus two points). The interest runs pro rata of the days the
shares were held: a share counts for a day when it is held at the end of that day (an
acquisition counts from its date, a share that leaves does not count on the day it
leaves).

A natural person resident in France bears, withheld at source by the cooperative, the
non-discharging flat-rate levy (PFNL, CGI art. 117 quater, 12.8 %) unless they asked to
be exempted (CGI art. 242 quater), and the social levies (17.2 %), which no exemption
removes; a legal person bears neither. Each amount is rounded to the cent and the net
is the gross less the rounded withholdings, so that the figures add up on the entry
and on the tax return.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

CENT = Decimal("0.01")
LEGAL_CAP_MARGIN = Decimal(2)


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_cent(value):
    """Half up to the cent, as on a French pay slip or tax return."""
    return _dec(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class HoldingPeriod:
    """``shares`` shares of nominal value ``nominal`` held from ``date_from`` to
    ``date_to``, both included."""

    shares: int
    nominal: float
    date_from: Date
    date_to: Date

    @property
    def days(self):
        return (self.date_to - self.date_from).days + 1

    @property
    def capital_days(self):
        return _dec(self.shares) * _dec(self.nominal) * self.days


def days_in_year(date_from):
    """Days of the twelve months starting on ``date_from``: 366 when they hold a 29
    February, else 365. An annual rate applied for that many days gives the whole
    rate."""
    return (date_from + relativedelta(years=1) - date_from).days


def holding_periods(movements, nominal, date_from, date_to):
    """The periods of ``[date_from, date_to]`` during which the holder held a constant
    positive number of shares of one class.

    ``movements`` are ``(date, signed quantity)`` of one holder in one class, in any
    order, those before ``date_from`` included (they make the opening holding);
    movements after ``date_to`` are ignored."""
    opening = sum(qty for day, qty in movements if day < date_from)
    changes = defaultdict(int)
    for day, qty in movements:
        if date_from <= day <= date_to:
            changes[day] += qty
    periods = []
    shares, start = opening, date_from
    for day in sorted(changes):
        if not changes[day]:
            continue
        if day > start and shares > 0:
            periods.append(
                HoldingPeriod(shares, nominal, start, day - timedelta(days=1))
            )
        shares += changes[day]
        start = day
    if shares > 0:
        periods.append(HoldingPeriod(shares, nominal, start, date_to))
    return periods


def capital_days(periods):
    """Sum of shares x nominal x days over the periods (``Decimal``)."""
    return sum((period.capital_days for period in periods), Decimal(0))


def interest_pro_rata(periods, rate, year_days):
    """Gross interest at the annual ``rate`` (in %) on the shares of ``periods``,
    pro rata of their days over ``year_days``, rounded to the cent once for the
    holder (``Decimal``)."""
    if not year_days:
        raise ValueError("A year has days.")
    exact = capital_days(periods) * _dec(rate) / Decimal(100) / Decimal(year_days)
    return round_cent(exact)


def cap_rate_from_tmo(tmo_average):
    """The legal cap for a TMO average of the three calendar years before the
    meeting: that average plus two points."""
    return _dec(tmo_average) + LEGAL_CAP_MARGIN


@dataclass(frozen=True)
class CapCheck:
    rate: Decimal
    cap_rate: Decimal
    excess: Decimal

    @property
    def within_cap(self):
        return self.excess <= 0


def check_cap(rate, cap_rate):
    """The voted ``rate`` against the ``cap_rate`` (both in %): the figures, and by
    how many points the rate exceeds the cap (zero or negative when within)."""
    rate, cap_rate = _dec(rate), _dec(cap_rate)
    return CapCheck(rate, cap_rate, rate - cap_rate)


@dataclass(frozen=True)
class Withholding:
    gross: Decimal
    pfnl: Decimal
    social: Decimal
    net: Decimal


def withholding_split(
    gross, pfnl_rate=12.8, social_rate=17.2, exempt=False, legal_person=False
):
    """Split the ``gross`` interest of one holder: the PFNL (none when the holder is
    ``exempt`` of it), the social levies, and the net paid. A ``legal_person`` bears
    neither. Each withholding is rounded to the cent, the net is the rest."""
    gross = round_cent(gross)
    if legal_person:
        return Withholding(gross, Decimal("0.00"), Decimal("0.00"), gross)
    pfnl = Decimal("0.00") if exempt else round_cent(gross * _dec(pfnl_rate) / 100)
    social = round_cent(gross * _dec(social_rate) / 100)
    return Withholding(gross, pfnl, social, gross - pfnl - social)


def exemption_applies(exempt, request_year, payment_year):
    """An exemption from the PFNL asked in year N (by 30 November) covers the income
    paid in year N + 1 only."""
    return bool(exempt and request_year and int(request_year) == payment_year - 1)
