# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HeatTariffRevise(models.TransientModel):
    """Propose the next tariff version from the latest index values."""

    _name = "heat.tariff.revise"
    _description = "Revise a heat tariff"

    tariff_id = fields.Many2one("heat.tariff", required=True, readonly=True)
    date_start = fields.Date(
        string="New version from",
        required=True,
        help="Index values published on or before this day are used.",
    )
    computation = fields.Text(readonly=True)
    r1 = fields.Float(string="New R1", digits=(12, 4), readonly=True)
    r2 = fields.Float(string="New R2", digits=(12, 4), readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "heat.tariff":
            values["tariff_id"] = self.env.context.get("active_id")
        return values

    def action_preview(self):
        self.ensure_one()
        values = self.tariff_id._heat_revision(self.date_start)
        self.write(
            {
                "computation": values["revision_note"],
                "r1": values["r1"],
                "r2": values["r21"] + values["r22"] + values["r23"] + values["r24"],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_apply(self):
        self.ensure_one()
        tariff = self.tariff_id._heat_revise(self.date_start)
        tariff.message_post(body=tariff.revision_note)
        return {
            "type": "ir.actions.act_window",
            "res_model": "heat.tariff",
            "res_id": tariff.id,
            "view_mode": "form",
        }
