# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountBankStatement(models.Model):
    _inherit = "account.bank.statement"

    @api.model
    def _heat_demo_statement(self, partner_ids):
        """Demo: a day's statement on the operator's bank journal where the given
        subscribers pay their oldest open heat invoice by transfer, with its
        reference, beside a transfer that names no invoice (left to a user)."""
        company = self.env.company
        # demo data loads before the post-init hook that gives the rule
        self.env["account.chart.template"]._heat_load_matching()
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        invoices = self.env["account.move"]
        for partner_id in partner_ids:
            invoices |= self.env["account.move"].search(
                [
                    ("partner_id", "=", partner_id),
                    ("heat_billing_run_id", "!=", False),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "=", "not_paid"),
                ],
                order="invoice_date, name",
                limit=1,
            )
        day = max(invoices.mapped("invoice_date_due"), default=fields.Date.today())
        lines = [
            {
                "date": day,
                "journal_id": journal.id,
                "amount": invoice.amount_residual,
                "partner_name": invoice.partner_id.name.upper(),
                "payment_ref": f"VIR SEPA {invoice.payment_reference}",
            }
            for invoice in invoices
        ]
        lines.append(
            {
                "date": day,
                "journal_id": journal.id,
                "amount": 100.0,
                "partner_name": "M. ROCHE PAUL",
                "payment_ref": "SOUSCRIPTION PARTS SOCIALES",
            }
        )
        return self.create(
            {
                "name": self.env._("Statement of %(day)s", day=day),
                "journal_id": journal.id,
                "date": day,
                "line_ids": [fields.Command.create(vals) for vals in lines],
            }
        )
