# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class AccountPaymentOrder(models.Model):
    _inherit = "account.payment.order"

    def generated2uploaded(self):
        """Once the bank has the file, the debited capital calls are paid: their
        capital moves from 1012 to 1013, and the shares can be issued."""
        result = super().generated2uploaded()
        calls = self.payment_line_ids.move_line_id.move_id
        self.env["heat.share.subscription"].search(
            [("call_move_id", "in", calls.ids), ("state", "=", "called")]
        )._update_payment_state()
        return result

    @api.model
    def _heat_pay_out(self, owed, description):
        """Pay the members what ``owed`` (journal items the company owes them)
        says, by one SEPA credit transfer order per company with its file
        generated; the members must have a bank account."""
        without_account = owed.partner_id.filtered(lambda partner: not partner.bank_ids)
        if without_account:
            raise UserError(
                self.env._(
                    "Record the bank account of %(members)s before repaying them.",
                    members=", ".join(without_account.mapped("display_name")),
                )
            )
        orders = self.browse()
        for company in owed.company_id:
            mode = company.heat_payout_payment_mode_id
            if not mode:
                raise UserError(
                    self.env._(
                        "Name the redemption payout mode of %(company)s first (its "
                        "Heat direct debit page).",
                        company=company.name,
                    )
                )
            order = self.with_company(company).create(
                {
                    "payment_mode_id": mode.id,
                    "date_prefered": "now",
                    "description": description,
                }
            )
            owed.filtered(
                lambda aml, company=company: aml.company_id == company
            ).create_payment_line_from_move_line(order)
            order.draft2open()
            order.open2generated()
            orders |= order
        return orders
