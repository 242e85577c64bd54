# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ChorusFlow(models.Model):
    _inherit = "chorus.flow"

    syntax = fields.Selection(
        selection_add=[("xml_cii", "CII 16B XML")],
        ondelete={"xml_cii": "set null"},
    )

    @api.model
    def syntax_odoo2chorus(self):
        res = super().syntax_odoo2chorus()
        res["xml_cii"] = "IN_DP_E1_CII_16B"
        return res
