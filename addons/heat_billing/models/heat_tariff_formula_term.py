# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatTariffFormulaTerm(models.Model):
    _name = "heat.tariff.formula.term"
    _description = "Tariff revision formula term"

    formula_id = fields.Many2one(
        "heat.tariff.formula", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="formula_id.company_id", store=True)
    series_id = fields.Many2one("heat.index.series", string="Index", required=True)
    weight = fields.Float(required=True, digits=(6, 4))
    base_value = fields.Float(
        required=True,
        digits=(16, 4),
        help="The index value of the contract's base date (e.g. ICHT-E0).",
    )

    _sql_constraints = [
        ("base_positive", "CHECK(base_value > 0)", "A base value must be positive."),
    ]
