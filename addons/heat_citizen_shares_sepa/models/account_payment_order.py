# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountPaymentOrder(models.Model):
    _inherit = "account.payment.order"

    def generated2uploaded(self):
        """Once the bank has the file, the debited capital calls are paid: their
        capital moves from 1012 to 1013, and the shares can be issued."""
        result = super().generated2uploaded()
        calls = self.payment_line_ids.move_line_id.move_id
        self.env["heat.share.subscription"].search(
            [("call_move_id", "in", calls.ids), ("state", "=", "called")]
        )._update_payment_state()
        return result
