# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

CHEQUE_ACCOUNT_CODE = "511500"


class ResCompany(models.Model):
    _inherit = "res.company"

    heat_energy_cheque_journal_id = fields.Many2one(
        "account.journal",
        string="Chèque énergie journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', id)]",
        help="The journal of the payments by chèque énergie; its receipts wait on "
        "their own account until the State reimburses them.",
    )

    def action_heat_energy_cheque_journal(self):
        """Create the company's chèque énergie journal, with its account of cheques
        to cash (511500), once."""
        for company in self.filtered(lambda c: not c.heat_energy_cheque_journal_id):
            journal = company._heat_create_cheque_journal()
            company.heat_energy_cheque_journal_id = journal
        return True

    def _heat_create_cheque_journal(self):
        self.ensure_one()
        Account = self.env["account.account"].with_company(self)
        account = Account.search(
            [*Account._check_company_domain(self), ("code", "=", CHEQUE_ACCOUNT_CODE)],
            limit=1,
        ) or Account.create(
            {
                "code": CHEQUE_ACCOUNT_CODE,
                "name": self.env._("Chèques énergie to cash"),
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        journal = self.env["account.journal"].create(
            {
                "name": self.env._("Chèques énergie"),
                "code": "CHQE",
                "type": "bank",
                "company_id": self.id,
            }
        )
        journal.inbound_payment_method_line_ids.payment_account_id = account
        return journal
