# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models

# a file of this size or more (about 100,000 lines of a CSV export) is imported in
# the background, by Odoo's cron worker: a request would wait for it
BACKGROUND_BYTES = 4_000_000


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
        """Import the file now, or in the background when it is large."""
        self.ensure_one()
        data = base64.b64decode(self.data_file)
        batches = self.env["heat.meter.reading.batch"]
        if len(data) >= BACKGROUND_BYTES:
            batch = batches._heat_queue_file(
                data, self.profile_id, file_name=self.file_name
            )
        else:
            batch = batches._heat_import_file(
                data, self.profile_id, file_name=self.file_name
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "heat.meter.reading.batch",
            "res_id": batch.id,
            "view_mode": "form",
        }
