# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatShareCollege(models.Model):
    _inherit = "heat.share.college"

    web_subscription = fields.Boolean(
        string="Open on the web form",
        help="A subscriber of the public form may join this college (users, "
        "supporters), not the colleges the board assigns (founders, employees).",
    )
