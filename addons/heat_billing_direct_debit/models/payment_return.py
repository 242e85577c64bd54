# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PaymentReturn(models.Model):
    _inherit = "payment.return"

    def action_confirm(self):
        """Book the return as OCA does (the invoice reopens), then follow the
        company's choice for each returned invoice: present it again or ask for a
        transfer, and end the mandate the reason says is gone."""
        self.ensure_one()
        self.line_ids._heat_default_fee()
        returned = {
            line: line.move_line_ids.matched_debit_ids.debit_move_id.move_id.filtered(
                lambda move: move.move_type == "out_invoice"
            )
            for line in self.line_ids
        }
        result = super().action_confirm()
        for line, invoices in returned.items():
            line._heat_follow_up(invoices)
        return result
