# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models


class HeatMeterReadingImport(models.TransientModel):
    _name = "heat.meter.reading.import"
    _description = "Import meter readings"

    profile_id = fields.Many2one(
        "heat.meter.reading.import.profile", string="Profile", required=True
    )
    data_file = fields.Binary(string="File", required=True)
    file_name = fields.Char()
    expected_columns = fields.Text(
        compute="_compute_expected_columns",
        help="The columns that the profile reads; the encoding and the separator "
        "are recognised in the file.",
    )

    @api.depends("profile_id")
    def _compute_expected_columns(self):
        for wizard in self:
            wizard.expected_columns = (
                wizard.profile_id._heat_expected_columns() if wizard.profile_id else ""
            )

    def action_import(self):
        self.ensure_one()
        batch = self.env["heat.meter.reading.batch"]._heat_import_file(
            base64.b64decode(self.data_file), self.profile_id, file_name=self.file_name
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "heat.meter.reading.batch",
            "res_id": batch.id,
            "view_mode": "form",
        }
