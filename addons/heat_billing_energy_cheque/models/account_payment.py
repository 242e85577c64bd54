# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..domain import energy_cheque


class AccountPayment(models.Model):
    _inherit = "account.payment"

    heat_is_energy_cheque = fields.Boolean(compute="_compute_heat_is_energy_cheque")
    heat_energy_cheque_number = fields.Char(
        string="Chèque énergie number", copy=False, tracking=True
    )
    heat_energy_cheque_year = fields.Integer(
        string="Chèque énergie year", copy=False, help="The year the cheque was issued."
    )
    heat_energy_cheque_remittance_id = fields.Many2one(
        "heat.energy.cheque.remittance",
        string="Remittance",
        copy=False,
        readonly=True,
        index="btree_not_null",
        check_company=True,
    )

    _sql_constraints = [
        (
            "heat_energy_cheque_number_unique",
            "unique(company_id, heat_energy_cheque_number)",
            "A chèque énergie pays once: this number is already recorded.",
        )
    ]

    @api.depends("journal_id", "company_id.heat_energy_cheque_journal_id")
    def _compute_heat_is_energy_cheque(self):
        for payment in self:
            journal = payment.company_id.heat_energy_cheque_journal_id
            payment.heat_is_energy_cheque = bool(
                payment.journal_id and payment.journal_id == journal
            )

    @api.constrains(
        "journal_id", "heat_energy_cheque_number", "heat_energy_cheque_year", "date"
    )
    def _check_heat_energy_cheque(self):
        for payment in self.filtered("heat_is_energy_cheque"):
            year = payment.heat_energy_cheque_year
            if not (payment.heat_energy_cheque_number and year):
                raise ValidationError(
                    self.env._(
                        "Payment %(payment)s is a chèque énergie: give its number and "
                        "its year.",
                        payment=payment.display_name,
                    )
                )
            if not energy_cheque.is_valid(year, payment.date):
                raise ValidationError(
                    self.env._(
                        "Chèque énergie %(number)s of %(year)s is not valid on "
                        "%(date)s: it could be used until %(until)s.",
                        number=payment.heat_energy_cheque_number,
                        year=year,
                        date=format_date(self.env, payment.date),
                        until=format_date(self.env, energy_cheque.valid_until(year)),
                    )
                )

    def action_post(self):
        result = super().action_post()
        self.filtered("heat_is_energy_cheque").partner_id.commercial_partner_id.write(
            {"heat_energy_cheque_beneficiary": True}
        )
        return result

    @api.model
    def _heat_demo_energy_cheque(self, partner_id):
        """Demo: the company's chèque énergie journal, and a household paying part of
        its January invoice with its 2024 cheque, on 10 March 2025."""
        self.env.company.action_heat_energy_cheque_journal()
        invoice = self.env["account.move"].search(
            [
                ("partner_id", "=", partner_id),
                ("heat_billing_run_id", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ],
            order="invoice_date",
            limit=1,
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {
                "journal_id": self.env.company.heat_energy_cheque_journal_id.id,
                "payment_date": fields.Date.to_date("2025-03-10"),
                "amount": 150.0,
                "heat_energy_cheque_number": "2024-0431187520",
                "heat_energy_cheque_year": 2024,
            }
        )._create_payments()
