# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    heat_is_energy_cheque = fields.Boolean(compute="_compute_heat_is_energy_cheque")
    heat_energy_cheque_number = fields.Char(string="Chèque énergie number")
    heat_energy_cheque_year = fields.Integer(string="Chèque énergie year")

    @api.depends("journal_id", "company_id.heat_energy_cheque_journal_id")
    def _compute_heat_is_energy_cheque(self):
        for wizard in self:
            journal = wizard.company_id.heat_energy_cheque_journal_id
            wizard.heat_is_energy_cheque = bool(
                wizard.journal_id and wizard.journal_id == journal
            )

    def _create_payment_vals_from_wizard(self, batch_result):
        vals = super()._create_payment_vals_from_wizard(batch_result)
        if self.heat_is_energy_cheque:
            vals.update(
                {
                    "heat_energy_cheque_number": self.heat_energy_cheque_number,
                    "heat_energy_cheque_year": self.heat_energy_cheque_year,
                }
            )
        return vals
