# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class HeatShareSubscriptionPayment(models.TransientModel):
    """Record the member's payment of a capital call and reconcile it with the call
    (the first call, or the oldest later call not paid yet)."""

    _name = "heat.share.subscription.payment"
    _description = "Payment of a capital call"
    _check_company_auto = True

    subscription_id = fields.Many2one(
        "heat.share.subscription", required=True, readonly=True
    )
    company_id = fields.Many2one(related="subscription_id.company_id")
    currency_id = fields.Many2one(related="subscription_id.currency_id")
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )

    @api.depends("subscription_id")
    def _compute_journal_id(self):
        for wizard in self:
            wizard.journal_id = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(
                        wizard.company_id
                    ),
                    ("type", "=", "bank"),
                ],
                limit=1,
            )

    @api.depends("subscription_id")
    def _compute_amount(self):
        for wizard in self:
            subscription = wizard.subscription_id
            line = subscription._open_call_line() if subscription else False
            wizard.amount = line.amount_residual if line else subscription.amount

    def action_confirm(self):
        self.ensure_one()
        subscription = self.subscription_id
        call_line = subscription._open_call_line()
        if not call_line:
            subscription._check_state("called")
        due = call_line.amount_residual
        if float_compare(
            self.amount,
            due,
            precision_rounding=subscription.currency_id.rounding,
        ):
            raise UserError(
                self.env._(
                    "The payment of %(paid)s for subscription %(name)s of %(holder)s "
                    "does not match the call of %(amount)s.",
                    paid=subscription.currency_id.format(self.amount),
                    name=subscription.name,
                    holder=subscription.partner_id.display_name,
                    amount=subscription.currency_id.format(due),
                )
            )
        move = self.env["account.move"].create(self._prepare_payment_move())
        move.action_post()
        receivable = subscription.class_id.account_receivable_id
        (move.line_ids | call_line).filtered(
            lambda line: line.account_id == receivable
        ).reconcile()
        # a later call is not followed by the reconciliation of the first call
        subscription._update_payment_state()
        return {"type": "ir.actions.act_window_close"}

    def _prepare_payment_move(self):
        subscription = self.subscription_id
        label = self.env._("Payment of %(name)s", name=subscription.name)
        account = self.journal_id.default_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Journal %(journal)s has no default account.",
                    journal=self.journal_id.display_name,
                )
            )
        return {
            "move_type": "entry",
            "company_id": subscription.company_id.id,
            "journal_id": self.journal_id.id,
            "date": self.date,
            "ref": label,
            "line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "partner_id": subscription.partner_id.id,
                        "debit": self.amount,
                    }
                ),
                Command.create(
                    {
                        "name": label,
                        "account_id": subscription.class_id.account_receivable_id.id,
                        "partner_id": subscription.partner_id.id,
                        "credit": self.amount,
                    }
                ),
            ],
        }
