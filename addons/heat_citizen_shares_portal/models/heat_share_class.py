# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatShareClass(models.Model):
    _inherit = "heat.share.class"

    web_subscription = fields.Boolean(
        string="Offered on the web form",
        help="Residents may ask for shares of this class on the public form "
        "(/shares/subscribe); the board approves each request.",
    )
