# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HeatSubscription(models.Model):
    _inherit = "heat.subscription"

    mandate_id = fields.Many2one(
        "account.banking.mandate",
        string="Direct debit mandate",
        check_company=True,
        tracking=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id), "
        "('state', '=', 'valid')]",
        help="The subscriber's SEPA mandate its invoices are debited under; one "
        "mandate may serve several of the subscriber's subscriptions.",
    )
    debit_return_count = fields.Integer(
        string="Returned debits",
        compute="_compute_debit_return_count",
        help="How many of the subscription's invoices had their direct debit "
        "returned by the subscriber's bank.",
    )

    def _compute_debit_return_count(self):
        groups = self.env["account.move"]._read_group(
            [
                ("heat_subscription_id", "in", self._origin.ids),
                ("returned_payment", "=", True),
            ],
            ["heat_subscription_id"],
            ["__count"],
        )
        counts = {subscription.id: count for subscription, count in groups}
        for subscription in self:
            subscription.debit_return_count = counts.get(subscription._origin.id, 0)

    @api.constrains("mandate_id", "partner_id")
    def _check_mandate_partner(self):
        for subscription in self.filtered("mandate_id"):
            subscription.mandate_id._heat_check_signed_by(
                subscription.partner_id, subscription.name
            )
