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

A period's bounds are local midnights (:func:`local_bounds`). Each bound is a real
reading whenever one is near enough (ADR 0034): the reading exactly at the bound, else
the nearest real reading within the network's tolerance, which then *is* the bound (its
own timestamp and index, no proration). The choice depends only on the readings and
the bound, so the end of a period and the start of the next take the same reading:
nothing is lost or counted twice, and the energy is the difference of the two indexes.

Only beyond the tolerance is the curve read at the bound by interpolation between the
surrounding readings (linearly in time or in proportion to the degree-days), or
extrapolated with an estimator after the last reading (before the first); the bound
and the result are then flagged as estimated, with a warning per bound.

Warnings are codes with parameters (:class:`Notice`), put in words by the caller in
the user's language.
"""

from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

ZERO = Decimal(0)
KWH = Decimal("0.001")  # energies are counted to the Wh, as the indexes are stored
NO_TOLERANCE = timedelta(0)


class Point(NamedTuple):
    """A reading. ``more``: the ids of readings that follow it, left out because
    they add nothing to the curve (same meter, index not decreasing), in time
    order; they count among the readings a period uses when this one and the next
    point do."""

    timestamp: datetime
    meter: object
    index: Decimal
    is_estimate: bool = False
    id: int | None = None
    more: list | None = None


class Notice(NamedTuple):
    """A warning: ``code`` names it, ``params`` are plain values (datetimes are naive
    UTC, indexes Decimal) for the caller to put in words."""

    code: str
    params: dict


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


# ---------------------------------------------------------------- local days


def local_midnight(day, tz):
    """Naive UTC datetime of the local midnight starting ``day`` in ``tz`` (a name);
    ``tz`` empty means UTC."""
    if not tz or tz == "UTC":
        return datetime.combine(day, time.min)
    local = datetime.combine(day, time.min, tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC).replace(tzinfo=None)


def local_date(moment, tz):
    """The local day of the naive UTC datetime ``moment`` in ``tz``."""
    if not tz or tz == "UTC":
        return moment.date()
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).date()


def local_bounds(date_from, date_to, tz):
    """Naive UTC datetimes of the period of local days ``date_from`` to ``date_to``
    included: the local midnight starting ``date_from`` and the one ending
    ``date_to``. Datetimes are taken as they are (UTC)."""
    if not isinstance(date_from, datetime):
        date_from = local_midnight(date_from, tz)
    if not isinstance(date_to, datetime) and isinstance(date_to, date):
        date_to = local_midnight(date_to + timedelta(days=1), tz)
    return date_from, date_to


# ---------------------------------------------------------------- the curve


def cumulative(points, rollovers=None):
    """Return ``(curve, warnings)``: ``curve`` lists ``(timestamp, energy)`` with
    energy counted from the first point, across swaps and rollovers."""
    rollovers = rollovers or {}
    curve, warnings = [], []
    total = ZERO
    previous = previous_index = None
    for point in points:
        index = _dec(point.index)
        if previous is not None and point.meter == previous.meter:
            delta = index - previous_index
            if delta < 0:
                maximum = rollovers.get(point.meter)
                if maximum:
                    delta += _dec(maximum)
                else:
                    warnings.append(
                        Notice(
                            "index_decrease",
                            {
                                "meter": point.meter,
                                "previous": previous_index,
                                "index": index,
                                "timestamp": point.timestamp,
                            },
                        )
                    )
                    delta = ZERO
            total += delta
        curve.append((point.timestamp, total))
        previous, previous_index = point, index
    return curve, warnings


def linear_weight(start, end):
    return Decimal((end - start).total_seconds())


def degree_day_weight(daily, tz=None):
    """A weight function prorating by the degree-days ``daily`` (``{date: dju}``, local
    days of ``tz``); a fraction of day counts its fraction of the day's degree-days (a
    23 or 25-hour day at a change of daylight saving time included)."""

    def weight(start, end):
        if end <= start:
            return ZERO
        total = ZERO
        day = local_date(start, tz)
        day_start = local_midnight(day, tz)
        while day_start < end:
            following = day + timedelta(days=1)
            day_end = local_midnight(following, tz)
            overlap = (min(end, day_end) - max(start, day_start)).total_seconds()
            if overlap > 0:
                length = Decimal((day_end - day_start).total_seconds())
                total += _dec(daily.get(day, 0)) * Decimal(overlap) / length
            day, day_start = following, day_end
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


def _segment(curve, moment):
    """Position ``i`` of the curve with ``curve[i] <= moment <= curve[i + 1]``."""
    for position in range(len(curve) - 1):
        if curve[position][0] <= moment <= curve[position + 1][0]:
            return position
    return None


def value_at(curve, moment, weight):
    """Energy of the curve at ``moment``; None when outside the readings."""
    if not curve or moment < curve[0][0] or moment > curve[-1][0]:
        return None
    position = _segment(curve, moment)
    if position is None:
        return curve[-1][1]
    (t0, e0), (t1, e1) = curve[position], curve[position + 1]
    if t1 == t0:
        return e1
    return e0 + (e1 - e0) * share(t0, t1, moment, weight)


# ---------------------------------------------------------------- the bounds


def _timestamp(point):
    return point.timestamp


def bound_reading(points, moment, tolerance=NO_TOLERANCE, side="end"):
    """Position in ``points`` (sorted by time) of the real reading that is the bound
    at ``moment``: the nearest real (not estimated) reading within ``tolerance``,
    exactly at ``moment`` first; None when there is none.

    Ties are broken the same way every time: at equal distance the earlier reading;
    at one timestamp (a meter swap) the first point ends a period and the last one
    starts the next, so both periods meet on the same instant of the curve."""
    best, best_key = None, None
    first = bisect_left(points, moment - tolerance, key=_timestamp)
    last = bisect_right(points, moment + tolerance, key=_timestamp)
    for position in range(first, last):
        point = points[position]
        if point.is_estimate:
            continue
        distance = abs(point.timestamp - moment)
        key = (distance, point.timestamp)
        if best is None or key < best_key or (key == best_key and side == "start"):
            best, best_key = position, key
    return best


def _index_at(points, curve, position, energy, rollovers):
    """Index, on the meter of ``points[position]``, of the curve's ``energy``."""
    point = points[position]
    index = _dec(point.index) + energy - curve[position][1]
    maximum = rollovers.get(point.meter)
    if maximum and index >= _dec(maximum):
        index -= _dec(maximum)
    return index


