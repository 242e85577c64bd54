# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HeatBuilding(models.Model):
    _inherit = "heat.building"

    def action_heat_cost_comparison(self):
        """Compare the heat network with the building's current heating."""
        self.ensure_one()
        Comparison = self.env["heat.cost.comparison"]
        comparison = Comparison.create(Comparison._prepare_from_building(self))
        return comparison._open_form()
