# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Heating and cooling degree-days (DJU), Météo-France and COSTIC methods.

Computations use :class:`~decimal.Decimal` from the temperatures' decimal text so that
published vectors come out exactly (``3.328``, not ``3.3280000000000003``).
"""

import calendar
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

BASE = Decimal("18")
METHODS = ("meteo", "costic")
_PRECISION = Decimal("0.0001")
_A = Decimal("0.08")
_B = Decimal("0.42")
_TWO = Decimal("2")


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _out(value):
    return value.quantize(_PRECISION, rounding=ROUND_HALF_UP).normalize() + 0


def meteo_heating(tn, tx, base=BASE):
    """Météo-France: max(0, base - (Tn + Tx) / 2)."""
    tn, tx, base = _dec(tn), _dec(tx), _dec(base)
    return _out(max(Decimal(0), base - (tn + tx) / _TWO))


def meteo_cooling(tn, tx, base=BASE):
    """Météo-France cooling degree-days: max(0, (Tn + Tx) / 2 - base)."""
    tn, tx, base = _dec(tn), _dec(tx), _dec(base)
    return _out(max(Decimal(0), (tn + tx) / _TWO - base))


def costic_heating(tn, tx, base=BASE):
    """COSTIC ("professionnels de l'énergie") heating degree-days."""
    tn, tx, base = _dec(tn), _dec(tx), _dec(base)
    if tx <= base:
        return _out(base - (tn + tx) / _TWO)
    if tn >= base:
        return _out(Decimal(0))
    return _out((base - tn) * (_A + _B * (base - tn) / (tx - tn)))


def costic_cooling(tn, tx, base=BASE):
    """COSTIC cooling degree-days, the mirror of :func:`costic_heating`."""
    tn, tx, base = _dec(tn), _dec(tx), _dec(base)
    if tn >= base:
        return _out((tn + tx) / _TWO - base)
    if tx <= base:
        return _out(Decimal(0))
    return _out((tx - base) * (_A + _B * (tx - base) / (tx - tn)))


def heating_degree_days(tn, tx, method="meteo", base=BASE):
    if method == "meteo":
        return meteo_heating(tn, tx, base)
    if method == "costic":
        return costic_heating(tn, tx, base)
    raise ValueError(f"unknown degree-day method {method!r} (meteo or costic)")


def sum_degree_days(days, method="meteo", base=BASE):
    """Sum the heating degree-days of ``days``, an iterable of ``(date, tn, tx)``."""
    return sum(
        (heating_degree_days(tn, tx, method, base) for _day, tn, tx in days),
        Decimal(0),
    )


def daily_degree_days(days, method="meteo", base=BASE):
    """``{date: dju}`` for an iterable of ``(date, tn, tx)``."""
    return {day: heating_degree_days(tn, tx, method, base) for day, tn, tx in days}


def monthly_normals(days, method="meteo", base=BASE, min_years=1):
    """Monthly normal DJU (mean of each calendar month over the complete years given).

    Returns ``{month: Decimal}``; a month is kept when at least ``min_years`` complete
    months of data exist for it.
    """
    per_month = defaultdict(lambda: defaultdict(list))
    for day, tn, tx in days:
        per_month[day.month][day.year].append(heating_degree_days(tn, tx, method, base))
    normals = {}
    for month, years in per_month.items():
        complete = [
            sum(values, Decimal(0))
            for year, values in years.items()
            if len(values) == calendar.monthrange(year, month)[1]
        ]
        if len(complete) >= min_years:
            normals[month] = _out(sum(complete, Decimal(0)) / len(complete))
    return normals


def normal_degree_days(normals, date_from, date_to):
    """Normal DJU over ``[date_from, date_to]`` (inclusive days) from monthly normals,
    each month's normal spread evenly over its days."""
    total = Decimal(0)
    day = date_from
    while day <= date_to:
        month_days = calendar.monthrange(day.year, day.month)[1]
        last = min(date_to, date(day.year, day.month, month_days))
        count = (last - day).days + 1
        total += _dec(normals.get(day.month, 0)) * count / month_days
        day = last + timedelta(days=1)
    return _out(total)


def normalised(kwh, dju, normal_dju):
    """``kwh`` consumed over ``dju`` degree-days brought to a normal climate of
    ``normal_dju``: the heating scales with the degree-days. ``None`` when the
    period has no degree-day or no normal to compare with."""
    if not dju or not normal_dju or kwh is None:
        return None
    return _out(_dec(kwh) * _dec(normal_dju) / _dec(dju))
