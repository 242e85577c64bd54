# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    heat_energy_cheque_beneficiary = fields.Boolean(
        string="Chèque énergie beneficiary",
        tracking=True,
        help="The household receives the State's chèque énergie; set when it pays "
        "with one.",
    )
