# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatShareSubscription(models.Model):
    _name = "heat.share.subscription"
    _inherit = ["heat.share.subscription", "heat.web.form.consent.mixin"]

    web_payment = fields.Selection(
        [("transfer", "Bank transfer"), ("mandate", "SEPA direct debit")],
        string="Payment asked on the web form",
        readonly=True,
        copy=False,
    )
    web_bank_id = fields.Many2one(
        "res.partner.bank",
        string="Account to debit",
        readonly=True,
        copy=False,
        help="The account given on the web form, for the mandate to sign.",
    )