def consumption(
    points,
    date_from,
    date_to,
    weight=linear_weight,
    rollovers=None,
    estimator=None,
    tolerance=NO_TOLERANCE,
):
    """Energy (kWh, Decimal) between ``date_from`` and ``date_to`` (datetimes).

    ``points`` are :class:`Point` sorted by time, around and inside the period.
    ``tolerance`` (a timedelta) is how far from a bound a real reading may be to be
    taken as the bound. ``estimator(start, end)`` returns the kWh expected between two
    datetimes (from the degree-days and a reference consumption); it is used when a
    bound lies outside the readings.

    Returns a dict: ``kwh``; ``estimated`` (a bound is estimated or an estimated
    reading is used); per bound ``index_start``/``date_start``/``meter_start``/
    ``estimated_start``/``reading_start`` (and ``_end``): the reading's own index,
    timestamp and meter when the bound is a real reading, else the estimated index at
    the bound; ``reading_start`` is the id of the reading at the bound or of the one
    the estimate starts from (before the start, after the end when the curve goes
    on); ``reading_ids`` lists the ids of the readings from ``reading_start`` to
    ``reading_end``; ``meters``; ``warnings`` (:class:`Notice`).

    ``kwh == index_end - index_start`` whenever both bounds are real readings of one
    meter (without rollover between).
    """
    rollovers = rollovers or {}
    points = sorted(points, key=lambda p: p.timestamp)
    result = {
        "kwh": ZERO,
        "estimated": False,
        "index_start": 0.0,
        "date_start": None,
        "meter_start": None,
        "estimated_start": False,
        "reading_start": None,
        "index_end": 0.0,
        "date_end": None,
        "meter_end": None,
        "estimated_end": False,
        "reading_end": None,
        "reading_ids": [],
        "meters": [],
        "warnings": [],
    }
    days = Decimal(tolerance.total_seconds()) / 86400
    if not points:
        if estimator is not None:
            result["kwh"] = _dec(estimator(date_from, date_to)).quantize(KWH)
            result.update(estimated=True, estimated_start=True, estimated_end=True)
            result["warnings"].append(Notice("no_reading_estimated", {}))
        else:
            result["warnings"].append(Notice("no_reading", {}))
        return result
    curve, warnings = cumulative(points, rollovers)
    result["warnings"] += warnings

    def bound(moment, side):
        """``(energy, index, timestamp, position, estimated)`` at one bound."""
        position = bound_reading(points, moment, tolerance, side)
        if position is not None:
            point = points[position]
            return (
                curve[position][1],
                _dec(point.index),
                point.timestamp,
                position,
                False,
            )
        params = {"bound": moment, "days": days}
        first, last = curve[0][0], curve[-1][0]
        if first <= moment <= last:
            energy = value_at(curve, moment, weight).quantize(KWH)
            before = _segment(curve, moment)
            after = before + 1
            # the index on the meter that runs at the bound (after a swap, the new)
            own = before if points[before].meter == points[after].meter else after
            index = _index_at(points, curve, own, energy, rollovers)
            params.update(
                index=index,
                before=points[before].timestamp,
                after=points[after].timestamp,
            )
            result["warnings"].append(Notice(f"{side}_interpolated", params))
            framing = before if side == "start" else after
            return energy, index, moment, framing, True
        edge = 0 if moment < first else len(points) - 1
        params["reading"] = points[edge].timestamp
        if estimator is None:
            params["index"] = _dec(points[edge].index)
            result["warnings"].append(Notice(f"{side}_cut", params))
            return (
                curve[edge][1],
                _dec(points[edge].index),
                points[edge].timestamp,
                edge,
                True,
            )
        if edge == 0:
            energy = curve[0][1] - _dec(estimator(moment, first))
        else:
            energy = curve[-1][1] + _dec(estimator(last, moment))
        energy = energy.quantize(KWH)
        index = _index_at(points, curve, edge, energy, rollovers)
        params["index"] = index
        result["warnings"].append(Notice(f"{side}_extrapolated", params))
        return energy, index, moment, edge, True

    e_start, i_start, t_start, p_start, est_start = bound(date_from, "start")
    e_end, i_end, t_end, p_end, est_end = bound(date_to, "end")
    used = points[p_start : p_end + 1] if p_end >= p_start else [points[p_start]]
    for point in used:
        if point.meter not in result["meters"]:
            result["meters"].append(point.meter)
    result.update(
        kwh=(e_end - e_start).quantize(KWH),
        estimated=est_start or est_end or any(p.is_estimate for p in used),
        index_start=float(i_start),
        date_start=t_start,
        meter_start=points[p_start].meter,
        estimated_start=est_start,
        reading_start=points[p_start].id,
        index_end=float(i_end),
        date_end=t_end,
        meter_end=points[p_end].meter,
        estimated_end=est_end,
        reading_end=points[p_end].id,
        reading_ids=[
            reading
            for position, point in enumerate(used, 1)
            for reading in (
                (point.id, *point.more)
                if point.more and position < len(used)
                else (point.id,)
            )
            if reading is not None
        ],
    )
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
