# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def reconcile(self):
        """A capital call settled in accounting (bank reconciliation, payment wizard)
        makes its subscription paid, a later call moves its capital to paid; a
        payment that does not match is refused."""
        result = super().reconcile()
        moves = self.move_id.ids
        subscriptions = (
            self.env["heat.share.subscription"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("call_move_id", "in", moves),
                    ("state", "=", "called"),
                    ("call_move_ids", "in", moves),
                ]
            )
        )
        subscriptions._update_payment_state()
        return result
