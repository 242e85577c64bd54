# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatMeterReadingBatchLine(models.Model):
    _name = "heat.meter.reading.batch.line"
    _description = "Import batch report line"
    _order = "batch_id, line, id"

    batch_id = fields.Many2one(
        "heat.meter.reading.batch", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="batch_id.company_id", store=True)
    line = fields.Integer(string="File line")
    level = fields.Selection(
        [
            ("rejected", "Rejected"),
            ("duplicate", "Duplicate skipped"),
            ("conflict", "Conflict"),
            ("flagged", "Imported as suspect"),
            ("error", "File error"),
        ],
        required=True,
    )
    message = fields.Char(required=True)
