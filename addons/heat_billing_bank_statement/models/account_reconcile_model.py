# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountReconcileModel(models.Model):
    _inherit = "account.reconcile.model"

    heat_any_payer = fields.Boolean(
        string="Whoever pays",
        help="Match the invoices by their reference whoever the payer is: the partner "
        "the statement line names (a treasury, a notary, a namesake) does not narrow "
        "the candidates.",
    )

    def _get_invoice_matching_amls_domain(self, st_line, partner):
        if self.heat_any_payer:
            partner = self.env["res.partner"]
        return super()._get_invoice_matching_amls_domain(st_line, partner)
