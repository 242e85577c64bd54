# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Post a large billing run in the background, batch by batch, on Odoo's cron
workers (ADR 0043).

A batch creates, posts and links the invoices of the next subscriptions not
invoiced yet, and locks their readings, in one transaction: after a killed worker
or a restart, a batch is done or was never started, and the next one starts where
the last committed one stopped. A batch that fails is posted again one
subscription per transaction: the ones that fail are listed on their lines with
the reason, the others post.
"""

import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

from .heat_billing_run_line import overlap_expected

_logger = logging.getLogger(__name__)

# invoices created and posted together: Odoo looks for the journal's last number at
# each invoice it posts, among moves that include the drafts not numbered yet when
# the statistics of the table predate the run (the rows just created): a run of n
# invoices created at once read n² moves (ADR 0038)
INVOICE_CHUNK = 250
# a run of this many subscriptions or more posts in the background; a smaller one
# posts in the request, all or nothing
BACKGROUND_FROM = 500
ONE_POSTING_PER_NETWORK = "heat_billing_run_one_posting_per_network"


class HeatBillingRun(models.Model):
    _inherit = "heat.billing.run"

    post_uid = fields.Many2one(
        "res.users",
        string="Posting asked by",
        readonly=True,
        copy=False,
        help="The user who posted the run: the background batches post its "
        "invoices in that user's name.",
    )
    post_progress = fields.Float(
        string="Progress",
        compute="_compute_post_progress",
        help="The share of the run's lines invoiced, in percent.",
    )
    post_done_count = fields.Integer(
        string="Lines invoiced", compute="_compute_post_progress"
    )
    post_error_count = fields.Integer(
        string="Lines in error", compute="_compute_post_progress"
    )
    error_line_ids = fields.One2many(
        "heat.billing.run.line",
        "run_id",
        string="Posting errors",
        domain=[("post_error", "!=", False)],
        readonly=True,
    )

    _sql_constraints = [
        (
            # the name is the database's: ONE_POSTING_PER_NETWORK
            "one_posting_per_network",
            "EXCLUDE (network_id WITH =) WHERE (state = 'posting')",
            "Another billing run of this network is being posted.",
        ),
    ]

    @api.depends("state", "line_ids.move_id", "line_ids.post_error")
    def _compute_post_progress(self):
        counts = self._heat_line_counts()
        for run in self:
            run_counts = counts[run._origin.id]
            run.post_done_count = run_counts.invoiced
            run.post_error_count = run_counts.failed
            run.post_progress = (
                100.0 * run_counts.invoiced / run_counts.lines
                if run_counts.lines
                else 0.0
            )

    # ------------------------------------------------------------------ actions

    def action_stop_posting(self):
        """Stop a run posted in the background at the end of the batch in progress
        (which holds the run until it commits). Its invoices stay posted: resume
        the run, or credit them. Nothing posted yet: the run is a preview again."""
        self.ensure_one()
        if self.state != "posting":
            raise UserError(
                self.env._("Billing run %(run)s is not being posted.", run=self.name)
            )
        self.state = "stopped" if self.post_done_count else "computed"
        self._message_log(
            body=self.env._("Posting stopped by %(user)s.", user=self.env.user.name)
        )
        return True

    def action_resume_posting(self):
        """Post the rest of a stopped run, and retry the lines in error."""
        self.ensure_one()
        self._heat_lock_for_posting()
        if not (
            self.state == "stopped"
            or (self.state == "posted" and self.post_error_count)
        ):
            raise UserError(
                self.env._(
                    "Billing run %(run)s has nothing left to post.", run=self.name
                )
            )
        self._check_accounting_period()
        self.error_line_ids.post_error = False
        return self._heat_post_now_or_later()

    # ------------------------------------------------------------------ business

    def _heat_post_now_or_later(self):
        """Mark the run being posted (one run per network at a time, the database
        says it), then post it in this transaction, or in the background when it
        is large."""
        self.ensure_one()
        self.env.flush_all()
        try:
            # no flush of the savepoint: it would end the tracking of the state
            with (
                overlap_expected(ONE_POSTING_PER_NETWORK),
                self.env.cr.savepoint(flush=False),
            ):
                self.write({"state": "posting", "post_uid": self.env.uid})
                self.flush_recordset(["state", "post_uid"])
        except psycopg2.errors.ExclusionViolation as error:
            if error.diag.constraint_name != ONE_POSTING_PER_NETWORK:
                raise
            raise UserError(
                self.env._(
                    "Another billing run of %(network)s is being posted: post "
                    "%(run)s when it ends.",
                    network=self.network_id.display_name,
                    run=self.name,
                )
            ) from error
        remaining = len(self._heat_subscription_ids_to_post())
        if remaining >= BACKGROUND_FROM:
            self.env.ref("heat_billing.ir_cron_heat_billing_post")._trigger()
            self._message_log(
                body=self.env._(
                    "Posting of %(count)s subscriptions started in the background.",
                    count=remaining,
                )
            )
            return True
        while self._heat_post_batch():
            pass
        return True

    def _heat_subscription_ids_to_post(self, limit=None):
        """The subscriptions of the run's lines not invoiced, not in error, in the
        order their invoices are created."""
        self.env["heat.billing.run.line"].flush_model()
        return [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT subscription_id FROM heat_billing_run_line
                     WHERE run_id = %s AND move_id IS NULL AND post_error IS NULL
                     ORDER BY subscription_id
                     LIMIT %s
                    """,
                    self.id,
                    limit,
                )
            )
        ]

    def _heat_post_batch(self, subscription_ids=None):
        """Create, post and link the invoices of the next subscriptions to post (at
        most ``INVOICE_CHUNK``, or ``subscription_ids``), lock the readings they
        used; end the run when none is left. Return how many were posted.

        The run is held (FOR SHARE) until the transaction ends: a stop waits for
        the batch; the lines are locked (FOR UPDATE): a line posted by another
        transaction since this one began is a serialization failure, never a
        second invoice."""
        self.ensure_one()
        self.env.flush_all()
        state = self.env.execute_query(
            SQL("SELECT state FROM heat_billing_run WHERE id = %s FOR SHARE", self.id)
        )
        if state != [("posting",)]:
            return 0
        if subscription_ids is None:
            subscription_ids = self._heat_subscription_ids_to_post(INVOICE_CHUNK)
        line_ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT id FROM heat_billing_run_line
                     WHERE run_id = %s AND subscription_id = ANY(%s)
                       AND move_id IS NULL AND post_error IS NULL
                     ORDER BY subscription_id, id
                       FOR UPDATE
                    """,
                    self.id,
                    subscription_ids,
                )
            )
        ]
        self.invalidate_recordset()
        lines = self.env["heat.billing.run.line"].browse(line_ids)
        lines.invalidate_recordset()
        if not lines:
            self._heat_end_posting()
            return 0
        by_subscription = {}
        for line in lines:
            by_subscription.setdefault(line.subscription_id, lines.browse())
            by_subscription[line.subscription_id] |= line
        subscriptions = list(by_subscription)
        moves = self._heat_create_invoices(
            [self._prepare_invoice(s, by_subscription[s]) for s in subscriptions]
        )
        self._heat_subscribe_customers(moves)
        self._heat_post_invoices(moves)
        self._link_invoices(
            [
                (line.id, move.id)
                for subscription, move in zip(subscriptions, moves, strict=True)
                for line in by_subscription[subscription]
            ]
        )
        # the consequence of posting, not a metering user's edit (ADR 0037)
        lines._heat_readings().sudo()._heat_lock()
        self._heat_end_posting()
        return len(subscriptions)

    def _heat_end_posting(self):
        """The run is posted when no subscription is left to post."""
        if self.state != "posting" or self._heat_subscription_ids_to_post(1):
            return
        self.state = "posted"
        if self.post_error_count:
            self._message_log(
                body=self.env._(
                    "Posted, except %(count)s lines in error: see the tab Posting "
                    "errors, mend them and resume.",
                    count=self.post_error_count,
                )
            )

    @api.model
    def _heat_cron_post(self):
        """Cron: one batch of the oldest run being posted, committed; Odoo calls
        again at once while some remain (``_notify_progress``)."""
        run = self.search([("state", "=", "posting")], order="id", limit=1)
        if not run:
            return
        run.with_user(run.post_uid or self.env.user).with_company(
            run.company_id
        )._heat_post_step()
        counts = (
            (self.search([("state", "=", "posting")]) | run)
            ._heat_line_counts()
            .values()
        )
        done = sum(c.invoiced for c in counts)
        remaining = sum(c.lines - c.invoiced - c.failed for c in counts)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if remaining:
            # Odoo calls a job again at once 10 times at most, then its workers wait
            # for a wake-up (or their next minute): a trigger wakes them at commit
            self.env.ref("heat_billing.ir_cron_heat_billing_post")._trigger()

    def _heat_post_step(self):
        """Post one batch and commit it. When the batch fails, post its
        subscriptions one per transaction: each that fails is rolled back and its
        lines say why, the others are committed."""
        self.ensure_one()
        cr = self.env.cr
        subscription_ids = self._heat_subscription_ids_to_post(INVOICE_CHUNK)
        try:
            self._heat_post_batch(subscription_ids)
            cr.commit()
            return
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            cr.rollback()
            raise
        except Exception:  # noqa: BLE001 - each subscription is tried alone below
            cr.rollback()
        for subscription_id in subscription_ids:
            try:
                self._heat_post_batch([subscription_id])
                cr.commit()
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                cr.rollback()
                raise
            except Exception as error:  # noqa: BLE001 - listed on the run
                cr.rollback()
                self._heat_record_post_error(subscription_id, error)
                cr.commit()

    def _heat_record_post_error(self, subscription_id, error):
        """Write why the invoice of a subscription could not be posted on its lines
        of the run; an unexpected error goes to the log with its traceback."""
        if isinstance(error, UserError | ValidationError):
            reason = str(error.args[0])
        else:
            _logger.exception(
                "Billing run %s: subscription %s not posted", self.id, subscription_id
            )
            reason = self.env._(
                "Unexpected error (%(error)s): the server log has the details.",
                error=type(error).__name__,
            )
        lines = self.env["heat.billing.run.line"].search(
            [
                ("run_id", "=", self.id),
                ("subscription_id", "=", subscription_id),
                ("move_id", "=", False),
            ]
        )
        lines.post_error = reason
        self._heat_end_posting()
