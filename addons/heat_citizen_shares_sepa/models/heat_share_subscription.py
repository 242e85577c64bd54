# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.heat_billing_direct_debit.domain import direct_debit

MANAGER = "heat_citizen_shares.heat_citizen_shares_group_manager"


class HeatShareSubscription(models.Model):
    _inherit = "heat.share.subscription"

    mandate_id = fields.Many2one(
        "account.banking.mandate",
        string="Direct debit mandate",
        check_company=True,
        tracking=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id), "
        "('state', '=', 'valid')]",
        help="The member's SEPA mandate the capital call is debited under (one-off "
        "or recurrent; a recurrent mandate may also serve the member's heat "
        "subscriptions).",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")

    @api.constrains("mandate_id", "partner_id")
    def _check_mandate_partner(self):
        for subscription in self.filtered("mandate_id"):
            subscription.mandate_id._heat_check_signed_by(
                subscription.partner_id, subscription.name
            )

    def action_collect(self):
        """Put the called capital of the subscriptions under a valid mandate into
        SEPA direct debit orders, one per company and debit date."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only a share register manager collects capital calls.")
            )
        lines_by_company = self._heat_call_lines_to_collect()
        if not lines_by_company:
            raise UserError(
                self.env._(
                    "None of these subscriptions has a capital call to collect under "
                    "a valid mandate."
                )
            )
        Order = self.env["account.payment.order"]
        orders = Order
        for company, by_date in lines_by_company.items():
            if not company.heat_debit_payment_mode_id:
                raise UserError(
                    self.env._(
                        "Name the direct debit payment mode of %(company)s first "
                        "(its Heat direct debit page).",
                        company=company.name,
                    )
                )
            orders |= Order._heat_create_debit_orders(
                company, by_date, self.env._("Capital calls")
            )
        return orders._get_records_action(name=self.env._("Direct debit orders"))

    def _heat_call_lines_to_collect(self):
        """``{company: {debit date: call receivable lines}}`` of the called
        subscriptions under a valid mandate, unpaid and in no pending order."""
        today = fields.Date.context_today(self)
        Order = self.env["account.payment.order"]
        result = defaultdict(lambda: defaultdict(lambda: self.env["account.move.line"]))
        for subscription in self.filtered(
            lambda s: s.state == "called" and s.mandate_id.state == "valid"
        ):
            lines = Order._heat_lines_free(
                subscription._call_receivable_line().filtered(
                    lambda line: not line.reconciled
                )
            )
            if not lines:
                continue
            company = subscription.company_id
            call_date = subscription.call_move_id.date
            day = direct_debit.debit_date(
                call_date, call_date, company.heat_debit_notice_days, today
            )
            result[company][day] |= lines
        return result

    def _prepare_call_move(self):
        """The call's receivable line carries the mandate, as a debited invoice
        does, for OCA's order to debit it under that mandate."""
        vals = super()._prepare_call_move()
        if self.mandate_id.state == "valid":
            vals["payment_mode_id"] = self.company_id.heat_debit_payment_mode_id.id
            vals["mandate_id"] = self.mandate_id.id
        return vals
