# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import calendar

from odoo import fields, models

MONTHS = [(str(m), calendar.month_name[m]) for m in range(1, 13)]


class HeatWeatherNormal(models.Model):
    _name = "heat.weather.normal"
    _description = "Monthly normal degree-days"
    _order = "station_id, month"

    station_id = fields.Many2one(
        "heat.weather.station", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="station_id.company_id", store=True)
    month = fields.Selection(MONTHS, required=True)
    dju = fields.Float(string="Normal DJU", digits=(8, 2), required=True)

    _sql_constraints = [
        ("station_month_uniq", "unique(station_id, month)", "One normal per month.")
    ]
