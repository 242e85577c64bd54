# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date, format_datetime, formatLang

from odoo.addons.base.models.res_partner import _tz_get

from ..domain import consumption as cons
from ..domain import degree_days, kpi
from .heat_substation import DEFAULT_TZ, _bounds


def _days(date_from, date_to):
    """The dates of a period given as dates, strings or datetimes (UTC, ``date_to``
    excluded)."""
    if isinstance(date_from, datetime):
        date_from = date_from.date()
    if isinstance(date_to, datetime):
        date_to = (date_to - timedelta(seconds=1)).date()
    return fields.Date.to_date(date_from), fields.Date.to_date(date_to)


class HeatNetwork(models.Model):
    _inherit = "heat.network"

    tz = fields.Selection(
        _tz_get,
        string="Time zone",
        required=True,
        default=lambda self: self.env.company.partner_id.tz or DEFAULT_TZ,
        help="Consumption periods are local days of this time zone: a month starts "
        "at local midnight on the 1st, where reading systems date their readings.",
    )
    heat_reading_tolerance_days = fields.Integer(
        string="Reading tolerance (days)",
        default=3,
        help="A real reading this many days or less from a period's bound is taken "
        "as the bound (its own date and index, no proration); beyond, the index at "
        "the bound is estimated.",
    )
    weather_station_id = fields.Many2one(
        "heat.weather.station", string="Weather station", check_company=True
    )
    heat_dju_method = fields.Selection(
        [("meteo", "Météo-France"), ("costic", "COSTIC")],
        string="Degree-day method",
        default="meteo",
        required=True,
    )
    heat_proration = fields.Selection(
        [("degree_days", "By degree-days"), ("linear", "Linear in time")],
        string="Proration",
        default="degree_days",
        required=True,
        help="How a consumption between two readings is split at a period's bounds.",
    )
    heat_spike_factor = fields.Float(
        string="Spike factor",
        default=3.0,
        help="A reading is suspect when its consumption exceeds this many times "
        "what the degree-days allow.",
    )
    heat_max_gap_days = fields.Integer(
        string="Maximum gap (days)",
        default=45,
        help="A reading coming more than this many days after the previous is flagged.",
    )
    heat_normal_yearly_dju = fields.Float(
        string="Normal yearly DJU", compute="_compute_heat_normal_yearly_dju"
    )
    wood_delivery_ids = fields.One2many(
        "heat.wood.delivery", "network_id", string="Wood deliveries"
    )
    fuel_delivery_ids = fields.One2many(
        "heat.fuel.delivery", "network_id", string="Backup fuel deliveries"
    )

    def _compute_heat_normal_yearly_dju(self):
        for network in self:
            network.heat_normal_yearly_dju = sum(
                network.weather_station_id.normal_ids.mapped("dju")
            )

    @api.constrains("heat_reading_tolerance_days")
    def _check_heat_reading_tolerance_days(self):
        for network in self:
            if network.heat_reading_tolerance_days < 0:
                raise ValidationError(
                    self.env._(
                        "The reading tolerance of network %(network)s cannot be "
                        "negative.",
                        network=network.display_name,
                    )
                )

    # ------------------------------------------------------------ local days

    def _heat_bounds(self, date_from, date_to):
        """``{network_id: (start, end)}``: naive UTC datetimes of the local days
        ``date_from`` to ``date_to`` in each network's time zone (ADR 0034)."""
        return {
            network.id: _bounds(date_from, date_to, network.tz or DEFAULT_TZ)
            for network in self
        }

    def _heat_tolerance(self):
        self.ensure_one()
        return timedelta(days=max(self.heat_reading_tolerance_days, 0))

    def _heat_format_moment(self, moment, end=False):
        """A bound or a reading's timestamp (naive UTC) in the network's local time,
        in the user's language: a local midnight is a date (the day it ends when
        ``end``), another time a date and an hour."""
        tz = self.tz or DEFAULT_TZ
        local = cons.local_date(moment, tz)
        if cons.local_midnight(local, tz) == moment:
            return format_date(self.env, local - timedelta(days=1) if end else local)
        return format_datetime(self.env, moment, tz=tz, dt_format="short")

    def _heat_notice_text(self, notice, serials=None):
        """A warning of the consumption domain (a code and its parameters) in words,
        in the user's language, dates in the network's local time."""
        env, params = self.env, notice.params
        serials = serials or {}
        end = notice.code.startswith("end_")
        values = {
            key: self._heat_format_moment(value, end=end and key == "bound")
            for key, value in params.items()
            if isinstance(value, datetime)
        }
        if "index" in params:
            values["index"] = formatLang(env, float(params["index"]), digits=3)
        if "previous" in params:
            values["previous"] = formatLang(env, float(params["previous"]), digits=3)
        if "days" in params:
            values["days"] = formatLang(env, float(params["days"]), digits=0)
        if "meter" in params:
            values["meter"] = serials.get(params["meter"], str(params["meter"]))
        texts = {
            "no_reading": lambda: env._("no reading: consumption unknown"),
            "no_reading_estimated": lambda: env._("no reading: consumption estimated"),
            "index_decrease": lambda: env._(
                "index of meter %(meter)s decreases from %(previous)s to %(index)s "
                "on %(timestamp)s without a recorded swap or rollover: not counted",
                **values,
            ),
            "start_interpolated": lambda: env._(
                "no reading within %(days)s days of %(bound)s: start index "
                "interpolated at %(index)s kWh between the readings of %(before)s "
                "and %(after)s",
                **values,
            ),
            "end_interpolated": lambda: env._(
                "no reading within %(days)s days of the end of %(bound)s: end index "
                "interpolated at %(index)s kWh between the readings of %(before)s "
                "and %(after)s",
                **values,
            ),
            "start_extrapolated": lambda: env._(
                "no reading within %(days)s days of %(bound)s nor before: start "
                "index estimated at %(index)s kWh from the reading of %(reading)s",
                **values,
            ),
            "end_extrapolated": lambda: env._(
                "no reading within %(days)s days after %(bound)s: end index "
                "estimated at %(index)s kWh from the reading of %(reading)s",
                **values,
            ),
            "start_cut": lambda: env._(
                "no reading before %(bound)s: the period starts at the reading of "
                "%(reading)s (%(index)s kWh)",
                **values,
            ),
            "end_cut": lambda: env._(
                "no reading after %(bound)s: the period ends at the reading of "
                "%(reading)s (%(index)s kWh)",
                **values,
            ),
        }
        return texts[notice.code]()

    # ------------------------------------------------------------ degree-days

    def _heat_daily_degree_days(self, date_from, date_to):
        """``{network_id: {date: dju}}`` by the network's method; two queries."""
        by_method = defaultdict(set)
        for network in self.filtered("weather_station_id"):
            by_method[network.heat_dju_method].add(network.weather_station_id.id)
        per_station = {}
        for method, stations in by_method.items():
            per_station[method] = self.env["heat.weather.station"]._heat_daily(
                stations, date_from, date_to, method
            )
        return {
            n.id: per_station.get(n.heat_dju_method, {}).get(
                n.weather_station_id.id, {}
            )
            for n in self
        }

    def _heat_degree_days(self, date_from, date_to):
        """``{network_id: float}`` DJU over the inclusive dates."""
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        daily = self._heat_daily_degree_days(date_from, date_to)
        return {nid: float(sum(days.values())) for nid, days in daily.items()}

    def _heat_normal_degree_days(self, date_from, date_to):
        """``{network_id: float}`` normal DJU over the inclusive dates."""
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        return {
            network.id: float(
                degree_days.normal_degree_days(
                    {
                        int(n.month): Decimal(str(n.dju))
                        for n in network.weather_station_id.normal_ids
                    },
                    date_from,
                    date_to,
                )
            )
            for network in self
        }

    # ------------------------------------------------------------ production, KPIs

    def _heat_production(self, date_from, date_to):
        """``{network_id: {"wood": kwh, "backup": kwh, "boilers": {id: kwh}}}`` from
        the plant meters' readings over each network's local days; a constant number
        of queries."""
        bounds = self._heat_bounds(date_from, date_to)
        boilers = self.plant_ids.boiler_ids
        meters = self.env["heat.meter"].search([("boiler_id", "in", boilers.ids)])
        windows = {}
        for meter in meters:
            network = meter.boiler_id.plant_id.network_id
            start, end = bounds[network.id]
            margin = network._heat_tolerance()
            windows[meter.id] = (start - margin, end + margin)
        per_meter, rollovers = (
            self.env["heat.substation"]
            .browse(meters.ids)
            ._heat_points(windows, key="meter_id")
        )
        points = {boiler.id: [] for boiler in boilers}
        for meter in meters:
            points[meter.boiler_id.id] += per_meter.get(meter.id, [])
        for values in points.values():
            values.sort(key=lambda point: point.timestamp)
        first = min((start for start, _end in bounds.values()), default=None)
        last = max((end for _start, end in bounds.values()), default=None)
        daily = (
            self._heat_daily_degree_days(
                first.date(), (last + timedelta(days=1)).date()
            )
            if bounds
            else {}
        )
        out = {n.id: {"wood": 0.0, "backup": 0.0, "boilers": {}} for n in self}
        for boiler in boilers:
            network = boiler.plant_id.network_id
            start, end = bounds[network.id]
            weight = cons.linear_weight
            if network.heat_proration == "degree_days" and daily.get(network.id):
                weight = cons.degree_day_weight(daily[network.id], network.tz)
            value = cons.consumption(
                points.get(boiler.id, []),
                start,
                end,
                weight,
                rollovers,
                tolerance=network._heat_tolerance(),
            )
            kwh = float(value["kwh"])
            out[network.id]["boilers"][boiler.id] = kwh
            out[network.id]["wood" if boiler.is_renewable else "backup"] += kwh
        return out

    def _heat_kpis(self, date_from, date_to):
        """Network KPIs per network id (see ADR 0023), computed from the readings
        over the local days ``date_from`` to ``date_to``."""
        day_from, day_to = _days(date_from, date_to)
        substations = self.substation_ids
        consumption = substations._heat_consumption(date_from, date_to)
        production = self._heat_production(date_from, date_to)
        dju = self._heat_degree_days(day_from, day_to)
        normal = self._heat_normal_degree_days(day_from, day_to)
        wood = {
            network.id: tonnes
            for network, tonnes in self.env["heat.wood.delivery"]._read_group(
                [
                    ("network_id", "in", self.ids),
                    ("date", ">=", day_from),
                    ("date", "<=", day_to),
                ],
                ["network_id"],
                ["tonnes:sum"],
            )
        }
        result = {}
        for network in self:
            delivered = sum(
                consumption[s.id]["kwh"] for s in substations if s.network_id == network
            )
            values = kpi.network_kpis(
                delivered_kwh=Decimal(str(delivered)),
                produced_wood_kwh=Decimal(str(production[network.id]["wood"])),
                produced_backup_kwh=Decimal(str(production[network.id]["backup"])),
                length_m=network.length_m,
                wood_tonnes=wood.get(network.id, 0),
                dju=dju.get(network.id) or None,
                normal_dju=normal.get(network.id) or None,
            )
            values["estimated"] = any(
                consumption[s.id]["estimated"]
                for s in substations
                if s.network_id == network
            )
            result[network.id] = values
        return result

    def _heat_kpis_compared(self, date_from, date_to, years=1):
        """KPIs of the period and of the same period ``years`` earlier, with the
        relative change of each figure: ``{network_id: {"current": {...},
        "previous": {...}, "change": {...}}}``."""
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        earlier_from = date_from.replace(year=date_from.year - years)
        earlier_to = date_to.replace(year=date_to.year - years)
        current = self._heat_kpis(date_from, date_to)
        previous = self._heat_kpis(earlier_from, earlier_to)
        return {
            network_id: {
                "current": current[network_id],
                "previous": previous[network_id],
                "change": kpi.compare(current[network_id], previous[network_id]),
            }
            for network_id in current
        }

    def action_heat_refresh_kpis(self):
        """Recompute the monthly KPIs of the last twelve months and open them."""
        today = fields.Date.context_today(self)
        first = today.replace(year=today.year - 1, day=1)
        self.env["heat.network.kpi"]._heat_refresh(
            self, first, today.replace(day=1) - timedelta(days=1)
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_metering.heat_network_kpi_action"
        )
        action["domain"] = [("network_id", "in", self.ids)]
        return action
