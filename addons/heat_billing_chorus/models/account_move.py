# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# invoices deposited in one Chorus Pro flow (a tar.gz when several)
FLOW_SIZE = 100
# the flow or invoice statuses of Chorus Pro that send an invoice back to its sender
FLOW_REJECTED = ("IN_REJETE",)
INVOICE_REJECTED = ("REJETEE", "SUSPENDUE")


class AccountMove(models.Model):
    _inherit = "account.move"

    heat_sending = fields.Selection(
        selection_add=[("chorus", "Chorus Pro")], ondelete={"chorus": "set null"}
    )
    heat_chorus_queued = fields.Boolean(
        string="To deposit on Chorus Pro",
        readonly=True,
        copy=False,
        help="Queued by the billing run's Send step; the background job deposits it "
        "on Chorus Pro.",
    )

    def _get_chorus_service(self):
        """The Chorus Pro service of a heat invoice is the one whose code the
        subscription names (the invoice's buyer reference), among the public body's
        services; other invoices keep the customer contact's service."""
        self.ensure_one()
        if self.heat_subscription_id and self.buyer_reference:
            service = self.env["chorus.partner.service"].search(
                [
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("code", "=", self.buyer_reference),
                ],
                limit=1,
            )
            if service:
                return service
        return super()._get_chorus_service()

    def _chorus_validation_checks(self):
        self.ensure_one()
        partner = self.commercial_partner_id
        if (
            self.heat_subscription_id
            and self.buyer_reference
            and partner.fr_chorus_required in ("service", "service_and_engagement")
            and not self._get_chorus_service()
        ):
            raise UserError(
                self.env._(
                    "Subscription %(subscription)s names the Chorus Pro service "
                    "%(code)s, which is not among the active services of "
                    "%(partner)s: update the partner's Chorus services, or mend the "
                    "code on the subscription.",
                    subscription=self.heat_subscription_id.name,
                    code=self.buyer_reference,
                    partner=partner.display_name,
                )
            )
        return super()._chorus_validation_checks()

    def _chorus_get_invoice(self, chorus_invoice_format):
        """The CII XML of Odoo's own Factur-X export (ADR 0048)."""
        if chorus_invoice_format != "xml_cii":
            return super()._chorus_get_invoice(chorus_invoice_format)
        self.ensure_one()
        xml, errors = self.env["account.edi.xml.cii"]._export_invoice(self)
        if errors:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s cannot be deposited on Chorus Pro:\n"
                    "%(errors)s",
                    invoice=self.display_name,
                    errors="\n".join(sorted(errors)),
                )
            )
        return xml

    # ------------------------------------------------------------------ business

    def _heat_sent_by_chorus(self):
        """Whether this invoice goes to its customer through Chorus Pro (the
        partner's invoice sending)."""
        self.ensure_one()
        partner = self.commercial_partner_id.with_company(self.company_id)
        return partner.invoice_sending_method == "fr_chorus"

    def _heat_queue_chorus(self):
        """Queue these invoices for their deposit on Chorus Pro, in the background."""
        self._heat_write_sending({"heat_sending": "chorus", "heat_chorus_queued": True})
        self.env.ref("heat_billing_chorus.ir_cron_heat_chorus_send")._trigger()

    @api.model
    def _heat_cron_chorus_send(self):
        """Cron: deposit one flow of queued invoices per company on Chorus Pro. A
        failure (credentials, connection, an answer in error) leaves them queued and
        is shown on their runs; the next call tries again."""
        queued = self.search(
            [("heat_chorus_queued", "=", True), ("state", "=", "posted")], order="id"
        )
        done = remaining = 0
        for company in queued.company_id:
            company_moves = queued.filtered(lambda m, c=company: m.company_id == c)
            flow_moves = company_moves[:FLOW_SIZE]
            # the messages of a failure in the operator's language
            lang = company.partner_id.lang or self.env.lang
            if (
                flow_moves.with_company(company)
                .with_context(lang=lang)
                ._heat_deposit_on_chorus()
            ):
                done += len(flow_moves)
                remaining += len(company_moves) - len(flow_moves)
        # called again at once while a company that could deposit has more queued;
        # a company whose deposit failed waits for the next hourly call
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _heat_deposit_on_chorus(self):
        runs = self.heat_billing_run_id
        try:
            with self.env.cr.savepoint():
                flow = self._fr_chorus_send()
                if not flow:
                    raise UserError(
                        self.env._("Chorus Pro answered without a flow number.")
                    )
        except UserError as error:
            runs._heat_chorus_failed(str(error))
            return False
        self._heat_write_sending({"heat_chorus_queued": False})
        runs.heat_chorus_error = False
        return True
