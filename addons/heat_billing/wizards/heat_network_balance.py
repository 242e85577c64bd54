# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..domain import balance as balance_domain

REVENUE_PRODUCTS = {
    "r1": "heat_billing.product_heat_r1",
    "r2": "heat_billing.product_heat_r2",
    "installment": "heat_billing.product_heat_installment",
}


class HeatNetworkBalance(models.TransientModel):
    """The network's balance over a period, for the tariff review: R1 revenue against
    wood and backup fuel, R2 revenue against the fixed costs, from accounting."""

    _name = "heat.network.balance"
    _description = "Heat network yearly balance"

    network_id = fields.Many2one("heat.network", required=True)
    company_id = fields.Many2one(related="network_id.company_id")
    currency_id = fields.Many2one(related="network_id.company_id.currency_id")
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    r1_revenue = fields.Monetary(string="R1 revenue", compute="_compute_balance")
    r2_revenue = fields.Monetary(string="R2 revenue", compute="_compute_balance")
    installment_revenue = fields.Monetary(
        string="Installments not regularised", compute="_compute_balance"
    )
    variable_costs = fields.Monetary(
        string="Wood and backup fuel", compute="_compute_balance"
    )
    fixed_costs = fields.Monetary(compute="_compute_balance")
    r1_margin = fields.Monetary(string="R1 margin", compute="_compute_balance")
    r2_margin = fields.Monetary(string="R2 margin", compute="_compute_balance")
    r1_cover = fields.Float(
        string="R1 cover of the energy costs", compute="_compute_balance"
    )
    r2_cover = fields.Float(
        string="R2 cover of the fixed costs", compute="_compute_balance"
    )
    margin = fields.Monetary(compute="_compute_balance")

    @api.depends("network_id", "date_from", "date_to")
    def _compute_balance(self):
        for wizard in self:
            revenue = wizard._revenue()
            variable, fixed = wizard._costs()
            result = balance_domain.balance(
                revenue["r1"], revenue["r2"], variable, fixed
            )
            wizard.update(
                {
                    "r1_revenue": revenue["r1"],
                    "r2_revenue": revenue["r2"],
                    "installment_revenue": revenue["installment"],
                    "variable_costs": variable,
                    "fixed_costs": fixed,
                    "r1_margin": result["r1_margin"],
                    "r2_margin": result["r2_margin"],
                    "r1_cover": result["r1_cover"] or 0.0,
                    "r2_cover": result["r2_cover"] or 0.0,
                    "margin": result["margin"],
                }
            )

    def _revenue(self):
        """Revenue (HT) of the posted heat invoices and credit notes of the period, by
        product; one query."""
        self.ensure_one()
        products = {key: self.env.ref(xmlid) for key, xmlid in REVENUE_PRODUCTS.items()}
        rows = self.env["account.move.line"]._read_group(
            [
                # the run's invoices, and the credit notes that reverse them
                "|",
                ("move_id.heat_billing_run_id.network_id", "=", self.network_id.id),
                (
                    "move_id.reversed_entry_id.heat_billing_run_id.network_id",
                    "=",
                    self.network_id.id,
                ),
                ("parent_state", "=", "posted"),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
                ("product_id", "in", [p.id for p in products.values()]),
            ],
            ["product_id"],
            ["balance:sum"],
        )
        by_product = {product: -amount for product, amount in rows}
        return {key: by_product.get(product, 0.0) for key, product in products.items()}

    def _costs(self):
        """Posted vendor bills carrying the network's analytic account, split into
        variable (fuel and energy purchases) and fixed costs; one query."""
        self.ensure_one()
        analytic = self.network_id.heat_analytic_account_id
        if not analytic:
            return 0.0, 0.0
        lines = self.env["account.move.line"].search_fetch(
            [
                ("analytic_distribution", "in", analytic.ids),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "in", ("in_invoice", "in_refund")),
                ("account_id.account_type", "in", ("expense", "expense_direct_cost")),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            ["account_id", "balance", "analytic_distribution"],
        )
        variable = fixed = 0.0
        key = str(analytic.id)
        for line in lines:
            # a bill line shared between networks counts for its share only
            share = sum(
                percent
                for accounts, percent in (line.analytic_distribution or {}).items()
                if key in accounts.split(",")
            )
            amount = line.balance * share / 100
            if balance_domain.is_variable_cost(line.account_id.code):
                variable += amount
            else:
                fixed += amount
        return variable, fixed

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise UserError(
                    self.env._(
                        "The balance of %(network)s ends before it starts.",
                        network=wizard.network_id.display_name,
                    )
                )
