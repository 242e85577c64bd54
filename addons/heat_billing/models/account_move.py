# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from num2words import num2words

from odoo import fields, models
from odoo.tools import create_index, formatLang


class AccountMove(models.Model):
    _inherit = "account.move"

    heat_billing_run_id = fields.Many2one(
        "heat.billing.run",
        string="Heat billing run",
        readonly=True,
        copy=False,
        index=True,
    )
    heat_subscription_id = fields.Many2one(
        "heat.subscription", string="Heat subscription", readonly=True, copy=False
    )
    heat_renewable_share = fields.Float(
        string="Renewable share", readonly=True, copy=False
    )
    heat_co2_content = fields.Float(
        string="CO2 content (kg/kWh)", digits=(6, 3), readonly=True, copy=False
    )
    heat_billing_line_ids = fields.One2many(
        "heat.billing.run.line", "move_id", string="Heat billing details"
    )
    heat_sending = fields.Selection(
        [("email", "E-mail"), ("paper", "Paper")],
        string="Sent by",
        readonly=True,
        copy=False,
        help="How the billing run's Send step sends this invoice.",
    )

    def init(self):
        res = super().init()
        # Odoo looks for the last number of a journal among its named moves, by id
        # (sequence.mixin._get_last_sequence) and by date (_get_last_sequence_domain).
        # Drafts have no name: without these partial indexes each look-up reads every
        # draft and every move of the journal's year, and posting the n invoices of
        # a billing run reads n² rows (ADR 0038).
        for name, column in (("id", "id DESC"), ("date", "date DESC")):
            create_index(
                self.env.cr,
                f"account_move_heat_named_{name}_idx",
                self._table,
                ["journal_id", column],
                where="name <> '/'",
            )
        return res

    def _get_mail_template(self):
        """Heat invoices are e-mailed with the suite's template (period, MWh,
        amount, due date, online space)."""
        if self and all(
            move.heat_subscription_id and move.move_type == "out_invoice"
            for move in self
        ):
            return self.env.ref("heat_billing.mail_template_heat_invoice")
        return super()._get_mail_template()

    def _heat_sent_on_paper(self):
        """Whether the subscriber gets this invoice on paper: they chose to (the
        partner's invoice sending "Download"), or have no e-mail address."""
        self.ensure_one()
        partner = self.partner_id.with_company(self.company_id)
        return partner.invoice_sending_method == "manual" or not partner.email

    def _heat_queue_sending(self):
        """E-mail these invoices through Odoo's sending of invoices, in the
        background (its cron generates each PDF with its Factur-X and the mail)."""
        self._heat_write_sending(
            {
                "heat_sending": "email",
                "sending_data": {
                    "author_user_id": self.env.user.id,
                    "author_partner_id": self.env.user.partner_id.id,
                    "sending_methods": ["email"],
                },
            }
        )
        self.env.ref("account.ir_cron_account_move_send")._trigger()

    def _heat_write_sending(self, values):
        """Write how the invoices are sent, without Odoo's synchronisation of their
        journal items that every write on an invoice runs: these fields are not
        accounting (7 ms an invoice saved, 35 s for a run of 5,000)."""
        self.with_context(skip_invoice_sync=True).write(values)

    def _heat_debit_text(self):
        """How the invoice is debited, said in its e-mail ("debited on <date> from
        account <masked IBAN>"); nothing when it is paid otherwise. The direct debit
        addon fills it in."""
        self.ensure_one()
        return ""

    def _heat_period(self):
        """``(first day, last day, MWh)`` of the heat billed on this invoice."""
        self.ensure_one()
        lines = self.heat_billing_line_ids
        if not lines:
            return None, None, 0.0
        return (
            min(lines.mapped("date_from")),
            max(lines.mapped("date_to")),
            sum(lines.mapped("mwh")),
        )

    def _heat_mwh_text(self):
        """The MWh billed, written in the language of ``self.env``."""
        return formatLang(self.env, self._heat_period()[2], digits=3)

    def _heat_amount_in_words(self):
        """The total in French words, as French invoices show it."""
        self.ensure_one()
        euros = int(self.amount_total)
        cents = round((self.amount_total - euros) * 100)
        words = num2words(euros, lang="fr") + " euros"
        if cents:
            words += " et " + num2words(cents, lang="fr") + " centimes"
        return words

    def _heat_for_business(self):
        """Whether the customer buys as a business or a public body (not as a
        consumer): French law then wants the late-payment penalties and the fixed
        recovery indemnity printed on the invoice (Code de commerce L441-9)."""
        self.ensure_one()
        return self.commercial_partner_id.is_company

    def _heat_price_per_mwh_ttc(self):
        self.ensure_one()
        mwh = sum(self.heat_billing_line_ids.mapped("mwh"))
        return self.amount_total / mwh if mwh else 0.0
