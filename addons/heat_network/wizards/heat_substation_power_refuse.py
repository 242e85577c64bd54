# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatSubstationPowerRefuse(models.TransientModel):
    _name = "heat.substation.power.refuse"
    _description = "Refuse a subscribed power change"

    power_ids = fields.Many2many("heat.substation.power", required=True)
    reason = fields.Text(
        required=True, help="Told to the subscriber: why the change is refused."
    )

    def action_refuse(self):
        self.ensure_one()
        self.power_ids._heat_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
