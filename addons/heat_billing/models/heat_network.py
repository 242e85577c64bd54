# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatNetwork(models.Model):
    _inherit = "heat.network"

    heat_co2_content = fields.Float(
        string="CO2 content (kg/kWh)",
        digits=(6, 3),
        help="The network's CO2 content per kWh delivered, as published yearly in the "
        "French DPE order (arrêté) for each network; printed on invoices.",
    )
    heat_dpe_identifier = fields.Char(
        string="DPE identifier", help="The network's identifier in the DPE order."
    )
    heat_climate_adjustment = fields.Boolean(
        string="Climate adjustment",
        help="At the yearly regularisation, correct the fixed part (R2) when the "
        "year's degree-days fall outside the band around the normal.",
    )
    heat_climate_band = fields.Float(
        string="Climate band",
        default=0.04,
        digits=(4, 3),
        help="No correction while the year's degree-days stay within normal ± band.",
    )
    heat_payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment terms",
        check_company=True,
        default=lambda self: self.env.ref(
            "account.account_payment_term_30days", raise_if_not_found=False
        ),
        help="Of the subscribers' invoices, unless their subscription names other "
        "terms: they set the due date printed on the invoice.",
    )
    heat_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic account",
        check_company=True,
        help="Vendor bills of the network's costs carry it in their analytic "
        "distribution: the yearly balance reads them from accounting.",
    )

    heat_commitment_years = fields.Integer(
        string="Minimum commitment (years)",
        help="A subscriber who terminates before this many years from the start of "
        "the subscription owes the early-termination compensation; 0: no "
        "commitment. A change of holder is not a termination.",
    )
    heat_compensation_rule = fields.Selection(
        [
            ("none", "None"),
            ("fixed", "Fixed amount"),
            ("r2_share", "Share of the remaining R2"),
        ],
        string="Early-termination compensation",
        required=True,
        default="none",
        help="Billed on the final invoice of a subscription terminated before the "
        "end of its commitment: a fixed amount, or a share of the subscribed power "
        "(R2) still due until the end of the commitment.",
    )
    heat_compensation_rate = fields.Float(
        string="Share of the remaining R2",
        default=0.5,
        digits=(4, 3),
    )
    heat_compensation_amount = fields.Float(
        string="Fixed compensation (€ HT)", digits="Product Price"
    )

    def action_heat_balance(self):
        self.ensure_one()
        year = fields.Date.context_today(self).year - 1
        balance = self.env["heat.network.balance"].create(
            {
                "network_id": self.id,
                "date_from": f"{year}-01-01",
                "date_to": f"{year}-12-31",
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "heat.network.balance",
            "res_id": balance.id,
            "view_mode": "form",
            "target": "new",
        }
