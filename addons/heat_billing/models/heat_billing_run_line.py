# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class HeatBillingRunLine(models.Model):
    """What one subscription owes for the period of a billing run."""

    _name = "heat.billing.run.line"
    _description = "Heat billing run line"
    _order = "run_id, subscription_id"
    _check_company_auto = True

    run_id = fields.Many2one(
        "heat.billing.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    subscription_id = fields.Many2one(
        "heat.subscription", required=True, index=True, check_company=True
    )
    partner_id = fields.Many2one(related="subscription_id.partner_id")
    substation_id = fields.Many2one(related="subscription_id.substation_id")
    kind = fields.Selection(related="run_id.kind", store=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    mwh = fields.Float(string="Energy (MWh)", digits=(16, 6))
    estimated = fields.Boolean(string="Estimated energy")
    mwh_last_year = fields.Float(
        string="Energy last year (MWh)",
        digits=(16, 6),
        help="The same period a year earlier, measured; empty when unknown.",
    )
    index_start = fields.Float(string="Start index (kWh)", digits=(16, 3))
    index_end = fields.Float(string="End index (kWh)", digits=(16, 3))
    reading_date_start = fields.Datetime(string="Start reading")
    reading_date_end = fields.Datetime(string="End reading")
    meters = fields.Char()
    power_kw = fields.Float(string="Subscribed power (kW)", digits=(12, 2))
    energy_amount = fields.Monetary(string="Energy (€ HT)")
    power_amount = fields.Monetary(string="Power (€ HT)")
    is_installment = fields.Boolean(
        string="Installment", help="A monthly installment instead of the actual bill."
    )
    installment_amount = fields.Monetary(string="Installment (€ HT)")
    climate_amount = fields.Monetary(
        string="Climate adjustment (€ HT)",
        help="Surcharge (positive) or discount (negative) on the fixed part of the "
        "year, when its degree-days fall outside the network's band.",
    )
    climate_note = fields.Char(string="Climate adjustment computation")
    installments_billed = fields.Monetary(
        string="Installments billed (€ HT)",
        help="The installments of the year, deducted at the regularisation.",
    )
    amount_untaxed = fields.Monetary(string="Total (€ HT)")
    warnings = fields.Text()
    has_warning = fields.Boolean(compute="_compute_has_warning", store=True)
    move_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False
    )
    tariff_id = fields.Many2one("heat.tariff", required=True)
    credited = fields.Boolean(
        help="The invoice of this line was credited: the period may be billed again."
    )

    def init(self):
        # Billing a subscription twice for a period is impossible, whatever the code
        # path: lines of credited runs do not count, so a corrected period can be
        # billed again. A yearly regularisation is another kind of bill.
        self.env.cr.execute(
            SQL(
                "DROP INDEX IF EXISTS heat_billing_run_line_billed_once;"
                "CREATE UNIQUE INDEX IF NOT EXISTS heat_billing_run_line_once_per_kind "
                "ON heat_billing_run_line (subscription_id, date_from, kind) "
                "WHERE credited IS NOT TRUE"
            )
        )

    @api.depends("warnings")
    def _compute_has_warning(self):
        for line in self:
            line.has_warning = bool(line.warnings)
