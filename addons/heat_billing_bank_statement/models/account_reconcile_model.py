# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountReconcileModel(models.Model):
    _inherit = "account.reconcile.model"

    heat_invoice_reference = fields.Boolean(
        string="Customer invoices, whoever pays",
        help="Match only customer invoices, by their reference, whoever the payer is: "
        "the partner the statement line names (a treasury, a notary, a namesake) "
        "does not narrow the candidates, and other entries whose number has the same "
        "digits (a payment PCHQE/2025/00001 beside the invoice FAC/2025/00001) are "
        "not candidates.",
    )

    def _get_invoice_matching_amls_domain(self, st_line, partner):
        if not self.heat_invoice_reference:
            return super()._get_invoice_matching_amls_domain(st_line, partner)
        return super()._get_invoice_matching_amls_domain(
            st_line, self.env["res.partner"]
        ) + [
            ("account_id.account_type", "=", "asset_receivable"),
            # the journal's type, not the entry's: OCA's query joins the entry
            # under the alias a move_id leaf would take
            ("journal_id.type", "=", "sale"),
        ]
