# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import SHARES_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    share_interest_exempt = fields.Boolean(
        string="Exempt from the withholding on share interest",
        groups=SHARES_GROUP,
        help="Dispense, CGI art. 242 quater: the member declared, by 30 November, a "
        "reference taxable income below the legal threshold; the PFNL is not "
        "withheld from the interest paid the next year. The social levies are "
        "withheld all the same.",
    )
    share_interest_exempt_year = fields.Integer(
        string="Year of the exemption request",
        groups=SHARES_GROUP,
        help="The request covers the interest paid the year after.",
    )
    share_birthdate = fields.Date(
        string="Birth date",
        groups=SHARES_GROUP,
        help="Declared on the tax return of the interest (IFU) when known.",
    )
    share_birthplace = fields.Char(
        string="Birthplace",
        groups=SHARES_GROUP,
        help="Declared on the tax return of the interest (IFU) when known.",
    )

    @api.constrains("share_interest_exempt", "share_interest_exempt_year")
    def _check_share_interest_exempt_year(self):
        for partner in self.filtered("share_interest_exempt"):
            if partner.share_interest_exempt_year < 2000:
                raise ValidationError(
                    self.env._(
                        "%(name)s: give the year the exemption from the withholding "
                        "on share interest was asked.",
                        name=partner.display_name,
                    )
                )
