# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatMeterReadingReview(models.TransientModel):
    _name = "heat.meter.reading.review"
    _description = "Accept or reject readings"

    reading_ids = fields.Many2many("heat.meter.reading", string="Readings")
    decision = fields.Selection(
        [("valid", "Accept"), ("rejected", "Reject")], required=True, default="valid"
    )
    reason = fields.Char(required=True)

    def action_apply(self):
        self.ensure_one()
        self.reading_ids._heat_set_state(self.decision, self.reason)
        return {"type": "ir.actions.act_window_close"}
