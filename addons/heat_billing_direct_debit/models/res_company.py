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
