# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The "Send" step of a billing run (ADR 0047): each invoice by e-mail through Odoo's
own sending of invoices, in the background, or on paper, printed in one PDF in postal
order."""

from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.pdf import merge_pdf

from ..domain import postal

# the paper invoices rendered by one call of the PDF engine
PAPER_CHUNK = 100
# the notification statuses of an e-mail that did not reach its recipient
MAIL_FAILED = ("exception", "bounce")


class HeatBillingRun(models.Model):
    _inherit = "heat.billing.run"

    send_queued_count = fields.Integer(
        string="Being sent", compute="_compute_send_counts"
    )
    sent_count = fields.Integer(string="E-mailed", compute="_compute_send_counts")
    to_print_count = fields.Integer(string="To print", compute="_compute_send_counts")
    printed_count = fields.Integer(string="Printed", compute="_compute_send_counts")
    send_failed_count = fields.Integer(
        string="Not delivered", compute="_compute_send_counts"
    )
    paper_print_requested = fields.Boolean(
        string="Print being prepared", readonly=True, copy=False
    )
    paper_print_id = fields.Many2one(
        "ir.attachment", string="Print of the paper invoices", readonly=True, copy=False
    )
    paper_print = fields.Binary(related="paper_print_id.datas", string="Print")
    paper_print_name = fields.Char(related="paper_print_id.name", string="Print file")

    def _compute_send_counts(self):
        counts = self._heat_send_counts()
        for run in self:
            run_counts = counts[run._origin.id]
            run.send_queued_count = run_counts["queued"]
            run.sent_count = run_counts["sent"]
            run.to_print_count = run_counts["paper"]
            run.printed_count = run_counts["printed"]
            run.send_failed_count = run_counts["failed"]

    # ------------------------------------------------------------------ actions

    def action_send(self):
        """Send the run's posted invoices not sent yet: by e-mail, in the background
        (Odoo's cron of invoice sending: the PDF with its Factur-X, the run's mail
        template in the subscriber's language), or kept for the paper print."""
        self.ensure_one()
        self.check_access("write")  # a billing manager's step
        moves = self._heat_moves_to_send()
        if not moves:
            raise UserError(
                self.env._(
                    "Billing run %(run)s has no posted invoice left to send.",
                    run=self.name,
                )
            )
        paper = moves.filtered(lambda m: m._heat_sent_on_paper())
        email = moves - paper
        paper._heat_write_sending({"heat_sending": "paper"})
        if email:
            email._heat_queue_sending()
        self._message_log(
            body=self.env._(
                "Sending by %(user)s: %(email)s invoice(s) by e-mail, %(paper)s to "
                "print.",
                user=self.env.user.name,
                email=len(email),
                paper=len(paper),
            )
        )
        return self._heat_sending_notification(
            self.env._(
                "%(email)s invoice(s) are being e-mailed in the background; "
                "%(paper)s are to print.",
                email=len(email),
                paper=len(paper),
            )
        )

    def action_print_paper(self):
        """Prepare, in the background, one PDF of the invoices to send on paper, in
        postal order; it is attached to the run."""
        self.ensure_one()
        self.check_access("write")  # a billing manager's step
        moves = self._heat_moves_to_print()
        if not moves:
            raise UserError(
                self.env._(
                    "Billing run %(run)s has no invoice left to print.", run=self.name
                )
            )
        self.paper_print_requested = True
        self.env.ref("heat_billing.ir_cron_heat_billing_print_paper")._trigger()
        return self._heat_sending_notification(
            self.env._(
                "The print of %(count)s invoice(s) is being prepared in the "
                "background; download it from the run.",
                count=len(moves),
            )
        )

    def action_send_failed_again(self):
        """E-mail again the invoices whose e-mail failed or bounced (the address
        mended on the subscriber)."""
        self.ensure_one()
        self.check_access("write")  # a billing manager's step
        moves = self.env["account.move"].browse(self._heat_failed_move_ids())
        if not moves:
            raise UserError(
                self.env._("No e-mail of billing run %(run)s failed.", run=self.name)
            )
        moves._heat_queue_sending()
        return True

    def action_view_send_failed(self):
        self.ensure_one()
        return (
            self.env["account.move"]
            .browse(self._heat_failed_move_ids())
            ._get_records_action(name=self.env._("Invoices not delivered"))
        )

    # ------------------------------------------------------------------ business

    @api.model
    def _heat_cron_print_paper(self):
        """Cron: the print of the oldest run that asked for one."""
        runs = self.search([("paper_print_requested", "=", True)], order="id")
        if runs:
            runs[0].with_company(runs[0].company_id)._heat_print_paper()
        self.env["ir.cron"]._notify_progress(
            done=len(runs[:1]), remaining=len(runs[1:])
        )

    def _heat_moves_to_print(self):
        self.ensure_one()
        return self.move_ids.filtered(
            lambda m: m.heat_sending == "paper" and not m.is_move_sent
        )

    def _heat_print_paper(self):
        """One PDF of the paper invoices in postal order (postcode, town, street,
        name), rendered by chunks, attached to the run; the invoices marked sent."""
        self.ensure_one()
        moves = self._heat_moves_to_print()
        if not moves:  # printed since it was asked
            self.paper_print_requested = False
            return
        moves = moves.sorted(
            lambda m: postal.sort_key(
                m.partner_id.zip,
                m.partner_id.city,
                m.partner_id.street,
                m.partner_id.name,
            )
        )
        # a real PDF, also under the test runner (which renders HTML otherwise)
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdfs = [
            report._render_qweb_pdf("account.account_invoices", chunk.ids)[0]
            for chunk in (
                moves[i : i + PAPER_CHUNK] for i in range(0, len(moves), PAPER_CHUNK)
            )
        ]
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Invoices to print %(run)s.pdf", run=self.name.replace("/", "-")
                ),
                "res_model": self._name,
                "res_id": self.id,
                "raw": merge_pdf(pdfs) if len(pdfs) > 1 else pdfs[0],
                "mimetype": "application/pdf",
            }
        )
        moves._heat_write_sending({"is_move_sent": True})
        self.write({"paper_print_requested": False, "paper_print_id": attachment.id})
        self._message_log(
            body=self.env._(
                "The print of %(count)s paper invoice(s) is ready.", count=len(moves)
            ),
            attachment_ids=attachment.ids,
        )

    def _heat_sending_notification(self, message):
        """What the Send button shows once the invoices are queued."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Sending invoices"),
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _heat_moves_to_send(self):
        """The run's posted invoices that no step has sent nor queued yet."""
        self.ensure_one()
        return self.move_ids.filtered(
            lambda m: m.state == "posted" and not m.heat_sending and not m.is_move_sent
        )

    def _heat_send_counts(self):
        """``{run_id: counts}`` of the runs' posted invoices: being sent, e-mailed,
        to print, printed and not delivered; two queries whatever their number."""
        counts = {
            run_id: Counter(queued=0, sent=0, paper=0, printed=0, failed=0)
            for run_id in self._origin.ids + [False]
        }
        ids = self._origin.ids
        if not ids:
            return counts
        self.env["account.move"].flush_model(
            [
                "heat_billing_run_id",
                "heat_sending",
                "is_move_sent",
                "sending_data",
                "state",
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT heat_billing_run_id,
                       count(*) FILTER (WHERE sending_data IS NOT NULL),
                       count(*) FILTER (WHERE heat_sending = 'email' AND is_move_sent),
                       count(*) FILTER (WHERE heat_sending = 'paper'
                                          AND is_move_sent IS NOT TRUE),
                       count(*) FILTER (WHERE heat_sending = 'paper' AND is_move_sent)
                  FROM account_move
                 WHERE heat_billing_run_id = ANY(%s) AND state = 'posted'
              GROUP BY heat_billing_run_id
                """,
                ids,
            )
        )
        for run_id, queued, sent, paper, printed in self.env.cr.fetchall():
            counts[run_id].update(
                queued=queued, sent=sent, paper=paper, printed=printed
            )
        for run_id, _move_id in self._heat_failed_mails(ids):
            counts[run_id]["failed"] += 1
        return counts

    def _heat_failed_mails(self, run_ids):
        """``[(run_id, move_id)]``: the runs' invoices whose last e-mail failed or
        bounced, one query."""
        self.env["mail.notification"].flush_model(["notification_status"])
        self.env.cr.execute(
            SQL(
                """
                SELECT move.heat_billing_run_id, move.id
                  FROM account_move move
                  JOIN LATERAL (
                        SELECT notification.notification_status
                          FROM mail_message message
                          JOIN mail_notification notification
                            ON notification.mail_message_id = message.id
                         WHERE message.model = 'account.move'
                           AND message.res_id = move.id
                           AND notification.notification_type = 'email'
                      ORDER BY notification.id DESC
                         LIMIT 1
                       ) last ON true
                 WHERE move.heat_billing_run_id = ANY(%s)
                   AND move.heat_sending = 'email'
                   AND move.sending_data IS NULL
                   AND last.notification_status IN %s
                """,
                run_ids,
                MAIL_FAILED,
            )
        )
        return self.env.cr.fetchall()

    def _heat_failed_move_ids(self):
        self.ensure_one()
        return [move_id for _run_id, move_id in self._heat_failed_mails(self.ids)]
