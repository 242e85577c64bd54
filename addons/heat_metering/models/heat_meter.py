# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatMeter(models.Model):
    _inherit = "heat.meter"

    heat_rollover_kwh = fields.Float(
        string="Index maximum (kWh)",
        digits=(16, 3),
        help="Index at which the meter rolls over to zero (e.g. 99,999,999 kWh + 1).",
    )
    boiler_id = fields.Many2one(
        "heat.boiler",
        string="Plant meter of boiler",
        check_company=True,
        help="Set for a plant meter measuring the production of a boiler.",
    )
    reading_ids = fields.One2many("heat.meter.reading", "meter_id", string="Readings")
