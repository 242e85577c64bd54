# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter

from odoo import api, fields, models
from odoo.tools import SQL

from .account_move import FLOW_REJECTED, INVOICE_REJECTED


class HeatBillingRun(models.Model):
    _inherit = "heat.billing.run"

    chorus_queued_count = fields.Integer(
        string="To deposit on Chorus Pro", compute="_compute_chorus_counts"
    )
    chorus_deposited_count = fields.Integer(
        string="Deposited on Chorus Pro", compute="_compute_chorus_counts"
    )
    chorus_rejected_count = fields.Integer(
        string="Rejected by Chorus Pro", compute="_compute_chorus_counts"
    )
    heat_chorus_error = fields.Text(
        string="Chorus Pro error",
        readonly=True,
        copy=False,
        help="Why the last deposit of this run's invoices on Chorus Pro failed; they "
        "stay queued and the next hourly call tries again.",
    )

    def _compute_chorus_counts(self):
        counts = self._heat_chorus_counts()
        for run in self:
            run_counts = counts[run._origin.id]
            run.chorus_queued_count = run_counts["queued"]
            run.chorus_deposited_count = run_counts["deposited"]
            run.chorus_rejected_count = run_counts["rejected"]

    # ------------------------------------------------------------------ actions

    def action_send(self):
        """Public bodies' invoices go through Chorus Pro, deposited in the
        background; the others as the run sends them."""
        self.ensure_one()
        self.check_access("write")  # a billing manager's step
        chorus = self._heat_moves_to_send().filtered(lambda m: m._heat_sent_by_chorus())
        if not chorus:
            return super().action_send()
        chorus._heat_queue_chorus()
        self._message_log(
            body=self.env._(
                "Sending by %(user)s: %(count)s invoice(s) to deposit on Chorus Pro.",
                user=self.env.user.name,
                count=len(chorus),
            )
        )
        if self._heat_moves_to_send():
            return super().action_send()
        return self._heat_sending_notification(
            self.env._(
                "%(count)s invoice(s) are being deposited on Chorus Pro in the "
                "background.",
                count=len(chorus),
            )
        )

    def action_chorus_send_again(self):
        """Deposit again the invoices Chorus Pro rejected, once mended."""
        self.ensure_one()
        self.check_access("write")  # a billing manager's step
        moves = self.env["account.move"].browse(self._heat_chorus_rejected_ids())
        moves.write({"chorus_flow_id": False, "chorus_status": False})
        moves._heat_queue_chorus()
        return True

    def action_view_chorus(self):
        self.ensure_one()
        moves = self.move_ids.filtered(lambda m: m.heat_sending == "chorus")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices on Chorus Pro"),
            "res_model": "account.move",
            "views": [
                (self.env.ref("heat_billing_chorus.view_move_chorus_list").id, "list"),
                (False, "form"),
            ],
            "domain": [("id", "in", moves.ids)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------ business

    @api.model
    def _heat_demo_public_body(self, partner_id, service_code, commitment):
        """Demo: the public body's subscriptions with their Chorus Pro service and
        commitment, and the invoices already posted for them."""
        subscriptions = self.env["heat.subscription"].search(
            [("partner_id", "=", partner_id)]
        )
        subscriptions.write(
            {
                "is_public_body": True,
                "chorus_service_code": service_code,
                "chorus_commitment_number": commitment,
            }
        )
        self.env["account.move"].search(
            [
                ("heat_subscription_id", "in", subscriptions.ids),
                ("state", "=", "posted"),
            ]
        ).write(
            {
                "buyer_reference": service_code,
                "purchase_order_reference": commitment,
                "ref": commitment,
            }
        )

    def _heat_chorus_failed(self, error):
        """Keep why a deposit failed on the runs, said once in their chatter."""
        for run in self.filtered(lambda r: r.heat_chorus_error != error):
            run.heat_chorus_error = error
            run._message_log(
                body=self.env._(
                    "The deposit on Chorus Pro failed; it will be tried again: "
                    "%(error)s",
                    error=error,
                )
            )

    def _heat_chorus_invoices_sql(self, run_ids):
        """The runs' invoices sent by Chorus Pro: run, invoice, queued, deposited,
        rejected."""
        return SQL(
            """
            SELECT move.heat_billing_run_id, move.id,
                   move.heat_chorus_queued IS TRUE,
                   move.chorus_flow_id IS NOT NULL,
                   move.heat_chorus_queued IS NOT TRUE AND (
                       move.chorus_flow_id IS NULL
                       OR flow.status IN %s
                       OR move.chorus_status IN %s)
              FROM account_move move
         LEFT JOIN chorus_flow flow ON flow.id = move.chorus_flow_id
             WHERE move.heat_billing_run_id = ANY(%s)
               AND move.heat_sending = 'chorus'
               AND move.state = 'posted'
            """,
            FLOW_REJECTED,
            INVOICE_REJECTED,
            run_ids,
        )

    def _heat_chorus_rows(self):
        self.env["account.move"].flush_model(
            ["heat_chorus_queued", "chorus_flow_id", "chorus_status", "heat_sending"]
        )
        self.env["chorus.flow"].flush_model(["status"])
        self.env.cr.execute(self._heat_chorus_invoices_sql(self._origin.ids))
        return self.env.cr.fetchall()

    def _heat_chorus_counts(self):
        """``{run_id: Counter(queued, deposited, rejected)}``, one query."""
        counts = {
            run_id: Counter(queued=0, deposited=0, rejected=0)
            for run_id in self._origin.ids + [False]
        }
        if not self._origin.ids:
            return counts
        for run_id, _move_id, queued, deposited, rejected in self._heat_chorus_rows():
            if rejected:
                counts[run_id]["rejected"] += 1
            elif queued:
                counts[run_id]["queued"] += 1
            elif deposited:
                counts[run_id]["deposited"] += 1
        return counts

    def _heat_chorus_rejected_ids(self):
        return [row[1] for row in self._heat_chorus_rows() if row[4]]
