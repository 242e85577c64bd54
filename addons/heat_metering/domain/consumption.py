# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Consumption of a sub-station (or a plant meter) over a period from index readings.

The readings of a sub-station, whatever meter took them, make one continuous
cumulative energy curve:

* on the same meter, the energy between two readings is the index difference; an index
  lower than the previous one is a rollover when the meter's maximum index is known
  (``max - previous + current``), otherwise an anomaly (counted 0, with a warning);
* at a meter swap the old meter's last index and the new meter's first index are the
  same instant of the curve (nothing is lost or counted twice).

The curve is read at the period's bounds by interpolation between the surrounding
readings, linearly in time or in proportion to the degree-days ("proration"). A bound
after the last reading (or before the first) is extrapolated with an estimator and the
result is flagged as estimated.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

ZERO = Decimal(0)


class Point(NamedTuple):
    timestamp: datetime
    meter: object
    index: Decimal
    is_estimate: bool = False


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def cumulative(points, rollovers=None):
    """Return ``(curve, warnings)``: ``curve`` lists ``(timestamp, energy)`` with
    energy counted from the first point, across swaps and rollovers."""
    rollovers = rollovers or {}
    curve, warnings = [], []
    total = ZERO
    previous = None
    for point in points:
        if previous is not None and point.meter == previous.meter:
            delta = _dec(point.index) - _dec(previous.index)
            if delta < 0:
                maximum = rollovers.get(point.meter)
                if maximum:
                    delta += _dec(maximum)
                else:
                    warnings.append(
                        f"index of meter {point.meter} decreases from {previous.index} "
                        f"to {point.index} on {point.timestamp:%Y-%m-%d %H:%M} "
                        "without a recorded swap or rollover: not counted"
                    )
                    delta = ZERO
            total += delta
        curve.append((point.timestamp, total))
        previous = point
    return curve, warnings


def linear_weight(start, end):
    return Decimal((end - start).total_seconds())


def degree_day_weight(daily):
    """A weight function prorating by the degree-days ``daily`` (``{date: dju}``);
    a fraction of day counts its fraction of the day's degree-days."""

    def weight(start, end):
        if end <= start:
            return ZERO
        total = ZERO
        day = start.date()
        while datetime.combine(day, datetime.min.time()) < end:
            day_start = datetime.combine(day, datetime.min.time())
            day_end = day_start + timedelta(days=1)
            overlap = (min(end, day_end) - max(start, day_start)).total_seconds()
            if overlap > 0:
                total += _dec(daily.get(day, 0)) * Decimal(overlap) / Decimal(86400)
            day += timedelta(days=1)
        return total

    return weight


def share(start, end, cut, weight):
    """Fraction of the interval ``[start, end]`` lying before ``cut``."""
    if cut <= start:
        return ZERO
    if cut >= end:
        return Decimal(1)
    whole = weight(start, end)
    if whole <= 0:  # e.g. no degree-day in summer: fall back to time
        whole, part = linear_weight(start, end), linear_weight(start, cut)
    else:
        part = weight(start, cut)
    return part / whole


def value_at(curve, moment, weight):
    """Energy of the curve at ``moment``; None when outside the readings."""
    if not curve or moment < curve[0][0] or moment > curve[-1][0]:
        return None
    for (t0, e0), (t1, e1) in zip(curve, curve[1:], strict=False):
        if t0 <= moment <= t1:
            if t1 == t0:
                return e1
            return e0 + (e1 - e0) * share(t0, t1, moment, weight)
    return curve[-1][1]


def consumption(
    points,
    date_from,
    date_to,
    weight=linear_weight,
    rollovers=None,
    estimator=None,
):
    """Energy (kWh, Decimal) between ``date_from`` and ``date_to`` (datetimes).

    ``points`` are :class:`Point` sorted by time, around and inside the period.
    ``estimator(start, end)`` returns the kWh expected between two datetimes (from the
    degree-days and a reference consumption); it is used when a bound lies outside the
    readings. Returns a dict with ``kwh``, ``estimated``, ``index_start``,
    ``date_start``, ``index_end``, ``date_end``, ``meters``, ``warnings``.
    """
    points = sorted(points, key=lambda p: p.timestamp)
    result = {
        "kwh": ZERO,
        "estimated": False,
        "index_start": 0.0,
        "date_start": None,
        "index_end": 0.0,
        "date_end": None,
        "meters": [],
        "warnings": [],
    }
    if not points:
        if estimator is not None:
            result["kwh"] = _dec(estimator(date_from, date_to))
            result["estimated"] = True
            result["warnings"].append("no reading: consumption estimated")
        else:
            result["warnings"].append("no reading")
        return result
    curve, warnings = cumulative(points, rollovers)
    result["warnings"] += warnings
    before = [p for p in points if p.timestamp <= date_from]
    after = [p for p in points if p.timestamp >= date_to]
    inside = [p for p in points if date_from <= p.timestamp <= date_to]
    start_point = before[-1] if before else points[0]
    end_point = after[0] if after else points[-1]
    result.update(
        index_start=float(start_point.index),
        date_start=start_point.timestamp,
        index_end=float(end_point.index),
        date_end=end_point.timestamp,
    )
    used = [start_point, *inside, end_point]
    for point in used:
        if point.meter not in result["meters"]:
            result["meters"].append(point.meter)
    result["estimated"] = any(p.is_estimate for p in used)

    def energy_at(moment):
        value = value_at(curve, moment, weight)
        if value is not None:
            return value
        if estimator is None:
            edge = curve[0] if moment < curve[0][0] else curve[-1]
            result["warnings"].append(
                f"no reading {'before' if moment < curve[0][0] else 'after'} "
                f"{moment:%Y-%m-%d %H:%M}: period cut at the reading of "
                f"{edge[0]:%Y-%m-%d %H:%M}"
            )
            return edge[1]
        result["estimated"] = True
        if moment < curve[0][0]:
            result["warnings"].append(
                f"no reading before {moment:%Y-%m-%d}: start estimated"
            )
            return curve[0][1] - _dec(estimator(moment, curve[0][0]))
        result["warnings"].append(
            f"no reading after {curve[-1][0]:%Y-%m-%d}: end estimated"
        )
        return curve[-1][1] + _dec(estimator(curve[-1][0], moment))

    kwh = energy_at(date_to) - energy_at(date_from)
    result["kwh"] = kwh.quantize(Decimal("0.001"))
    return result


def estimate_kwh(period_dju, reference_kwh, reference_dju, base_kwh=ZERO):
    """Expected consumption for a period of ``period_dju`` degree-days, from a reference
    (same period last year, or the building's estimated yearly need and the yearly
    normal DJU): ``base + reference_kwh * period_dju / reference_dju``."""
    period_dju, reference_kwh, reference_dju = map(
        _dec, (period_dju, reference_kwh, reference_dju)
    )
    if reference_dju <= 0:
        return _dec(base_kwh)
    return _dec(base_kwh) + reference_kwh * period_dju / reference_dju
