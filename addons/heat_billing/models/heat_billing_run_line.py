# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL, format_date, formatLang

from odoo.addons.heat_metering.domain.consumption import local_date


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
    reading_start_id = fields.Many2one(
        "heat.meter.reading",
        string="Reading at the start",
        readonly=True,
        index="btree_not_null",
        help="The reading at the start of the period, or the one its estimate "
        "starts from; the readings from it to the end reading are locked once "
        "billed.",
    )
    reading_end_id = fields.Many2one(
        "heat.meter.reading",
        string="Reading at the end",
        readonly=True,
        index="btree_not_null",
        help="The reading at the end of the period, or the one its estimate starts "
        "from.",
    )
    estimated_start = fields.Boolean(
        string="Estimated start index",
        help="No real reading within the network's tolerance of the start: the "
        "start index is estimated.",
    )
    estimated_end = fields.Boolean(
        string="Estimated end index",
        help="No real reading within the network's tolerance of the end: the end "
        "index is estimated, and regularised by the next period.",
    )
    start_regularised = fields.Boolean(
        string="Starts from the billed index",
        help="The period starts from the end index billed by the previous invoice, "
        "which was estimated: this line regularises it.",
    )
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

    def _heat_bound_note(self, side):
        """Where the start (``side`` "start") or end index of the line comes from, in
        words and in the language of ``self.env``, for the invoice: the local date of
        the reading, or why and when the index was estimated."""
        self.ensure_one()
        env = self.env
        network = self.run_id.network_id
        start = side == "start"
        moment = self.reading_date_start if start else self.reading_date_end
        estimated = self.estimated_start if start else self.estimated_end
        day = moment and local_date(moment, network.tz)
        if not estimated:
            return format_date(env, day) if day else ""
        if start and self.start_regularised:
            return env._(
                "index estimated on %(date)s and billed on the previous invoice, "
                "regularised here",
                date=format_date(env, self.date_from),
            )
        bound = self.date_from if start else self.date_to
        days = network.heat_reading_tolerance_days
        (bound_start, bound_end) = network._heat_bounds(bound, bound)[network.id]
        if moment in (bound_start, bound_end) or not moment:
            return env._(
                "index estimated on %(date)s: no reading within %(days)s days",
                date=format_date(env, bound),
                days=days,
            )
        return env._(
            "index of the reading of %(date)s: no reading within %(days)s days of "
            "%(bound)s",
            date=format_date(env, day),
            days=days,
            bound=format_date(env, bound),
        )

    def _heat_index_text(self, side):
        """The index of one bound and its note, e.g. ``1 000,000 (01/01/2025)``."""
        self.ensure_one()
        index = self.index_start if side == "start" else self.index_end
        note = self._heat_bound_note(side)
        index = formatLang(self.env, index, digits=3)
        return f"{index} ({note})" if note else index
