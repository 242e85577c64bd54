# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import threading
from contextlib import contextmanager

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date, formatLang
from odoo.tools.sql import add_constraint, constraint_definition, drop_index

from odoo.addons.heat_metering.domain.consumption import local_date

# the lines of one subscription and kind that are not credited never overlap (ADR 0036)
BILLED_ONCE = "heat_billing_run_line_billed_once_per_period"
BILLED_ONCE_DEFINITION = (
    "EXCLUDE USING gist (subscription_id WITH =, kind WITH =, "
    "daterange(date_from, date_to, '[]') WITH &&) WHERE (credited IS NOT TRUE)"
)


class _OverlapInThisThread(logging.Filter):
    """Drops the "bad query" error that this thread logs when an exclusion constraint
    refuses a row: it is expected, and said to the user in words. ``mute_logger``
    swaps the logger's handlers, which is not safe when several requests refuse at
    once."""

    def __init__(self, constraint):
        super().__init__()
        self.thread = threading.get_ident()
        self.constraint = constraint

    def filter(self, record):
        return record.thread != self.thread or not any(
            isinstance(arg, psycopg2.errors.ExclusionViolation)
            and arg.diag.constraint_name == self.constraint
            for arg in record.args or ()
        )


@contextmanager
def overlap_expected(constraint=BILLED_ONCE):
    """Within the block, this thread's violations of the exclusion ``constraint``
    are not logged."""
    logger = logging.getLogger("odoo.sql_db")
    quiet = _OverlapInThisThread(constraint)
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


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
    # the run's kind, but a final regularisation (billed by a period run) is a
    # regularisation: it covers months that the installments billed already
    kind = fields.Selection(
        selection="_selection_kind", compute="_compute_kind", store=True
    )
    is_final = fields.Boolean(
        string="Final regularisation",
        readonly=True,
        help="The final invoice of a subscription on installments that ended: the "
        "actual bill from its last regularisation (or start) to its end, minus the "
        "installments billed since.",
    )
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    # the UTC instants that begin and end the period's local days in the network's
    # time zone (ADR 0034), computed once by the network's rule: the queries that
    # compare readings with a period read them instead of converting again
    period_start = fields.Datetime(
        string="Period start", compute="_compute_period_bounds", store=True
    )
    period_stop = fields.Datetime(
        string="Period end", compute="_compute_period_bounds", store=True
    )
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
    post_error = fields.Text(
        string="Posting error",
        readonly=True,
        copy=False,
        help="Why the invoice of this line could not be posted in the background; "
        "mend the cause, then resume the run.",
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
    compensation_amount = fields.Monetary(
        string="Early-termination compensation (€ HT)",
        help="What the network's rule asks of a subscriber who terminates before "
        "the end of the commitment.",
    )
    compensation_months = fields.Float(
        string="Months left of the commitment", digits=(8, 3)
    )
    compensation_end = fields.Date(string="End of the commitment")
    compensation_rate = fields.Float(
        string="Share of the remaining R2",
        digits=(4, 3),
        help="The share of the R2 still due that the compensation asks; 0 for a "
        "fixed amount.",
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
        # Billing a subscription twice for a day is impossible, whatever the code path
        # and however many transactions bill at once: two lines of one subscription
        # and kind may not overlap unless one is credited (a corrected period can be
        # billed again). A yearly regularisation is another kind of bill.
        cr = self.env.cr
        self._heat_ensure_btree_gist()
        # the unique indexes of before (ADR 0030) are replaced by the constraint
        drop_index(cr, "heat_billing_run_line_billed_once", self._table)
        drop_index(cr, "heat_billing_run_line_once_per_kind", self._table)
        if not constraint_definition(cr, self._table, BILLED_ONCE):
            # an update may find lines billed twice already; a new install has none
            # (and its run table may not exist yet)
            cr.execute(SQL("SELECT 1 FROM heat_billing_run_line LIMIT 1"))
            if cr.fetchone():
                self._heat_check_no_overlap()
            add_constraint(cr, self._table, BILLED_ONCE, BILLED_ONCE_DEFINITION)

    def _heat_check_no_overlap(self):
        """Before the constraint is added to a database: name the runs that bill a
        subscription twice already, which must be credited first."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT s.name, r1.name, r2.name
                  FROM heat_billing_run_line l1
                  JOIN heat_billing_run_line l2
                    ON l2.subscription_id = l1.subscription_id
                   AND l2.kind = l1.kind AND l2.id > l1.id
                   AND daterange(l2.date_from, l2.date_to, '[]')
                       && daterange(l1.date_from, l1.date_to, '[]')
                  JOIN heat_subscription s ON s.id = l1.subscription_id
                  JOIN heat_billing_run r1 ON r1.id = l1.run_id
                  JOIN heat_billing_run r2 ON r2.id = l2.run_id
                 WHERE l1.credited IS NOT TRUE AND l2.credited IS NOT TRUE
                 ORDER BY 1, 2, 3
                """
            )
        )
        if rows:
            raise UserError(
                self.env._(
                    "Subscriptions billed twice for the same days, which the update "
                    "cannot protect: %(clashes)s. Credit one run of each pair (or "
                    "delete its preview), then update the module again.",
                    clashes="; ".join(
                        f"{sub}: {run1} / {run2}" for sub, run1, run2 in rows
                    ),
                )
            )

    def _heat_ensure_btree_gist(self):
        """The exclusion constraint compares integers and strings in a GiST index:
        PostgreSQL's btree_gist extension, trusted (a database owner may create it)."""
        cr = self.env.cr
        cr.execute(SQL("SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'"))
        if cr.rowcount:
            return
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    SQL("CREATE EXTENSION IF NOT EXISTS btree_gist"),
                    log_exceptions=False,
                )
        except psycopg2.Error as error:
            raise UserError(
                self.env._(
                    "Heat billing needs the PostgreSQL extension btree_gist, which "
                    "the database user cannot create (%(error)s). A database "
                    "administrator must run CREATE EXTENSION btree_gist; in the "
                    "database %(db)s, then update the module.",
                    error=error.pgerror or error,
                    db=cr.dbname,
                )
            ) from error

    def _heat_readings(self):
        """The readings the lines used: for each line, the readings of its
        sub-station from its start reading to its end reading, both included (the
        ones framing an estimate too); one query.

        The bounds are given as arrays and each line reads one range of the
        (sub-station, timestamp) index: a join of the lines, subscriptions and
        readings was planned from the statistics of tables just filled (a billing
        run after an import, in one transaction) as nested scans of every reading,
        more than 9 minutes for 1,000 lines. OFFSET 0 keeps the range a subquery."""
        # the bounds read as the query reads the readings: posting or crediting a
        # run needs no metering right (ADR 0037)
        lines = self.sudo().filtered(
            lambda line: line.reading_start_id and line.reading_end_id
        )
        if not lines:
            return self.env["heat.meter.reading"]
        self.env["heat.meter.reading"].flush_model(["timestamp", "substation_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT r.id
                  FROM unnest(%(substations)s::int[], %(starts)s::timestamp[],
                              %(ends)s::timestamp[]) AS b(substation_id, start, stop)
                 CROSS JOIN LATERAL (
                        SELECT r.id
                          FROM heat_meter_reading r
                         WHERE r.substation_id = b.substation_id
                           AND r.timestamp BETWEEN b.start AND b.stop
                        OFFSET 0
                       ) r
                """,
                substations=[line.substation_id.id for line in lines],
                starts=[line.reading_start_id.timestamp for line in lines],
                ends=[line.reading_end_id.timestamp for line in lines],
            )
        )
        return self.env["heat.meter.reading"].browse(row[0] for row in rows)

    def _selection_kind(self):
        return self.env["heat.billing.run"]._fields["kind"].selection

    @api.depends("run_id.kind", "is_final")
    def _compute_kind(self):
        for line in self:
            line.kind = "regularisation" if line.is_final else line.run_id.kind

    @api.depends("date_from", "date_to", "subscription_id")
    def _compute_period_bounds(self):
        for line in self:
            network = line.subscription_id.network_id
            if network and line.date_from and line.date_to:
                line.period_start, line.period_stop = network._heat_bounds(
                    line.date_from, line.date_to
                )[network.id]
            else:
                line.period_start = line.period_stop = False

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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        invoiced = self.filtered("move_id")
        if invoiced:
            raise UserError(
                self.env._(
                    "Billing lines with an invoice cannot be deleted: %(lines)s. "
                    "Cancel a posted run by crediting its invoices.",
                    lines=", ".join(
                        f"{line.subscription_id.name} ({line.run_id.name})"
                        for line in invoiced
                    ),
                )
            )
