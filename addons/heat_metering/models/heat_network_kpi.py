# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import calendar
from datetime import timedelta

from odoo import api, fields, models


class HeatNetworkKpi(models.Model):
    _name = "heat.network.kpi"
    _description = "Network KPIs of a month"
    _order = "network_id, date_from"
    _check_company_auto = True

    network_id = fields.Many2one(
        "heat.network",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="network_id.company_id", store=True, precompute=True, index=True
    )
    date_from = fields.Date(string="Month", required=True)
    date_to = fields.Date(required=True)
    delivered_mwh = fields.Float(string="Delivered (MWh)", digits=(12, 3))
    produced_mwh = fields.Float(string="Produced (MWh)", digits=(12, 3))
    produced_wood_mwh = fields.Float(string="Produced by wood (MWh)", digits=(12, 3))
    produced_backup_mwh = fields.Float(
        string="Produced by backup (MWh)", digits=(12, 3)
    )
    losses_mwh = fields.Float(string="Losses (MWh)", digits=(12, 3))
    wood_tonnes = fields.Float(string="Wood (t)", digits=(12, 3))
    dju = fields.Float(string="DJU", digits=(8, 1))
    normal_dju = fields.Float(string="Normal DJU", digits=(8, 1))
    efficiency = fields.Float(digits=(5, 4), aggregator="avg")
    renewable_share = fields.Float(
        string="Renewable share", digits=(5, 4), aggregator="avg"
    )
    estimated = fields.Boolean()

    _sql_constraints = [
        ("network_month_uniq", "unique(network_id, date_from)", "One line per month.")
    ]

    @api.model
    def _heat_refresh(self, networks, date_from, date_to):
        """Compute and store the monthly KPIs of ``networks`` for the months from
        ``date_from`` (a first of month) up to the one containing ``date_to``."""
        self.search(
            [
                ("network_id", "in", networks.ids),
                ("date_from", ">=", date_from),
                ("date_from", "<=", date_to),
            ]
        ).unlink()
        vals = []
        first = date_from.replace(day=1)
        while first <= date_to:
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            for network_id, k in networks._heat_kpis(first, last).items():
                vals.append(
                    {
                        "network_id": network_id,
                        "date_from": first,
                        "date_to": last,
                        "delivered_mwh": k["delivered_mwh"],
                        "produced_mwh": k["produced_mwh"],
                        "produced_wood_mwh": k["produced_wood_mwh"],
                        "produced_backup_mwh": k["produced_backup_mwh"],
                        "losses_mwh": k["losses_mwh"],
                        "wood_tonnes": k["wood_tonnes"],
                        "dju": k["dju"] or 0,
                        "normal_dju": k["normal_dju"] or 0,
                        "efficiency": k["efficiency"] or 0,
                        "renewable_share": k["renewable_share"] or 0,
                        "estimated": k["estimated"],
                    }
                )
            first = last + timedelta(days=1)
        return self.create(vals)
