# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import fields, models

from ..domain import consumption as cons
from ..domain import degree_days, kpi
from .heat_substation import _bounds


class HeatNetwork(models.Model):
    _inherit = "heat.network"

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
        the plant meters' readings; a constant number of queries."""
        start, end = _bounds(date_from, date_to)
        boilers = self.plant_ids.boiler_ids
        meters = self.env["heat.meter"].search([("boiler_id", "in", boilers.ids)])
        per_meter, rollovers = (
            self.env["heat.substation"]
            .browse(meters.ids)
            ._heat_points(start, end, key="meter_id")
        )
        points = {boiler.id: [] for boiler in boilers}
        for meter in meters:
            points[meter.boiler_id.id] += per_meter.get(meter.id, [])
        for values in points.values():
            values.sort(key=lambda point: point.timestamp)
        daily = self._heat_daily_degree_days(start.date(), end.date())
        out = {n.id: {"wood": 0.0, "backup": 0.0, "boilers": {}} for n in self}
        for boiler in boilers:
            network = boiler.plant_id.network_id
            weight = cons.linear_weight
            if network.heat_proration == "degree_days" and daily.get(network.id):
                weight = cons.degree_day_weight(daily[network.id])
            value = cons.consumption(
                points.get(boiler.id, []), start, end, weight, rollovers
            )
            kwh = float(value["kwh"])
            out[network.id]["boilers"][boiler.id] = kwh
            out[network.id]["wood" if boiler.is_renewable else "backup"] += kwh
        return out

    def _heat_kpis(self, date_from, date_to):
        """Network KPIs per network id (see ADR 0002), computed from the readings."""
        start, end = _bounds(date_from, date_to)
        substations = self.substation_ids
        consumption = substations._heat_consumption(date_from, date_to)
        production = self._heat_production(date_from, date_to)
        dju = self._heat_degree_days(start.date(), (end - timedelta(seconds=1)).date())
        normal = self._heat_normal_degree_days(
            start.date(), (end - timedelta(seconds=1)).date()
        )
        wood = {
            network.id: tonnes
            for network, tonnes in self.env["heat.wood.delivery"]._read_group(
                [
                    ("network_id", "in", self.ids),
                    ("date", ">=", start.date()),
                    ("date", "<", end.date()),
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
