# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import fields, models
from odoo.tools import SQL

from ..bulk import paused_gc, without_jit
from ..domain import consumption as cons

DEFAULT_TZ = "Europe/Paris"
# a period that no reading frames: no consumption can be said for it
UNMEASURED = {"no_reading", "start_cut", "end_cut"}


def _bounds(date_from, date_to, tz=DEFAULT_TZ):
    """Naive UTC datetimes of a period: dates are local days of ``tz`` (the period
    runs from the local midnight starting ``date_from`` to the one ending ``date_to``),
    datetimes are taken as they are (UTC); see ADR 0034."""

    def parse(value):
        if isinstance(value, str):
            if len(value) > 10:
                return fields.Datetime.to_datetime(value)
            return fields.Date.to_date(value)
        return value

    return cons.local_bounds(parse(date_from), parse(date_to), tz)


def _time_then_id(point):
    return point.timestamp, point.id


class HeatSubstation(models.Model):
    _inherit = "heat.substation"

    reading_ids = fields.One2many(
        "heat.meter.reading", "substation_id", string="Readings"
    )

    def unlink(self):
        # what ON DELETE SET NULL did before the foreign key was dropped (ADR 0033)
        self.env["heat.meter.reading"]._heat_release("substation_id", self.ids)
        return super().unlink()

    def _heat_points(self, windows, key="substation_id", interiors=None):
        """Readings around and inside each window per sub-station (or meter):
        ``windows`` is ``{id: (start, end)}``; the last reading before the window,
        all inside, the first after; one query.

        ``interiors`` (``{id: (start, end)}``, within the windows) are spans where
        the readings in between add nothing to the curve when they are all real,
        on one meter and their index never decreases: then only the first and the
        last are read, and the ids of the others are the ``more`` of the first.
        Otherwise every reading of the span is read."""
        if not windows:
            return {}, {}
        self.env["heat.meter.reading"].flush_model()
        self.env["heat.meter"].flush_model(["heat_rollover_kwh"])
        column = SQL.identifier(key)
        ids = list(windows)
        # an empty span (its start after its end) where a window has none
        spans = [(interiors or {}).get(i, (windows[i][1], windows[i][0])) for i in ids]
        # the owner, then the fields of a Point in their order (numeric: Decimal)
        columns = SQL(
            "r.%(col)s, r.timestamp, r.meter_id, r.energy_kwh, "
            "r.is_estimate IS TRUE, r.id",
            col=column,
        )
        readings = SQL(
            "heat_meter_reading r WHERE r.%(col)s = w.id AND r.state != 'rejected'",
            col=column,
        )
        # one index range per window, before / inside / after (planner-proof: a
        # join of the windows with the readings was planned from the statistics as
        # a scan of every reading, or of every meter per window); sorted below.
        # A span is plain when its readings are 2 or more, real, of one meter,
        # their indexes in time order also in increasing order.
        inside = SQL("r.timestamp > w.a AND r.timestamp < w.b")
        query = SQL(
            """
            SELECT p.*
              FROM unnest(%(ids)s::int[], %(starts)s::timestamp[],
                          %(ends)s::timestamp[], %(firsts)s::timestamp[],
                          %(lasts)s::timestamp[]) AS w(id, lo, hi, a, b)
             CROSS JOIN LATERAL (
                SELECT count(*) >= 2
                       AND min(r.meter_id) = max(r.meter_id)
                       AND NOT bool_or(r.is_estimate IS TRUE)
                       AND array_agg(r.energy_kwh ORDER BY r.timestamp, r.id)
                         = array_agg(r.energy_kwh
                                     ORDER BY r.energy_kwh, r.timestamp, r.id)
                       AS plain,
                       (array_agg(r.id ORDER BY r.timestamp, r.id))[2:count(*) - 1]
                       AS between
                  FROM %(readings)s AND %(inside)s
             ) s
             CROSS JOIN LATERAL (
                (SELECT %(columns)s, NULL::int[] FROM %(readings)s
                    AND r.timestamp < w.lo
                  ORDER BY r.timestamp DESC, r.id DESC LIMIT 1)
                UNION ALL
                (SELECT %(columns)s, NULL::int[] FROM %(readings)s
                    AND r.timestamp BETWEEN w.lo AND w.hi AND r.timestamp <= w.a
                 OFFSET 0)
                UNION ALL
                (SELECT %(columns)s, NULL::int[] FROM %(readings)s
                    AND r.timestamp BETWEEN w.b AND w.hi AND r.timestamp > w.a
                 OFFSET 0)
                UNION ALL
                (SELECT %(columns)s, NULL::int[] FROM %(readings)s
                    AND %(inside)s AND s.plain IS NOT TRUE
                 OFFSET 0)
                UNION ALL
                (SELECT %(columns)s, s.between FROM %(readings)s
                    AND %(inside)s AND s.plain
                  ORDER BY r.timestamp, r.id LIMIT 1)
                UNION ALL
                (SELECT %(columns)s, NULL::int[] FROM %(readings)s
                    AND %(inside)s AND s.plain
                  ORDER BY r.timestamp DESC, r.id DESC LIMIT 1)
                UNION ALL
                (SELECT %(columns)s, NULL::int[] FROM %(readings)s
                    AND r.timestamp > w.hi
                  ORDER BY r.timestamp, r.id LIMIT 1)
             ) p
            """,
            ids=ids,
            starts=[windows[i][0] for i in ids],
            ends=[windows[i][1] for i in ids],
            firsts=[span[0] for span in spans],
            lasts=[span[1] for span in spans],
            columns=columns,
            readings=readings,
            inside=inside,
        )
        with without_jit(self.env.cr):
            rows = self.env.execute_query(query)
        # a row per reading that shapes the curve (about 17 for a month of a daily
        # read sub-station, with 3 days of tolerance): a Point made of the row
        points, make = defaultdict(list), cons.Point._make
        for row in rows:
            points[row[0]].append(make(row[1:]))
        meters = {row[2] for row in rows}
        for owned in points.values():
            owned.sort(key=_time_then_id)
        # the meters' rollovers apart: joined to the readings, a meters table whose
        # statistics predate its rows (a network just created) was planned as a
        # scan of every meter for the reading before and after each window
        rollovers = {
            meter: Decimal(str(rollover))
            for meter, rollover in self.env.execute_query(
                SQL(
                    "SELECT id, heat_rollover_kwh FROM heat_meter "
                    "WHERE id = ANY(%s) AND heat_rollover_kwh > 0",
                    sorted(meters),
                )
            )
        }
        return points, rollovers

    def _heat_consumption(self, date_from, date_to, estimate=True):
        """Consumption per sub-station over the local days ``date_from`` to
        ``date_to`` of each one's network (ADR 0022, 0034); a constant number of
        queries, whatever the number of sub-stations and networks."""
        bounds = self.network_id._heat_bounds(date_from, date_to)
        default = _bounds(date_from, date_to)
        return self._heat_consumption_between(
            {sub.id: bounds.get(sub.network_id.id, default) for sub in self},
            estimate=estimate,
        )

    @paused_gc()
    def _heat_consumption_between(self, bounds, estimate=True):
        """Consumption per sub-station between its own bounds ``{id: (start, end)}``
        (naive UTC datetimes). Each value is the dict of
        :func:`~odoo.addons.heat_metering.domain.consumption.consumption` with
        ``kwh`` a float, ``meters`` the serial numbers, ``meter_start``/``meter_end``
        and ``reading_start``/``reading_end``/``reading_ids`` record ids and
        ``warnings`` in words, in the user's language."""
        if not self:
            return {}
        network_of = {sub.id: sub.network_id for sub in self}
        tolerance = {n: n._heat_tolerance() for n in self.network_id}
        margin = {
            sub_id: tolerance.get(network, timedelta(0))
            for sub_id, network in network_of.items()
        }
        points, rollovers = self._heat_points(
            {
                sub_id: (bounds[sub_id][0] - tol, bounds[sub_id][1] + tol)
                for sub_id, tol in margin.items()
            },
            # between the readings near enough to be the bounds
            interiors={
                sub_id: (bounds[sub_id][0] + tol, bounds[sub_id][1] - tol)
                for sub_id, tol in margin.items()
            },
        )
        networks = self.network_id
        first = min(start for start, _end in bounds.values())
        last = max(end for _start, end in bounds.values())
        daily = networks._heat_daily_degree_days(
            (first - timedelta(days=400)).date(), (last + timedelta(days=1)).date()
        )
        serials = dict(
            self.env.execute_query(
                SQL(
                    "SELECT id, serial_number FROM heat_meter WHERE id = ANY(%s)",
                    sorted({p.meter for pts in points.values() for p in pts}),
                )
            )
        )
        # an estimate is needed only where a bound lies outside the readings and no
        # real reading is near enough to be the bound
        missing = self.browse(
            sub_id
            for sub_id in self.ids
            if any(
                not (
                    points.get(sub_id)
                    and points[sub_id][0].timestamp
                    <= moment
                    <= points[sub_id][-1].timestamp
                )
                and cons.bound_reading(points.get(sub_id, []), moment, margin[sub_id])
                is None
                for moment in bounds[sub_id]
            )
        )
        reference = {}
        if estimate and missing:
            # reference for estimates: same period last year, measured
            year = timedelta(days=365)
            reference = missing._heat_consumption_between(
                {
                    s.id: (bounds[s.id][0] - year, bounds[s.id][1] - year)
                    for s in missing
                },
                estimate=False,
            )
        result, weights, missing_ids = {}, {}, set(missing.ids)
        for sub_id, network in network_of.items():
            start, end = bounds[sub_id]
            if network.id not in weights:
                sub_daily = daily.get(network.id, {})
                dju_weight = cons.degree_day_weight(sub_daily, network.tz)
                use_dju = network.heat_proration == "degree_days" and sub_daily
                weights[network.id] = (
                    dju_weight if use_dju else cons.linear_weight,
                    dju_weight,
                )
            weight, dju_weight = weights[network.id]
            estimator = None
            if estimate and sub_id in missing_ids:
                estimator = self.browse(sub_id)._heat_estimator(
                    start, end, reference.get(sub_id), dju_weight
                )
            value = cons.consumption(
                points.get(sub_id, []),
                start,
                end,
                weight,
                rollovers,
                estimator,
                margin[sub_id],
            )
            value["kwh"] = float(value["kwh"])
            value["meters"] = [serials.get(m, str(m)) for m in value["meters"]]
            value["warnings"] = [
                network._heat_notice_text(notice, serials)
                for notice in value["warnings"]
            ]
            result[sub_id] = value
        return result

    def _heat_consumption_series(self, periods):
        """Measured consumption of this sub-station over each ``(date_from,
        date_to)`` of ``periods`` (local days of its network; no estimate): a list
        of the dicts of :func:`~odoo.addons.heat_metering.domain.consumption.
        consumption`, ``kwh`` a float, ``measured`` true when readings frame the
        period (none of its bounds cut or missing). The readings of the whole span
        are read once (a chart's months in three queries, not three per month)."""
        self.ensure_one()
        if not periods:
            return []
        network = self.network_id
        tz = network.tz or DEFAULT_TZ
        bounds = [_bounds(start, end, tz) for start, end in periods]
        margin = network._heat_tolerance() if network else timedelta(0)
        first = min(start for start, _end in bounds)
        last = max(end for _start, end in bounds)
        points, rollovers = self._heat_points(
            {self.id: (first - margin, last + margin)}
        )
        points = points.get(self.id, [])
        weight = cons.linear_weight
        if network.heat_proration == "degree_days":
            daily = network._heat_daily_degree_days(
                first.date() - timedelta(days=1), last.date() + timedelta(days=1)
            ).get(network.id)
            if daily:
                weight = cons.degree_day_weight(daily, tz)
        series = []
        for start, end in bounds:
            value = cons.consumption(
                points, start, end, weight, rollovers, None, margin
            )
            value["kwh"] = float(value["kwh"])
            value["measured"] = not any(
                notice.code in UNMEASURED for notice in value["warnings"]
            )
            series.append(value)
        return series

    def _heat_estimator(self, start, end, reference, dju_weight):
        """Return ``estimator(a, b)`` in kWh from last year's same period (scaled by
        degree-days) or from the building's estimated yearly need."""
        self.ensure_one()
        network = self.network_id
        year = timedelta(days=365)
        if reference and not reference["estimated"] and reference["kwh"] > 0:
            ref_dju = dju_weight(start - year, end - year)
            ref_kwh = Decimal(str(reference["kwh"]))
            if ref_dju > 0:
                return lambda a, b: cons.estimate_kwh(
                    dju_weight(a, b), ref_kwh, ref_dju
                )
            seconds = Decimal((end - start).total_seconds())
            return lambda a, b: ref_kwh * Decimal((b - a).total_seconds()) / seconds
        need = self.building_id.estimated_need_mwh
        normal = network.heat_normal_yearly_dju
        if need and normal:
            need_kwh = Decimal(str(need)) * 1000
            return lambda a, b: cons.estimate_kwh(
                dju_weight(a, b), need_kwh, Decimal(str(normal))
            )
        return None

    reading_count = fields.Integer(
        compute="_compute_reading_count",
        string="Reading count",
        groups="heat_metering.heat_metering_group_user",
    )

    def _compute_reading_count(self):
        counts = self.env["heat.meter.reading"]._heat_count_by("substation_id", self)
        for substation in self:
            substation.reading_count = counts.get(substation._origin, 0)

    def action_view_readings(self):
        """The readings taken at the sub-station, whatever meter took them: the list,
        and the index of each meter as a curve."""
        self.ensure_one()
        action = self.env["heat.meter.reading"]._heat_action_of(
            "substation_id",
            self,
            self.env._("Readings of %(substation)s", substation=self.display_name),
        )
        action["context"] = {}
        return action
