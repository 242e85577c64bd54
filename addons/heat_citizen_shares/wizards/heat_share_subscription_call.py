# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..domain import capital as capital_domain


class HeatShareSubscriptionCall(models.TransientModel):
    """The board calls the uncalled capital of one or several subscriptions: a
    percentage of each one's uncalled rest, or an amount on each."""

    _name = "heat.share.subscription.call"
    _description = "Call of uncalled capital"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )
    subscription_ids = fields.Many2many(
        "heat.share.subscription",
        string="Subscriptions",
        required=True,
        check_company=True,
        domain="[('amount_uncalled', '>', 0), "
        "('state', 'in', ('called', 'paid', 'issued'))]",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    mode = fields.Selection(
        [("percent", "Percentage of the uncalled rest"), ("amount", "Amount")],
        string="Call",
        default="percent",
        required=True,
    )
    percent = fields.Float(
        string="Percentage", default=100.0, help="Of each subscription's uncalled rest."
    )
    amount = fields.Monetary(help="Called on each subscription.")
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount_uncalled = fields.Monetary(
        string="Uncalled", compute="_compute_amount_uncalled"
    )

    @api.depends("subscription_ids")
    def _compute_company_id(self):
        """The subscriptions' company (the call is refused across companies)."""
        for wizard in self:
            wizard.company_id = wizard.subscription_ids.company_id[:1] or (
                wizard.company_id or self.env.company
            )

    @api.depends("subscription_ids.amount_uncalled")
    def _compute_amount_uncalled(self):
        for wizard in self:
            wizard.amount_uncalled = sum(
                wizard.subscription_ids.mapped("amount_uncalled")
            )

    def action_confirm(self):
        self.ensure_one()
        moves = self.env["account.move"]
        for subscription in self.subscription_ids:
            amount = capital_domain.call_amount(
                subscription.amount_uncalled,
                percent=self.percent if self.mode == "percent" else None,
                amount=self.amount if self.mode == "amount" else None,
                rounding=subscription.currency_id.rounding,
            )
            if amount is None:
                raise UserError(
                    self.env._(
                        "Call of %(call)s on subscription %(name)s of %(holder)s "
                        "refused: %(uncalled)s of its capital is uncalled.",
                        call=(
                            f"{self.percent:g} %"
                            if self.mode == "percent"
                            else subscription.currency_id.format(self.amount)
                        ),
                        name=subscription.name,
                        holder=subscription.partner_id.display_name,
                        uncalled=subscription.currency_id.format(
                            subscription.amount_uncalled
                        ),
                    )
                )
            moves |= subscription._post_call(amount, self.date)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Capital calls"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
        }
