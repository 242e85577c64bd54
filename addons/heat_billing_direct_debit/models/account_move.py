# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import format_date

from ..domain import direct_debit


class AccountMove(models.Model):
    _inherit = "account.move"

    def _heat_is_debited(self):
        """Whether this invoice is paid by SEPA direct debit under a mandate."""
        self.ensure_one()
        return bool(
            self.mandate_id
            and self.payment_mode_id.payment_method_id.code == "sepa_direct_debit"
        )

    def _heat_debit_date(self):
        """The day the invoice is debited: its payment order's once collected, else
        the day the rule gives from the invoice's date (the pre-notification)."""
        self.ensure_one()
        collected = self.line_ids.payment_line_ids.filtered(
            lambda line: line.order_id.state != "cancel" and line.date
        )
        if collected:
            return collected[:1].date
        return direct_debit.debit_date(
            self.invoice_date_due or self.invoice_date,
            self.invoice_date,
            self.company_id.heat_debit_notice_days,
            self.invoice_date,
        )

    def _heat_debit_text(self):
        if not self._heat_is_debited():
            return super()._heat_debit_text()
        lang = self.partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        return env._(
            "debited on %(date)s from account %(iban)s",
            date=format_date(env, self._heat_debit_date()),
            iban=self._heat_masked_iban(),
        )

    def _heat_masked_iban(self):
        self.ensure_one()
        return direct_debit.mask_iban(self.mandate_id.partner_bank_id.acc_number)
