# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# A payment order in these states has not reached the bank: its lines are being
# collected or paid. Once uploaded, an unpaid line of the order is a returned debit,
# to be collected again (unless it went to transfer).
PENDING_ORDER_STATES = ("draft", "open", "generated")


class AccountPaymentOrder(models.Model):
    _inherit = "account.payment.order"

    @api.model
    def _heat_lines_free(self, lines):
        """The journal items of ``lines`` in no payment order that has not reached
        the bank yet."""
        return lines.filtered(
            lambda line: (
                not line.payment_line_ids.filtered(
                    lambda payment_line: (
                        payment_line.order_id.state in PENDING_ORDER_STATES
                    )
                )
            )
        )

    @api.model
    def _heat_create_debit_orders(self, company, lines_by_date, description):
        """One direct debit order of ``company`` per debit date of
        ``{date: receivable lines}``, confirmed and its pain.008 file generated
        (OCA's flow; the user uploads it to the bank)."""
        orders = self
        mode = company.heat_debit_payment_mode_id
        for day, lines in sorted(lines_by_date.items()):
            order = self.with_company(company).create(
                {
                    "payment_mode_id": mode.id,
                    "date_prefered": "fixed",
                    "date_scheduled": day,
                    "description": description,
                }
            )
            lines.create_payment_line_from_move_line(order)
            order.draft2open()
            order.open2generated()
            orders |= order
        return orders
