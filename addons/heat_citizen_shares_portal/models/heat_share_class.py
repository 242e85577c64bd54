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

    def _heat_web_label(self):
        """The class as the public form offers it: its name, the price of a
        share and the number of shares one may hold."""
        self.ensure_one()
        label = self.env._(
            "%(class)s: %(price)s a share",
            price=self.currency_id.format(self.nominal_value),
            **{"class": self.name},
        )
        if self.max_shares:
            return self.env._(
                "%(label)s, %(min)s to %(max)s shares",
                label=label,
                min=max(self.min_shares, 1),
                max=self.max_shares,
            )
        if self.min_shares > 1:
            return self.env._(
                "%(label)s, %(min)s shares at least", label=label, min=self.min_shares
            )
        return label
