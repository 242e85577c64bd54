# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    heat_debit_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Heat direct debit mode",
        check_company=True,
        domain="[('payment_method_id.code', '=', 'sepa_direct_debit'), "
        "('company_id', '=', id)]",
        help="The SEPA direct debit payment mode of the invoices of subscriptions "
        "with a valid mandate.",
    )
    heat_debit_notice_days = fields.Integer(
        string="Direct debit notice (days)",
        default=14,
        help="How many days at least between the invoice, which tells the "
        "subscriber the amount and the date, and its debit (SEPA rulebook: 14 "
        "days unless the mandate agrees on less).",
    )
    heat_return_policy = fields.Selection(
        [
            ("represent", "Present it again in the next order"),
            ("transfer", "Ask for a transfer"),
        ],
        string="After a returned debit",
        default="represent",
        required=True,
        help="What becomes of an invoice whose debit the bank returned. After a "
        "return for a closed account (AC04) or a missing mandate (MD01) the mandate "
        "ends and the invoice always waits for a transfer.",
    )
    heat_return_fee_amount = fields.Monetary(
        string="Bank fee per returned debit",
        currency_field="currency_id",
        help="What the bank charges for each returned debit, booked as an expense "
        "when the return file does not say it.",
    )
    heat_return_fee_account_id = fields.Many2one(
        "account.account",
        string="Returned debit fee account",
        check_company=True,
        help="The expense account of the bank's fee on returned debits.",
    )
    heat_return_fee_charged = fields.Boolean(
        string="Charge the fee to the subscriber",
        help="Book the bank's fee of a returned debit on the subscriber's account, "
        "as the subscription's terms allow.",
    )
