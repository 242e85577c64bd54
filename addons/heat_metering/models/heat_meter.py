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
    reading_count = fields.Integer(
        compute="_compute_reading_count",
        string="Reading count",
        groups="heat_metering.heat_metering_group_user",
    )

    def _compute_reading_count(self):
        counts = self.env["heat.meter.reading"]._heat_count_by("meter_id", self)
        for meter in self:
            meter.reading_count = counts.get(meter._origin, 0)

    def action_view_readings(self):
        """The meter's readings: the list, and the index as a curve."""
        self.ensure_one()
        action = self.env["heat.meter.reading"]._heat_action_of(
            "meter_id",
            self,
            self.env._("Readings of %(meter)s", meter=self.display_name),
        )
        action["context"] = {"default_meter_id": self.id}
        return action
