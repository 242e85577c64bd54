# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from odoo import fields, models
from odoo.tools import SQL

from ..domain import consumption as cons


def _bounds(date_from, date_to):
    """Datetimes of a period; a date ``date_to`` is included (up to its midnight)."""
    if isinstance(date_from, str):
        date_from = fields.Datetime.to_datetime(date_from)
    if isinstance(date_to, str):
        date_to = fields.Datetime.to_datetime(date_to)
    if not isinstance(date_from, datetime):
        date_from = datetime.combine(date_from, time.min)
    if not isinstance(date_to, datetime) and isinstance(date_to, date):
        date_to = datetime.combine(date_to + timedelta(days=1), time.min)
    return date_from, date_to


class HeatSubstation(models.Model):
    _inherit = "heat.substation"

    reading_ids = fields.One2many(
        "heat.meter.reading", "substation_id", string="Readings"
    )

    def unlink(self):
        # what ON DELETE SET NULL did before the foreign key was dropped (ADR 0033)
        self.env["heat.meter.reading"]._heat_release("substation_id", self.ids)
        return super().unlink()

    def _heat_points(self, start, end, key="substation_id"):
        """Readings around and inside ``[start, end]`` per sub-station (or boiler): the
        last before, all inside, the first after; one query."""
        self.env["heat.meter.reading"].flush_model()
        self.env["heat.meter"].flush_model(["heat_rollover_kwh"])
        column = SQL.identifier(key)
        rows = self.env.execute_query(
            SQL(
                """
                WITH ids AS (SELECT unnest(%(ids)s::int[]) AS id)
                SELECT * FROM (
                    SELECT r.%(col)s, r.timestamp, r.meter_id, r.energy_kwh::text,
                           r.is_estimate, m.heat_rollover_kwh
                      FROM heat_meter_reading r JOIN heat_meter m ON m.id = r.meter_id
                     WHERE r.%(col)s = ANY(%(ids)s) AND r.state != 'rejected'
                       AND r.timestamp BETWEEN %(start)s AND %(end)s
                    UNION ALL
                    SELECT b.* FROM ids, LATERAL (
                        SELECT r.%(col)s, r.timestamp, r.meter_id, r.energy_kwh::text,
                               r.is_estimate, m.heat_rollover_kwh
                          FROM heat_meter_reading r
                          JOIN heat_meter m ON m.id = r.meter_id
                         WHERE r.%(col)s = ids.id AND r.state != 'rejected'
                           AND r.timestamp < %(start)s
                         ORDER BY r.timestamp DESC LIMIT 1) b
                    UNION ALL
                    SELECT a.* FROM ids, LATERAL (
                        SELECT r.%(col)s, r.timestamp, r.meter_id, r.energy_kwh::text,
                               r.is_estimate, m.heat_rollover_kwh
                          FROM heat_meter_reading r
                          JOIN heat_meter m ON m.id = r.meter_id
                         WHERE r.%(col)s = ids.id AND r.state != 'rejected'
                           AND r.timestamp > %(end)s
                         ORDER BY r.timestamp LIMIT 1) a
                ) p ORDER BY 1, 2
                """,
                ids=self.ids,
                col=column,
                start=start,
                end=end,
            )
        )
        points, rollovers = defaultdict(list), {}
        for owner, stamp, meter, index, estimate, rollover in rows:
            points[owner].append(
                cons.Point(stamp, meter, Decimal(index), bool(estimate))
            )
            if rollover:
                rollovers[meter] = Decimal(str(rollover))
        return points, rollovers

    def _heat_consumption(self, date_from, date_to, estimate=True):
        """Consumption per sub-station, see ADR 0002; a constant number of queries."""
        start, end = _bounds(date_from, date_to)
        points, rollovers = self._heat_points(start, end)
        networks = self.network_id
        daily = networks._heat_daily_degree_days(
            (start - timedelta(days=400)).date(), end.date()
        )
        serials = dict(
            self.env["heat.meter"]
            .browse({p.meter for pts in points.values() for p in pts})
            .mapped(lambda m: (m.id, m.serial_number))
        )
        # reference for estimates: same period last year, measured
        missing = self.filtered(
            lambda s: (
                not points.get(s.id)
                or points[s.id][-1].timestamp < end
                or points[s.id][0].timestamp > start
            )
        )
        reference = {}
        if estimate and missing:
            year = timedelta(days=365)
            reference = missing._heat_consumption(
                start - year, end - year, estimate=False
            )
        result, weights, missing_ids = {}, {}, set(missing.ids)
        for sub in self:
            network = sub.network_id
            if network.id not in weights:
                sub_daily = daily.get(network.id, {})
                dju_weight = cons.degree_day_weight(sub_daily)
                use_dju = network.heat_proration == "degree_days" and sub_daily
                weights[network.id] = (
                    dju_weight if use_dju else cons.linear_weight,
                    dju_weight,
                )
            weight, dju_weight = weights[network.id]
            estimator = None
            # an estimate is needed only where a bound lies outside the readings
            if estimate and sub.id in missing_ids:
                estimator = sub._heat_estimator(
                    start, end, reference.get(sub.id), dju_weight
                )
            value = cons.consumption(
                points.get(sub.id, []), start, end, weight, rollovers, estimator
            )
            value["kwh"] = float(value["kwh"])
            value["meters"] = [serials.get(m, str(m)) for m in value["meters"]]
            result[sub.id] = value
        return result

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
        counts = dict(
            self.env["heat.meter.reading"]._read_group(
                [("substation_id", "in", self._origin.ids)],
                ["substation_id"],
                ["__count"],
            )
        )
        for substation in self:
            substation.reading_count = counts.get(substation._origin, 0)

    def action_view_readings(self):
        """The readings taken at the sub-station, whatever meter took them: the list,
        and the index of each meter as a curve."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_metering.heat_meter_reading_action"
        )
        action["name"] = self.env._(
            "Readings of %(substation)s", substation=self.display_name
        )
        action["domain"] = [("substation_id", "=", self.id)]
        action["context"] = {}
        return action
