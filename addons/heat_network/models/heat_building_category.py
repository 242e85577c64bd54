# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatBuildingCategory(models.Model):
    _name = "heat.building.category"
    _description = "Building category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Stable code used by imports, e.g. 'ehpad'.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_public = fields.Boolean(
        string="Public body", help="Buildings of this category belong to public bodies."
    )
    company_id = fields.Many2one(
        "res.company",
        string="Operator",
        help="Leave empty to share the category with every operator.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(company_id, code)",
            "The code of a building category must be unique.",
        ),
    ]
