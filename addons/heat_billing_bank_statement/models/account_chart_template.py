# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.account.models.chart_template import template

MATCHING_RULE = "heat_reconcile_by_reference"


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @template(model="account.reconcile.model")
    def _get_heat_account_reconcile_model(self, template_code):
        """Every chart of accounts loaded brings the suite's matching rule."""
        return {MATCHING_RULE: self._heat_matching_rule()}

    def _heat_matching_rule(self):
        """A transfer pays the invoice whose reference it carries: the invoice
        number or the structured creditor reference printed on it. The payer need
        not be known (a tenant, a notary, the public treasury pay for the
        subscriber); the amount must be the amount due, else the line waits for a
        user. The reference being unique, an invoice of any age matches (Odoo's
        rules look back 18 months)."""
        names = {
            f"name@{code}": self.with_context(lang=code).env._(
                "Heat invoices by their reference"
            )
            for code, _name in self.env["res.lang"].get_installed()
        }
        return {
            "name": self.env._("Heat invoices by their reference"),
            **names,
            "sequence": 0,
            "rule_type": "invoice_matching",
            "auto_reconcile": True,
            "match_nature": "amount_received",
            "match_same_currency": True,
            "match_partner": False,
            "heat_invoice_reference": True,
            "match_text_location_label": True,
            "match_text_location_note": True,
            "match_text_location_reference": True,
            "unique_matching": True,
            "past_months_limit": 0,
            "allow_payment_tolerance": True,
            "payment_tolerance_type": "percentage",
            "payment_tolerance_param": 0.0,
        }

    def _heat_load_matching(self):
        """The rule in the current company, as its chart would have brought it."""
        company = self.env.company
        if self.ref(MATCHING_RULE, raise_if_not_found=False):
            return
        self._load_data(
            {
                "account.reconcile.model": {
                    MATCHING_RULE: dict(
                        self._heat_matching_rule(), company_id=company.id
                    )
                }
            }
        )
