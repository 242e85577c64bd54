# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatIndexValue(models.Model):
    _name = "heat.index.value"
    _description = "Price index value"
    _order = "series_id, date desc"

    series_id = fields.Many2one(
        "heat.index.series", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="series_id.company_id", store=True)
    date = fields.Date(required=True, help="The month or day the value is for.")
    value = fields.Float(required=True, digits=(16, 4))

    _sql_constraints = [
        (
            "series_date_unique",
            "unique(series_id, date)",
            "An index has one value per date.",
        ),
        ("value_positive", "CHECK(value > 0)", "An index value must be positive."),
    ]
