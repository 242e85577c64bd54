# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    heat_payout_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Redemption payout mode",
        check_company=True,
        domain="[('payment_method_id.code', '=', 'sepa_credit_transfer'), "
        "('company_id', '=', id)]",
        help="The SEPA credit transfer payment mode that repays the members their "
        "redeemed capital.",
    )
