# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatBuildingCategory(models.Model):
    _inherit = "heat.building.category"

    survey_sector = fields.Selection(
        [
            ("residential", "Residential"),
            ("tertiary", "Tertiary"),
            ("industry", "Industry"),
            ("other", "Other"),
        ],
        string="Survey sector",
        help="Sector of the national annual survey of heat networks under which the "
        "heat delivered to the buildings of this category is reported; empty counts "
        "as other.",
    )
