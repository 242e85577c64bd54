# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter, defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..domain import direct_debit
from .account_payment_order import PENDING_ORDER_STATES


class HeatBillingRun(models.Model):
    _inherit = "heat.billing.run"

    debit_to_collect_count = fields.Integer(
        string="To collect", compute="_compute_debit_counts"
    )
    debit_ordered_count = fields.Integer(
        string="To debit", compute="_compute_debit_counts"
    )
    debit_done_count = fields.Integer(string="Debited", compute="_compute_debit_counts")
    debit_returned_count = fields.Integer(
        string="Returned", compute="_compute_debit_counts"
    )

    def _compute_debit_counts(self):
        counts = self._heat_debit_counts()
        for run in self:
            run_counts = counts[run._origin.id]
            run.debit_to_collect_count = run_counts["to_collect"]
            run.debit_ordered_count = run_counts["ordered"]
            run.debit_done_count = run_counts["done"]
            run.debit_returned_count = run_counts["returned"]

    # ------------------------------------------------------------------ actions

    def action_collect(self):
        """Put the run's invoices under a valid mandate into one SEPA direct debit
        order per debit date, and build each order's pain.008 file."""
        self.ensure_one()
        self.check_access("write")  # a billing manager's step
        moves = self._heat_moves_to_collect()
        if not moves:
            raise UserError(
                self.env._(
                    "Billing run %(run)s has no invoice left to collect by direct "
                    "debit.",
                    run=self.name,
                )
            )
        orders = self._heat_create_debit_orders(moves)
        self._message_log(
            body=self.env._(
                "Collection by %(user)s: %(count)s invoice(s) in %(orders)s direct "
                "debit order(s).",
                user=self.env.user.name,
                count=len(moves),
                orders=len(orders),
            )
        )
        return orders._get_records_action(name=self.env._("Direct debit orders"))

    # ------------------------------------------------------------------ business

    def _prepare_invoice(self, subscription, lines):
        vals = super()._prepare_invoice(subscription, lines)
        mode = self.company_id.heat_debit_payment_mode_id
        if mode and subscription.mandate_id.state == "valid":
            vals.update(payment_mode_id=mode.id, mandate_id=subscription.mandate_id.id)
        return vals

    def _heat_moves_to_collect(self):
        """The run's posted invoices under a valid mandate, unpaid and in no
        payment order yet."""
        self.ensure_one()
        return self.move_ids.filtered(
            lambda m: (
                m.state == "posted"
                and m.move_type == "out_invoice"
                and m._heat_is_debited()
                and m.mandate_id.state == "valid"
                and m.payment_state == "not_paid"
                and not m.line_ids.payment_line_ids.filtered(
                    lambda line: line.order_id.state in PENDING_ORDER_STATES
                )
            )
        )

    def _heat_create_debit_orders(self, moves):
        """One order per debit date (the invoices of one run share their company
        and payment mode)."""
        today = fields.Date.context_today(self)
        by_date = defaultdict(lambda: self.env["account.move.line"])
        for move in moves:
            day = direct_debit.debit_date(
                move.invoice_date_due,
                move.invoice_date,
                self.company_id.heat_debit_notice_days,
                today,
            )
            by_date[day] |= move.line_ids.filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable"
                    and not line.reconciled
                )
            )
        return self.env["account.payment.order"]._heat_create_debit_orders(
            self.company_id, by_date, self.name
        )

    @api.model
    def _heat_demo_mandates(self, mandate_ids):
        """Demo: the mandates on their subscribers' subscriptions and on the
        invoices already posted for them."""
        company = self.env.company
        for mandate in self.env["account.banking.mandate"].browse(mandate_ids):
            partner = mandate.partner_id.commercial_partner_id
            self.env["heat.subscription"].search(
                [("partner_id", "=", partner.id)]
            ).mandate_id = mandate
            self.env["account.move"].search(
                [
                    ("heat_billing_run_id", "!=", False),
                    ("partner_id", "=", partner.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                ]
            ).write(
                {
                    "payment_mode_id": company.heat_debit_payment_mode_id.id,
                    "mandate_id": mandate.id,
                }
            )

    @api.model
    def _heat_demo_collect(self, returned_partner_id):
        """Demo: the January run collected and its order uploaded to the bank, then
        the debit of one subscriber returned for insufficient funds and presented
        again in a new order."""
        run = self.search(
            [("state", "=", "posted"), ("company_id", "=", self.env.company.id)],
            order="date_from",
            limit=1,
        )
        orders = run._heat_create_debit_orders(run._heat_moves_to_collect())
        orders.generated2uploaded()
        payment = orders.payment_ids.filtered(
            lambda p: p.partner_id.commercial_partner_id.id == returned_partner_id
        )[:1]
        payment_return = self.env["payment.return"].create(
            {
                "journal_id": payment.journal_id.id,
                "line_ids": [
                    fields.Command.create(
                        {
                            "partner_id": payment.partner_id.id,
                            "amount": payment.amount,
                            "reason_id": self.env["payment.return.reason"]
                            .search([("code", "=", "AM04")], limit=1)
                            .id,
                            "move_line_ids": [
                                fields.Command.set(
                                    payment.move_id.line_ids.filtered(
                                        lambda line: (
                                            line.account_type == "asset_receivable"
                                        )
                                    ).ids
                                )
                            ],
                        }
                    )
                ],
            }
        )
        payment_return.action_confirm()
        run._heat_create_debit_orders(run._heat_moves_to_collect())

    def _heat_debit_counts(self):
        """``{run_id: Counter(to_collect, ordered, done, returned)}`` in one query:
        invoices under a mandate waiting for an order (new, or returned and to be
        presented again), in an order not yet uploaded to the bank, in an uploaded
        order and not returned since, and returned at least once."""
        keys = ("to_collect", "ordered", "done", "returned")
        counts = {
            run_id: Counter(dict.fromkeys(keys, 0))
            for run_id in self._origin.ids + [False]
        }
        if not self._origin.ids:
            return counts
        self.env["account.move"].flush_model(
            [
                "heat_billing_run_id",
                "state",
                "move_type",
                "mandate_id",
                "payment_state",
                "returned_payment",
            ]
        )
        self.env["account.move.line"].flush_model(["move_id"])
        self.env["account.payment.line"].flush_model(["move_line_id", "order_id"])
        self.env["account.payment.order"].flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT move.heat_billing_run_id, move.payment_state,
                       move.returned_payment, move.mandate_id IS NOT NULL,
                       bool_or(o.state IN %(pending)s),
                       bool_or(o.state IN ('uploaded', 'done'))
                  FROM account_move move
             LEFT JOIN account_move_line aml ON aml.move_id = move.id
             LEFT JOIN account_payment_line pl ON pl.move_line_id = aml.id
             LEFT JOIN account_payment_order o
                    ON o.id = pl.order_id AND o.state != 'cancel'
                 WHERE move.heat_billing_run_id = ANY(%(runs)s)
                   AND move.state = 'posted'
                   AND move.move_type = 'out_invoice'
                   AND (move.mandate_id IS NOT NULL OR move.returned_payment)
              GROUP BY move.heat_billing_run_id, move.id
                """,
                pending=PENDING_ORDER_STATES,
                runs=self._origin.ids,
            )
        )
        rows = self.env.cr.fetchall()
        for run_id, payment_state, returned, mandated, pending, uploaded in rows:
            run_counts = counts[run_id]
            run_counts["returned"] += bool(returned)
            if pending:
                run_counts["ordered"] += 1
            elif payment_state != "not_paid":
                run_counts["done"] += bool(uploaded)
            elif mandated:
                run_counts["to_collect"] += 1
        return counts
