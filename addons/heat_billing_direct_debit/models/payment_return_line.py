# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import format_date

from ..domain import direct_debit


class PaymentReturnLine(models.Model):
    _inherit = "payment.return.line"

    def _heat_default_fee(self):
        """The company's bank fee on the lines whose file did not say it."""
        for line in self.filtered(lambda line: not line.expense_amount):
            company = line.return_id.company_id
            if company.heat_return_fee_amount:
                line.write(
                    {
                        "expense_amount": company.heat_return_fee_amount,
                        "expense_account": (
                            company.heat_return_fee_account_id
                            or line.return_id.journal_id.default_expense_account_id
                        ).id,
                    }
                )

    def _prepare_expense_lines_vals(self, move):
        """The bank's fee charged on to the subscriber, when the company does: the
        subscriber's receivable against the fee's expense. (OCA creates these lines
        before the entry balances; its ``_prepare_extra_move_lines`` hook comes
        after, when a line that is not balanced already is refused.)"""
        vals_list = super()._prepare_expense_lines_vals(move)
        company = self.return_id.company_id
        if company.heat_return_fee_charged and self.expense_amount:
            partner = self.partner_id.commercial_partner_id
            label = self.env._("Returned debit fee %(ref)s", ref=self.reference or "")
            vals_list += [
                {
                    "name": label,
                    "account_id": partner.with_company(
                        company
                    ).property_account_receivable_id.id,
                    "partner_id": partner.id,
                    "debit": self.expense_amount,
                    "credit": 0.0,
                    "move_id": move.id,
                },
                {
                    "name": label,
                    "account_id": self.expense_account.id,
                    "debit": 0.0,
                    "credit": self.expense_amount,
                    "move_id": move.id,
                },
            ]
        return vals_list

    def _heat_follow_up(self, invoices):
        """Present the returned invoices again or send them to transfer, end the
        mandate the reason says is gone, and tell it on their subscriptions."""
        self.ensure_one()
        if not invoices:
            return
        company = self.return_id.company_id
        next_step, end_mandate = direct_debit.return_outcome(
            self.reason_id.code, company.heat_return_policy
        )
        mandates = invoices.mandate_id.filtered(lambda m: m.state == "valid")
        if end_mandate:
            mandates.cancel()
        if next_step == "transfer":
            invoices.with_context(skip_invoice_sync=True).write(
                {"payment_mode_id": False, "mandate_id": False}
            )
        body = self._heat_follow_up_message(next_step, end_mandate and mandates)
        for invoice in invoices:
            invoice._message_log(body=body)
            invoice.heat_subscription_id._message_log(body=body)

    def _heat_follow_up_message(self, next_step, ended_mandates):
        reason = self.reason_id.display_name or self.env._("no reason given")
        if next_step == "transfer":
            outcome = self.env._("the invoice now waits for a transfer")
        else:
            outcome = self.env._("the invoice will be presented again")
        message = self.env._(
            "Direct debit returned on %(date)s (%(reason)s): %(outcome)s.",
            date=format_date(self.env, self.date or self.return_id.date),
            reason=reason,
            outcome=outcome,
        )
        if ended_mandates:
            message += " " + self.env._(
                "Mandate %(mandate)s ended.",
                mandate=", ".join(ended_mandates.mapped("unique_mandate_reference")),
            )
        return message
