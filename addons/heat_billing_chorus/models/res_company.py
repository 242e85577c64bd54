# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # the EN 16931 CII XML of Odoo's own Factur-X export (ADR 0048)
    fr_chorus_invoice_format = fields.Selection(
        selection_add=[("xml_cii", "CII 16B XML")],
        ondelete={"xml_cii": "set null"},
    )
