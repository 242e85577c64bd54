# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from contextlib import closing
from datetime import timedelta
from typing import NamedTuple

import psycopg2
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, formatLang

from ..domain import period as period_domain
from ..domain import tariff as tariff_domain
from ..domain import termination as termination_domain
from .heat_billing_run_line import BILLED_ONCE, overlap_expected

WINTER_MONTHS = {1, 2, 3, 4, 10, 11, 12}
FAR_FROM_LAST_YEAR = 0.5
REDUCED_VAT_RENEWABLE_SHARE = 0.5
REDUCED_VAT_MAX = 10.0
MANAGER_GROUP = "heat_billing.heat_billing_group_manager"


class LineCounts(NamedTuple):
    """What a run's lines add up to (``HeatBillingRun._heat_line_counts``)."""

    lines: int
    flagged: int
    mwh: float
    invoiced: int
    failed: int


class HeatBillingRun(models.Model):
    """Bill every subscription of a network for one period, then post the invoices."""

    _name = "heat.billing.run"
    _description = "Heat billing run"
    _inherit = ["mail.thread"]
    _order = "date_from desc, network_id"
    _check_company_auto = True

    def _default_network_id(self):
        """The company's network, when it has only one (archived ones aside)."""
        networks = self.env["heat.network"].search(
            [("company_id", "=", self.env.company.id)], limit=2
        )
        return networks if len(networks) == 1 else networks.browse()

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    network_id = fields.Many2one(
        "heat.network",
        required=True,
        check_company=True,
        tracking=True,
        default=lambda self: self._default_network_id(),
    )
    date_from = fields.Date(required=True, tracking=True)
    date_to = fields.Date(required=True, tracking=True)
    frequency = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        required=True,
        default="monthly",
        help="The run bills the subscriptions of this frequency.",
    )
    kind = fields.Selection(
        [("period", "Period"), ("regularisation", "Yearly regularisation")],
        required=True,
        default="period",
        help="Period: actual consumption, or installments for the subscriptions "
        "billed so. Yearly regularisation: the year's actual bill minus the "
        "installments, and the climate adjustment when the network applies it.",
    )
    invoice_date = fields.Date(default=fields.Date.context_today)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Preview"),
            ("posting", "Posting"),
            ("stopped", "Stopped"),
            ("posted", "Posted"),
            ("credited", "Credited"),
        ],
        required=True,
        default="draft",
        tracking=True,
    )
    renewable_share = fields.Float(
        string="Renewable share",
        readonly=True,
        help="Wood production over all production of the period, from the plant "
        "meters (heat_metering); 0 when nothing was measured.",
    )
    renewable_warning = fields.Char(readonly=True)
    line_ids = fields.One2many("heat.billing.run.line", "run_id", string="Lines")
    move_ids = fields.One2many("account.move", "heat_billing_run_id", string="Invoices")
    warning_line_ids = fields.Many2many(
        "heat.billing.run.line",
        string="Lines to check",
        compute="_compute_warning_line_ids",
    )
    post_reason = fields.Text(
        string="Reason to post",
        readonly=True,
        copy=False,
        help="Why a billing manager posted the run despite its checks.",
    )
    post_confirmed_uid = fields.Many2one(
        "res.users",
        string="Posting confirmed by",
        readonly=True,
        copy=False,
        help="The billing manager who confirmed the checks of the run.",
    )
    post_checks = fields.Text(
        string="Checks",
        compute="_compute_post_checks",
        help="What a billing manager looks at before the run posts: its flagged "
        "lines, and a renewable share that does not justify a reduced VAT rate.",
    )
    needs_post_confirmation = fields.Boolean(
        compute="_compute_post_checks",
        help="The run has checks (flagged lines, renewable share) that a billing "
        "manager must confirm before it posts.",
    )
    line_count = fields.Integer(compute="_compute_totals")
    warning_count = fields.Integer(compute="_compute_totals")
    invoice_count = fields.Integer(compute="_compute_totals")
    amount_untaxed = fields.Monetary(
        string="Total (€ HT)",
        compute="_compute_totals",
        help="Once posted, the sum of the run's invoices (credit notes negative); "
        "before, the invoices' figures to come, rounded as they will be.",
    )
    amount_tax = fields.Monetary(string="VAT (€)", compute="_compute_totals")
    amount_total = fields.Monetary(string="Total (€ TTC)", compute="_compute_totals")
    mwh = fields.Float(string="Energy (MWh)", compute="_compute_totals")
    # the preview's figures, computed once per preview: a list of runs reads them
    # instead of building every invoice of every run again
    preview_untaxed = fields.Monetary(
        string="Preview (€ HT)", compute="_compute_preview", store=True
    )
    preview_tax = fields.Monetary(
        string="Preview VAT (€)", compute="_compute_preview", store=True
    )
    late_reading_ids = fields.One2many(
        "heat.meter.reading",
        "heat_billing_run_id",
        string="Readings after posting",
        help="Readings that arrived inside the run's period after its posting: "
        "flagged and locked, not billed.",
    )
    late_reading_count = fields.Integer(
        string="Number of readings after posting",
        compute="_compute_late_reading_count",
    )

    @api.depends("network_id", "date_from", "date_to")
    def _compute_name(self):
        for run in self:
            run.name = self.env._(
                "%(network)s %(start)s - %(end)s",
                network=run.network_id.code or run.network_id.name or "",
                start=run.date_from or "",
                end=run.date_to or "",
            )

    @api.depends("line_ids.has_warning")
    def _compute_warning_line_ids(self):
        # one query for all the runs: a run of 5,000 lines is not read whole
        flagged = self.env["heat.billing.run.line"].search(
            [("run_id", "in", self._origin.ids), ("has_warning", "=", True)]
        )
        by_run = defaultdict(flagged.browse)
        for line in flagged:
            by_run[line.run_id.id] |= line
        for run in self:
            run.warning_line_ids = by_run[run._origin.id]

    @api.depends(
        "state", "line_ids.has_warning", "renewable_warning", "post_confirmed_uid"
    )
    def _compute_post_checks(self):
        counts = self._heat_line_counts()
        for run in self:
            checks = run._heat_post_checks(counts)
            run.post_checks = "\n".join(checks)
            run.needs_post_confirmation = run._heat_post_needs_confirmation(checks)

    @api.depends(
        "line_ids.amount_untaxed",
        "line_ids.installment_amount",
        "line_ids.climate_amount",
        "line_ids.installments_billed",
        "line_ids.compensation_amount",
    )
    def _compute_preview(self):
        for run in self:
            run.preview_untaxed, run.preview_tax, _total = run._heat_preview_totals()

    @api.depends(
        "state",
        "line_ids.has_warning",
        "line_ids.mwh",
        "preview_untaxed",
        "preview_tax",
        "move_ids.amount_untaxed_signed",
        "move_ids.amount_tax_signed",
        "move_ids.amount_total_signed",
    )
    def _compute_totals(self):
        """Once posted, the figures of the run's invoices, to the cent, in a
        constant number of queries; before, the preview of those figures."""
        run_ids = [id_ for id_ in self._origin.ids if id_]
        invoiced = {
            run.id: values
            for run, *values in self.env["account.move"]._read_group(
                [("heat_billing_run_id", "in", run_ids)],
                ["heat_billing_run_id"],
                [
                    "__count",
                    "amount_untaxed_signed:sum",
                    "amount_tax_signed:sum",
                    "amount_total_signed:sum",
                ],
            )
        }
        counts = self._heat_line_counts()
        for run in self:
            run_counts = counts[run._origin.id]
            run.line_count = run_counts.lines
            run.warning_count = run_counts.flagged
            run.mwh = run_counts.mwh
            if run._origin.id in invoiced:
                count, untaxed, tax, total = invoiced[run._origin.id]
            else:
                untaxed, tax = run.preview_untaxed, run.preview_tax
                count, total = 0, run.currency_id.round(untaxed + tax)
            run.invoice_count = count
            run.amount_untaxed = untaxed
            run.amount_tax = tax
            run.amount_total = total

    @api.depends("late_reading_ids")
    def _compute_late_reading_count(self):
        # a count shown to billing users who may not read the meters (the button
        # that opens the readings is for metering users)
        counts = dict(
            self.env["heat.meter.reading"]
            .sudo()
            ._read_group(
                [("heat_billing_run_id", "in", self.ids)],
                ["heat_billing_run_id"],
                ["__count"],
            )
        )
        for run in self:
            run.late_reading_count = counts.get(run, 0)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for run in self:
            if run.date_to < run.date_from:
                raise UserError(
                    self.env._(
                        "Billing run %(run)s ends before it starts.", run=run.name
                    )
                )

    @api.constrains("post_confirmed_uid", "post_reason")
    def _check_post_confirmation(self):
        for run in self.filtered("post_confirmed_uid"):
            if not run.post_confirmed_uid.has_group(MANAGER_GROUP):
                raise ValidationError(
                    self.env._(
                        "Only a billing manager can confirm the posting of %(run)s; "
                        "%(user)s is not one.",
                        run=run.name,
                        user=run.post_confirmed_uid.name,
                    )
                )
            if not (run.post_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason to post %(run)s despite its checks.",
                        run=run.name,
                    )
                )

    @api.onchange("network_id", "frequency")
    def _onchange_network_frequency(self):
        """Propose the period after the network's latest run of that frequency."""
        if self.network_id and self.state == "draft" and self.kind == "period":
            self.date_from, self.date_to = self._heat_next_period(
                self.network_id, self.frequency
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        network = self.env["heat.network"].browse(values.get("network_id"))
        if (
            network
            and values.get("kind", "period") == "period"
            and {"date_from", "date_to"} <= set(fields_list)
            and not (values.get("date_from") or values.get("date_to"))
        ):
            values["date_from"], values["date_to"] = self._heat_next_period(
                network, values.get("frequency") or "monthly"
            )
        return values

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        posted = self.filtered(
            lambda run: run.state in ("posting", "stopped", "posted", "credited")
        )
        if posted:
            raise UserError(
                self.env._(
                    "A posted billing run cannot be deleted, its invoices stay in the "
                    "accounts: %(runs)s. Cancel a posted run by crediting its "
                    "invoices.",
                    runs=", ".join(posted.mapped("name")),
                )
            )

    # ------------------------------------------------------------------ actions

    def action_compute(self):
        """Compute (again) the lines of the run and their checks: the preview."""
        for run in self:
            if run.state not in ("draft", "computed"):
                raise UserError(
                    self.env._("Billing run %(run)s is posted already.", run=run.name)
                )
            run.line_ids.unlink()
            values = run._prepare_lines()
            run._heat_create_lines(values)
            # what a manager confirmed was the previous preview
            run.write(
                dict(
                    run._prepare_renewable_values(),
                    post_reason=False,
                    post_confirmed_uid=False,
                )
            )
            run.state = "computed"
        return True

    def action_post(self):
        """Create every invoice of the run in one go and post them; a run with
        checks (flagged lines, renewable share) opens their confirmation first."""
        self.ensure_one()
        self._heat_lock_for_posting()
        if self._heat_post_needs_confirmation():
            return self._heat_post_confirmation_action()
        if self.state != "computed":
            raise UserError(
                self.env._("Compute the preview of %(run)s first.", run=self.name)
            )
        self._check_accounting_period()
        return self._heat_post_now_or_later()

    def action_credit(self):
        """Correct a posted run: credit notes for all its invoices, readings freed."""
        self.ensure_one()
        self._heat_lock_for_posting()
        if self.state not in ("posted", "stopped"):
            raise UserError(
                self.env._(
                    "Only a posted billing run can be credited: %(run)s.", run=self.name
                )
            )
        self.move_ids._reverse_moves(
            [
                {"ref": self.env._("Correction of %(move)s", move=move.name)}
                for move in self.move_ids
            ],
            cancel=True,
        )
        self.line_ids.credited = True
        # as posting locked them: not a metering user's edit
        run = self.sudo()
        (
            run._readings(still_billed_elsewhere=False) | run.late_reading_ids
        )._heat_unlock()
        self.state = "credited"
        return True

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("heat_billing_run_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    def action_view_late_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_metering.heat_meter_reading_action"
        )
        action["domain"] = [("heat_billing_run_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------ business

    def _heat_next_period(self, network, frequency):
        """The period after the latest run (not credited) of ``network`` and
        ``frequency``; the previous calendar period when there is none."""
        latest = self.search(
            [
                ("network_id", "=", network.id),
                ("frequency", "=", frequency),
                ("kind", "=", "period"),
                ("state", "!=", "credited"),
                ("id", "not in", self._origin.ids),
            ],
            order="date_to desc",
            limit=1,
        )
        return period_domain.next_period(
            latest.date_to, frequency, fields.Date.context_today(self)
        )

    def _heat_line_counts(self):
        """``{run id: LineCounts}`` of the runs (lines, flagged, MWh, invoiced, in
        error), in two queries whatever their number of lines; zeros for a run
        without lines."""
        lines = self.env["heat.billing.run.line"]
        domain = [("run_id", "in", self._origin.ids)]
        flagged = dict(
            lines._read_group(
                [*domain, ("has_warning", "=", True)], ["run_id"], ["__count"]
            )
        )
        counts = defaultdict(lambda: LineCounts(0, 0, 0.0, 0, 0))
        for run, count, mwh, invoiced, failed in lines._read_group(
            domain,
            ["run_id"],
            ["__count", "mwh:sum", "move_id:count", "post_error:count"],
        ):
            counts[run.id] = LineCounts(
                count, flagged.get(run, 0), mwh, invoiced, failed
            )
        return counts

    def _heat_post_checks(self, counts=None):
        """What a billing manager must look at before the run posts: its flagged
        lines, and a renewable share that does not justify a reduced VAT rate.
        ``counts``: :meth:`_heat_line_counts` of a set of runs holding this one."""
        self.ensure_one()
        checks = []
        run_counts = (counts or self._heat_line_counts())[self._origin.id]
        if run_counts.flagged:
            checks.append(
                self.env._(
                    "%(count)s of the %(total)s lines are flagged to check.",
                    count=run_counts.flagged,
                    total=run_counts.lines,
                )
            )
        if self.renewable_warning:
            checks.append(self.renewable_warning)
        return checks

    def _heat_post_needs_confirmation(self, checks=None):
        self.ensure_one()
        return (
            self.state == "computed"
            and not self.post_confirmed_uid
            and bool(self._heat_post_checks() if checks is None else checks)
        )

    def _heat_post_confirmation_action(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm the posting"),
            "res_model": "heat.billing.run.post",
            "view_mode": "form",
            "target": "new",
            "context": {"default_run_id": self.id},
        }

    def _heat_confirm_post(self, reason):
        """Record that the current user, a billing manager, confirms the checks of
        the run for ``reason``: on the run and in its chatter; ``action_post`` then
        posts it. Computing the run again calls for a new confirmation."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a billing manager can confirm the posting of %(run)s "
                    "despite its checks: ask one to look at them.",
                    run=self.name,
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give the reason to post %(run)s despite its checks.",
                    run=self.name,
                )
            )
        checks = self._heat_post_checks()
        self.write({"post_reason": reason, "post_confirmed_uid": self.env.uid})
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>")
            % (
                self.env._(
                    "Posting confirmed by %(user)s despite these checks:",
                    user=self.env.user.name,
                ),
                Markup().join(Markup("<li>%s</li>") % check for check in checks),
                self.env._("Reason: %(reason)s", reason=reason),
            )
        )

    def _heat_preview_totals(self):
        """``(untaxed, tax, total)`` of the invoices the run will post, signed
        (credit notes negative) and rounded as they will be: the lines of
        ``_prepare_invoice``, their VAT by Odoo's tax engine for the company's
        rounding method (per line or globally)."""
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        account_tax = self.env["account.tax"]
        untaxed = tax = 0.0
        for subscription, lines in self.line_ids.grouped("subscription_id").items():
            vals = self._prepare_invoice(subscription, lines)
            refund = vals["move_type"] == "out_refund"
            base_lines = [
                account_tax._prepare_base_line_for_taxes_computation(
                    None,
                    tax_ids=account_tax.browse(line["tax_ids"][0][2]),
                    price_unit=line["price_unit"],
                    quantity=line.get("quantity", 1.0),
                    discount=line.get("discount", 0.0),
                    currency_id=currency,
                    is_refund=refund,
                )
                for _command, _id, line in vals["invoice_line_ids"]
            ]
            account_tax._add_tax_details_in_base_lines(base_lines, company)
            account_tax._round_base_lines_tax_details(base_lines, company)
            summary = account_tax._get_tax_totals_summary(base_lines, currency, company)
            sign = -1 if refund else 1
            untaxed += sign * summary["base_amount_currency"]
            tax += sign * summary["tax_amount_currency"]
        untaxed, tax = currency.round(untaxed), currency.round(tax)
        return untaxed, tax, currency.round(untaxed + tax)

    def _subscriptions(self):
        self.ensure_one()
        return (
            self.env["heat.subscription"].search(
                [
                    ("network_id", "=", self.network_id.id),
                    # a subscription ended in the period (terminated, or its building
                    # sold) gets its last invoice, up to its end
                    ("state", "in", ("active", "closed")),
                    *(
                        [("frequency", "=", self.frequency)]
                        if self.kind == "period"
                        else []
                    ),
                    ("date_start", "<=", self.date_to),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", self.date_from),
                ]
            )
            | self._heat_ended_before()
        )

    def _heat_ended_before(self):
        """The subscriptions on installments of a period run's frequency that ended
        before its period, whose final invoice is still to bill (their end was
        recorded late): the run bills it."""
        self.ensure_one()
        if self.kind != "period":
            return self.env["heat.subscription"]
        ended = self.env["heat.subscription"].search(
            [
                ("network_id", "=", self.network_id.id),
                ("state", "=", "closed"),
                ("billing_mode", "=", "installments"),
                ("frequency", "=", self.frequency),
                ("date_end", "<", self.date_from),
            ]
        )
        return ended - self._heat_finalised(ended)

    def _prepare_lines(self):
        """Values of the run's lines: one per subscription and tariff version."""
        self.ensure_one()
        subscriptions = self._subscriptions()
        if not subscriptions:
            raise UserError(
                self.env._(
                    "No active %(frequency)s subscription on %(network)s.",
                    frequency=self.frequency,
                    network=self.network_id.display_name,
                )
            )
        segments = self.env["heat.tariff"]._tariff_segments(
            self.network_id, self.date_from, self.date_to
        )[self.network_id.id]
        if not segments or segments[0][0] > self.date_from:
            raise UserError(
                self.env._(
                    "No tariff of network %(network)s covers %(date)s; subscriptions "
                    "concerned: %(names)s.",
                    network=self.network_id.display_name,
                    date=self.date_from,
                    names=", ".join(subscriptions.mapped("name")),
                )
            )
        substations = subscriptions.substation_id
        missing_meter = subscriptions.filtered(lambda s: not s.substation_id.meter_id)
        if missing_meter:
            raise UserError(
                self.env._(
                    "Subscriptions without a meter: %(names)s.",
                    names=", ".join(missing_meter.mapped("name")),
                )
            )
        powers = substations._subscribed_power_periods(self.date_from, self.date_to)
        year = relativedelta(years=1)
        last_year = substations._heat_consumption(
            self.date_from - year, self.date_to - year, estimate=False
        )
        # a subscription on installments that ended gets its final invoice once
        # (the final regularisation), then nothing more; none gets a yearly
        # regularisation after its final one
        finalised = self._heat_finalised(subscriptions)
        finals = subscriptions.browse()
        if self.kind == "period":
            finals = (
                subscriptions.filtered(
                    lambda s: (
                        s.billing_mode == "installments"
                        and s.date_end
                        and s.date_end <= self.date_to
                    )
                )
                - finalised
            )
        billed = subscriptions - finalised - finals
        values = []
        billed_ends = self._heat_billed_ends(billed)
        for start, end, tariff in segments:
            consumption = self._heat_segment_consumption(billed, start, end)
            for subscription in billed:
                values.extend(
                    self._prepare_segment_line(
                        subscription,
                        tariff,
                        start,
                        end,
                        consumption[subscription.id],
                        powers,
                        last_year,
                        billed_ends=billed_ends,
                    )
                )
        if self.kind == "regularisation":
            return self._prepare_regularisation(billed, values)
        for vals in values:
            subscription = subscriptions.browse(vals["subscription_id"])
            if subscription.billing_mode == "installments":
                amount = subscription.installment_amount * tariff_domain.months(
                    vals["date_from"], vals["date_to"]
                )
                vals.update(
                    is_installment=True,
                    installment_amount=amount,
                    amount_untaxed=amount,
                )
        values.extend(self._prepare_final_lines(finals))
        self._heat_add_compensation(values)
        return values

    def _heat_finalised(self, subscriptions):
        """The subscriptions of ``subscriptions`` with a final regularisation not
        credited (posted, or in the preview of a run)."""
        return (
            self.env["heat.billing.run.line"]
            .search(
                [
                    ("subscription_id", "in", subscriptions.ids),
                    ("is_final", "=", True),
                    ("credited", "=", False),
                ]
            )
            .subscription_id
        )

    def _heat_installments_billed(self, subscriptions, date_from, date_to=None):
        """``{subscription_id: amount}``: the installments posted and not credited
        of ``subscriptions`` from ``date_from`` (to ``date_to``, or whatever came
        after); one query."""
        domain = [
            ("subscription_id", "in", subscriptions.ids),
            ("is_installment", "=", True),
            ("credited", "=", False),
            ("move_id", "!=", False),
            ("date_from", ">=", date_from),
        ]
        if date_to:
            domain.append(("date_to", "<=", date_to))
        return {
            subscription.id: amount
            for subscription, amount in self.env["heat.billing.run.line"]._read_group(
                domain, ["subscription_id"], ["installment_amount:sum"]
            )
        }

    def _heat_regularise(self, subscriptions, values, billed, climate=None):
        """The regularisation of the actual bill ``values`` (lines of
        :meth:`_prepare_segment_line`): for the subscriptions on installments, the
        actual bill minus the installments ``billed`` (``{subscription_id:
        amount}``, deducted once, on a subscription's first line), and the climate
        adjustment ``climate`` (``(dju, normal, band)``) of every subscriber. The
        yearly regularisation and the final invoice of an ended subscription."""
        result, seen = [], set()
        for vals in values:
            subscription = subscriptions.browse(vals["subscription_id"])
            adjustment = 0.0
            if climate:
                adjustment = tariff_domain.climate_adjustment(
                    vals["power_amount"], climate[0], climate[1], climate[2]
                )
            if subscription.billing_mode != "installments":
                if not adjustment:
                    continue
                vals.update(energy_amount=0.0, power_amount=0.0)
            deducted = 0.0
            if (
                subscription.billing_mode == "installments"
                and subscription.id not in seen
            ):
                deducted = billed.get(subscription.id, 0.0)
                seen.add(subscription.id)
            vals.update(
                climate_amount=adjustment,
                installments_billed=deducted,
                amount_untaxed=vals["energy_amount"]
                + vals["power_amount"]
                + adjustment
                - deducted,
            )
            if adjustment:
                vals["climate_note"] = self._climate_label(*climate)
            result.append(vals)
        return result

    def _prepare_final_lines(self, subscriptions):
        """The final invoice of each subscription on installments that ended: its
        actual bill from the day after its last regularisation (or its start) to
        its end, minus the installments billed from that day (those billed for
        months after the end included, which it credits): a final regularisation,
        by the yearly regularisation's rule."""
        if not subscriptions:
            return []
        network = self.network_id
        regularised = dict(
            self.env["heat.billing.run.line"]._read_group(
                [
                    ("subscription_id", "in", subscriptions.ids),
                    ("kind", "=", "regularisation"),
                    ("credited", "=", False),
                    ("move_id", "!=", False),
                ],
                ["subscription_id"],
                ["date_to:max"],
            )
        )
        result = []
        for subscription in subscriptions:
            start = subscription.date_start
            if subscription in regularised:
                start = max(start, regularised[subscription] + timedelta(days=1))
            end = subscription.date_end
            if start > end:
                continue
            segments = self.env["heat.tariff"]._tariff_segments(network, start, end)[
                network.id
            ]
            if not segments or segments[0][0] > start:
                raise UserError(
                    self.env._(
                        "No tariff of network %(network)s covers %(date)s, where the "
                        "final invoice of %(name)s starts.",
                        network=network.display_name,
                        date=start,
                        name=subscription.name,
                    )
                )
            powers = subscription.substation_id._subscribed_power_periods(start, end)
            values = []
            for seg_start, seg_end, tariff in segments:
                consumption = self._heat_segment_consumption(
                    subscription, seg_start, seg_end
                )
                values.extend(
                    self._prepare_segment_line(
                        subscription,
                        tariff,
                        seg_start,
                        seg_end,
                        consumption[subscription.id],
                        powers,
                        {},
                        billed_ends={},
                    )
                )
            billed = self._heat_installments_billed(subscription, start)
            for vals in self._heat_regularise(subscription, values, billed):
                vals["is_final"] = True
                result.append(vals)
        return result

    def _heat_add_compensation(self, values):
        """Add the network's early-termination compensation to the last line of
        each subscription terminated (not handed over) in the period before the end
        of its commitment, unless it was waived."""
        network = self.network_id
        if network.heat_compensation_rule == "none" or not (
            network.heat_commitment_years
        ):
            return
        # read together: a record browsed alone is fetched alone (a query per line)
        subscriptions = {
            subscription.id: subscription
            for subscription in self.env["heat.subscription"].browse(
                {vals["subscription_id"] for vals in values}
            )
        }
        tariffs = {
            tariff.id: tariff
            for tariff in self.env["heat.tariff"].browse(
                {vals["tariff_id"] for vals in values if vals.get("tariff_id")}
            )
        }
        for vals in values:
            subscription = subscriptions[vals["subscription_id"]]
            if (
                subscription.end_mode != "terminate"
                or subscription.compensation_waived
                or vals["date_to"] != subscription.date_end
                or vals.get("is_installment")
            ):
                continue
            tariff = tariffs[vals["tariff_id"]]
            result = termination_domain.compensation(
                network.heat_compensation_rule,
                subscription.date_start,
                subscription.date_end,
                network.heat_commitment_years,
                power_kw=vals["power_kw"],
                r2_per_kw_year=tariff.price_per_kw,
                rate=network.heat_compensation_rate,
                fixed_amount=network.heat_compensation_amount,
            )
            if not result.amount:
                continue
            vals.update(
                compensation_amount=result.amount,
                compensation_months=result.months,
                compensation_end=result.commitment_end,
                compensation_rate=network.heat_compensation_rate
                if network.heat_compensation_rule == "r2_share"
                else 0.0,
                amount_untaxed=vals["amount_untaxed"] + result.amount,
            )

    def _prepare_regularisation(self, subscriptions, values):
        """The year's actual bill of installment subscribers minus their installments,
        and the climate adjustment of every subscriber when the network applies it."""
        network = self.network_id
        climate = None
        if network.heat_climate_adjustment:
            dju = network._heat_degree_days(self.date_from, self.date_to)[network.id]
            normal = network._heat_normal_degree_days(self.date_from, self.date_to)[
                network.id
            ]
            if not dju or not normal:
                raise UserError(
                    self.env._(
                        "No degree-days or no normals for %(network)s from %(start)s "
                        "to %(end)s: import the weather station's data first.",
                        network=network.display_name,
                        start=self.date_from,
                        end=self.date_to,
                    )
                )
            climate = (dju, normal, network.heat_climate_band)
        billed = self._heat_installments_billed(
            subscriptions, self.date_from, self.date_to
        )
        result = self._heat_regularise(subscriptions, values, billed, climate)
        if not result:
            raise UserError(
                self.env._(
                    "Nothing to regularise on %(network)s: no subscription billed by "
                    "installments and no climate adjustment.",
                    network=network.display_name,
                )
            )
        return result

    def _climate_label(self, dju, normal, band):
        return self.env._(
            "Climate adjustment: %(dju)s degree-days against a normal of %(normal)s "
            "(no correction within ± %(band)s %%).",
            dju=formatLang(self.env, dju, digits=0),
            normal=formatLang(self.env, normal, digits=0),
            band=formatLang(self.env, band * 100, digits=1),
        )

    def _heat_segment_consumption(self, subscriptions, start, end):
        """``{subscription_id: {substation_id: consumption}}`` over the segment, each
        subscription within its own dates: one holder who leaves in the middle of the
        segment and the next who comes are each given their part of the energy. One
        computation per distinct pair of bounds (one in most runs)."""
        by_bounds = defaultdict(list)
        for subscription in subscriptions:
            bounds = (
                max(start, subscription.date_start),
                min(end, subscription.date_end or end),
            )
            if bounds[0] <= bounds[1]:
                by_bounds[bounds].append(subscription.id)
        result = defaultdict(dict)
        for (date_from, date_to), ids in by_bounds.items():
            group = subscriptions.browse(ids)
            consumption = group.substation_id._heat_consumption(date_from, date_to)
            for subscription_id in ids:
                result[subscription_id] = consumption
        return result

    def _prepare_segment_line(
        self,
        subscription,
        tariff,
        start,
        end,
        consumption,
        powers,
        last_year,
        billed_ends=None,
    ):
        """Values of the line of ``subscription`` for one tariff segment.

        The readings at the bounds are the consumption's (ADR 0034). The first segment
        of a period starts from the end index billed by the subscription's previous
        invoice (``billed_ends``, see :meth:`_heat_billed_ends`), so that an estimated
        end is regularised and nothing is billed twice or lost."""
        start = max(start, subscription.date_start)
        end = min(end, subscription.date_end or end)
        if start > end:
            return []
        substation = subscription.substation_id
        used = dict(consumption.get(substation.id, {}))
        warnings = list(used.get("warnings", []))
        regularised = False
        if start == self.date_from and self.kind == "period":
            if billed_ends is None:
                billed_ends = self._heat_billed_ends(subscription)
            previous = billed_ends.get(subscription.id)
            regularised, note = self._heat_start_from_billed(used, previous)
            if note:
                warnings.append(note)
        kwh = used.get("kwh", 0.0)
        if kwh < 0:
            raise UserError(
                self.env._(
                    "Negative consumption for %(sub)s from %(start)s to %(end)s: "
                    "check the readings of %(substation)s.",
                    sub=subscription.name,
                    start=start,
                    end=end,
                    substation=substation.display_name,
                )
            )
        estimated = bool(
            used.get("estimated_end")
            or (used.get("estimated_start") and not regularised)
            or (
                used.get("estimated")
                and not (used.get("estimated_start") or used.get("estimated_end"))
            )
        )
        if estimated:
            warnings.append(self.env._("Estimated consumption: readings are missing."))
        if not kwh and start.month in WINTER_MONTHS:
            warnings.append(self.env._("No consumption in a heating month."))
        reference = last_year.get(substation.id, {})
        previous = not reference.get("estimated") and reference.get("kwh")
        if previous and abs(kwh - previous) > FAR_FROM_LAST_YEAR * previous:
            warnings.append(
                self.env._(
                    "%(kwh).0f kWh against %(previous).0f kWh last year.",
                    kwh=kwh,
                    previous=previous,
                )
            )
        periods = powers.get(substation.id, [])
        if not periods:
            warnings.append(self.env._("No subscribed power accepted for the period."))
        mwh = tariff_domain.billed_mwh(kwh)
        energy = mwh * tariff.price_per_mwh
        power = tariff_domain.r2_amount(periods, tariff.price_per_kw, start, end)
        return [
            {
                "run_id": self.id,
                "subscription_id": subscription.id,
                "tariff_id": tariff.id,
                "date_from": start,
                "date_to": end,
                "mwh": mwh,
                "mwh_last_year": (previous or 0.0) / 1000,
                "estimated": estimated,
                "estimated_start": bool(used.get("estimated_start")),
                "estimated_end": bool(used.get("estimated_end")),
                "start_regularised": regularised,
                "index_start": used.get("index_start") or 0.0,
                "index_end": used.get("index_end") or 0.0,
                "reading_date_start": used.get("date_start"),
                "reading_date_end": used.get("date_end"),
                "reading_start_id": used.get("reading_start") or False,
                "reading_end_id": used.get("reading_end") or False,
                "meters": ", ".join(used.get("meters", [])),
                "power_kw": periods[-1][2] if periods else 0.0,
                "energy_amount": energy,
                "power_amount": power,
                "amount_untaxed": energy + power,
                "warnings": "\n".join(warnings) or False,
            }
        ]

    def _heat_billed_ends(self, subscriptions):
        """``{subscription_id: line}``: the posted, not credited line of each
        subscription ending the day before the run; one query."""
        self.ensure_one()
        lines = self.env["heat.billing.run.line"].search(
            [
                ("subscription_id", "in", subscriptions.ids),
                ("kind", "=", "period"),
                ("credited", "=", False),
                ("move_id", "!=", False),
                ("run_id", "!=", self.id),
                ("date_to", "=", self.date_from - timedelta(days=1)),
            ]
        )
        return {line.subscription_id.id: line for line in lines}

    def _heat_start_from_billed(self, used, previous):
        """Start ``used`` (a consumption, changed in place) from the end index billed
        by the line ``previous`` on the same meter: the energy between the billed
        index and the index now known at the bound is added (or taken off). Returns
        ``(regularised, warning)``: whether a billed estimate is regularised, and a
        warning when it cannot be (another meter)."""
        if not previous or not previous.reading_end_id or not used.get("date_start"):
            return False, None
        meter = previous.reading_end_id.meter_id
        if used.get("meter_start") != meter.id:
            if not previous.estimated_end:
                return False, None
            return False, self.env._(
                "The end index billed on the previous invoice (%(index)s kWh, meter "
                "%(meter)s) was estimated and cannot be regularised on another "
                "meter: check the readings of the swap.",
                index=formatLang(self.env, previous.index_end, digits=3),
                meter=meter.serial_number,
            )
        # the range of readings locked covers the billed reading and the ones this
        # computation starts from, whichever comes first
        billed, own = previous.reading_end_id, used.get("reading_start")
        first = billed.id
        if own and (
            used.get("estimated_start") or used["date_start"] < billed.timestamp
        ):
            first = own
        used.update(
            kwh=used["kwh"] + used["index_start"] - previous.index_end,
            index_start=previous.index_end,
            date_start=previous.reading_date_end,
            reading_start=first,
            estimated_start=previous.estimated_end,
        )
        return previous.estimated_end, None

    def _prepare_invoice(self, subscription, lines):
        """Values of one subscriber's invoice, or credit note when a regularisation
        is negative; other addons may extend them."""
        products = self._heat_products()
        # labels in the subscriber's language, as the rest of the invoice
        labels = self.with_context(lang=subscription.partner_id.lang or self.env.lang)
        invoice_lines = []

        precision = self.env["decimal.precision"].precision_get
        digits = precision("Product Unit of Measure"), precision("Product Price")
        currency = self.company_id.currency_id

        def add(product, name, amount, tariff, quantity=0.0, unit_price=0.0):
            line = {
                "product_id": product.id,
                "name": name,
                "quantity": 1.0,
                "price_unit": amount,
                "tax_ids": [Command.set(tariff.tax_id.ids)],
            }
            billed = tariff_domain.line_quantity(
                amount, quantity, unit_price, digits, currency.round
            )
            if billed:
                line["quantity"], line["price_unit"] = billed
            else:
                line["product_uom_id"] = False  # an amount, not 1 MWh or 1 month
            invoice_lines.append(line)

        for line in lines:
            tariff = line.tariff_id
            if line.is_installment:
                add(
                    products["installment"],
                    labels._installment_label(line),
                    line.installment_amount,
                    tariff,
                )
                continue
            actual = (
                self.kind == "period" or subscription.billing_mode == "installments"
            )
            if actual:
                add(
                    products["r1"],
                    labels._energy_label(line, tariff),
                    line.energy_amount,
                    tariff,
                    line.mwh,
                    tariff.price_per_mwh,
                )
                add(
                    products["r2"],
                    labels._power_label(line, tariff),
                    line.power_amount,
                    tariff,
                    tariff_domain.months(line.date_from, line.date_to),
                    line.power_kw * tariff.price_per_kw / 12,
                )
            if line.climate_amount:
                add(
                    products["r2"],
                    line.climate_note,
                    line.climate_amount,
                    tariff,
                )
            if line.installments_billed:
                add(
                    products["installment"],
                    labels.env._(
                        "Installments already billed since %(date)s",
                        date=format_date(labels.env, line.date_from),
                    )
                    if line.is_final
                    else labels.env._("Installments already billed for the year"),
                    -line.installments_billed,
                    tariff,
                )
            if line.compensation_amount:
                add(
                    products["compensation"],
                    labels._compensation_label(line, tariff),
                    line.compensation_amount,
                    tariff,
                )
        move_type = "out_invoice"
        if sum(li["quantity"] * li["price_unit"] for li in invoice_lines) < 0:
            move_type = "out_refund"
            for li in invoice_lines:
                li["price_unit"] = -li["price_unit"]
        vals = {
            "move_type": move_type,
            "partner_id": subscription.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": self.invoice_date,
            # the French "date of the supply": the last day of heat billed (and what
            # l10n_fr would otherwise write on each invoice at posting)
            "delivery_date": max(lines.mapped("date_to")),
            "invoice_payment_term_id": (
                subscription.payment_term_id or self.network_id.heat_payment_term_id
            ).id,
            "heat_billing_run_id": self.id,
            "heat_subscription_id": subscription.id,
            "invoice_origin": subscription.name,
            "heat_renewable_share": self.renewable_share,
            "heat_co2_content": self.network_id.heat_co2_content,
            # what Chorus Pro wants of a public body's e-invoice (Odoo's Factur-X)
            "buyer_reference": subscription.is_public_body
            and subscription.chorus_service_code,
            "purchase_order_reference": subscription.is_public_body
            and subscription.chorus_commitment_number,
            # and the customer's reference printed on the invoice, which Chorus Pro
            # checks (l10n_fr_chorus_account reads the commitment number there)
            "ref": subscription.is_public_body
            and subscription.chorus_commitment_number,
            "invoice_line_ids": [Command.create(li) for li in invoice_lines],
        }
        # the last bill of a subscription says it is its final invoice (otherwise
        # the company's terms, as Odoo writes them)
        final_note = labels._heat_final_note(subscription, lines)
        if final_note:
            vals["narration"] = final_note
        return vals

    @api.model
    def _heat_setup_units(self):
        """The tariff's products in their units (R1 in MWh, R2 in months),
        quantities kept to the thousandth (the kWh of a quantity in MWh) where the
        database keeps fewer decimals, and units printed on invoices. Run on install
        and on every update."""
        for key, unit in (("r1", "uom_mwh"), ("r2", "uom_month")):
            product = self.env.ref(f"heat_billing.product_heat_{key}", False)
            uom = self.env.ref(f"heat_billing.{unit}")
            if product and product.uom_id != uom:
                product.product_tmpl_id.write({"uom_id": uom.id, "uom_po_id": uom.id})
        quantity = self.env.ref("product.decimal_product_uom", False)
        if quantity and quantity.digits < 3:
            quantity.digits = 3
        # the setting "Units of Measure": invoices print "MWh" after the quantity
        employee, units = self.env.ref("base.group_user"), self.env.ref("uom.group_uom")
        if units not in employee.implied_ids:
            employee.write({"implied_ids": [Command.link(units.id)]})

    def _heat_final_note(self, subscription, lines):
        """The note that says the subscription's last bill is its final invoice,
        in the language of ``self.env`` (the subscriber's); False for another."""
        if (
            subscription.state != "closed"
            or not subscription.date_end
            or max(lines.mapped("date_to")) != subscription.date_end
        ):
            return False
        env = self.env
        ended = {
            "terminate": env._("terminated"),
            "holder": env._("handed over to the next holder"),
        }.get(subscription.end_mode) or env._("closed")
        note = env._(
            "Final invoice: subscription %(name)s %(ended)s after %(date)s.",
            name=subscription.name,
            ended=ended,
            date=format_date(env, subscription.date_end),
        )
        if any(lines.mapped("is_final")):
            note += " " + env._(
                "The installments are regularised on the actual consumption from "
                "%(date)s.",
                date=format_date(env, min(lines.mapped("date_from"))),
            )
        return note

    def _compensation_label(self, line, tariff):
        """The early-termination compensation's line, with its computation, in the
        language of ``self.env`` (the subscriber's)."""
        env = self.env
        values = {
            "months": formatLang(env, line.compensation_months, digits=1),
            "end": format_date(env, line.compensation_end),
        }
        if not line.compensation_rate:
            return env._(
                "Early termination compensation: %(months)s months left of the "
                "commitment (until %(end)s), fixed amount",
                **values,
            )
        return env._(
            "Early termination compensation: %(months)s months left of the "
            "commitment (until %(end)s) × %(kw)s kW × %(price)s € HT/kW/year ÷ 12 "
            "× %(rate)s %%",
            kw=formatLang(env, line.power_kw, digits=1),
            price=formatLang(env, tariff.price_per_kw, digits=2),
            rate=formatLang(env, line.compensation_rate * 100, digits=0),
            **values,
        )

    def _installment_label(self, line):
        env = self.env
        return env._(
            "Monthly installment %(start)s - %(end)s (yearly estimate, regularised "
            "on the actual consumption)",
            start=format_date(env, line.date_from),
            end=format_date(env, line.date_to),
        )

    def _prepare_renewable_values(self):
        """The period's renewable share, and a warning when it is under the 50 % that
        justifies the reduced VAT rate of the tariffs used, or unknown (no
        production measured): posting then needs a billing manager's confirmation."""
        self.ensure_one()
        produced = self.network_id._heat_production(self.date_from, self.date_to)[
            self.network_id.id
        ]
        total = produced["wood"] + produced["backup"]
        share = produced["wood"] / total if total else 0.0
        reduced = self.line_ids.tariff_id.tax_id.filtered(
            lambda tax: tax.amount < REDUCED_VAT_MAX
        )
        warning = False
        if reduced and not total:
            warning = self.env._(
                "No production of %(network)s was measured over the period: the "
                "renewable share that justifies the reduced VAT rate %(taxes)s is "
                "unknown.",
                network=self.network_id.display_name,
                taxes=", ".join(reduced.mapped("name")),
            )
        elif reduced and share < REDUCED_VAT_RENEWABLE_SHARE:
            warning = self.env._(
                "The renewable share of %(network)s is %(share).1f %% over the "
                "period: under 50 %%, the reduced VAT rate %(taxes)s is not justified.",
                network=self.network_id.display_name,
                share=share * 100,
                taxes=", ".join(reduced.mapped("name")),
            )
        return {"renewable_share": share, "renewable_warning": warning}

    def _energy_label(self, line, tariff):
        """The R1 line, in the language of ``self.env`` (the subscriber's): the
        indexes billed with the local dates of their readings, or why they are
        estimated (ADR 0034)."""
        env = self.env
        line = line.with_env(env)
        kind = env._("estimated") if line.estimated else env._("measured")
        return env._(
            "R1 energy %(start)s - %(end)s: %(mwh)s MWh %(kind)s × "
            "%(price)s € HT/MWh (meter %(meters)s, index in kWh %(i1)s → %(i2)s)",
            start=format_date(env, line.date_from),
            end=format_date(env, line.date_to),
            mwh=formatLang(env, line.mwh, digits=3),
            kind=kind,
            price=formatLang(env, tariff.price_per_mwh, digits=2),
            meters=line.meters or "-",
            i1=line._heat_index_text("start"),
            i2=line._heat_index_text("end"),
        )

    def _power_label(self, line, tariff):
        env = self.env
        return env._(
            "R2 subscription %(start)s - %(end)s: %(kw)s kW × "
            "%(price)s € HT/kW/year pro rata temporis",
            start=format_date(env, line.date_from),
            end=format_date(env, line.date_to),
            kw=formatLang(env, line.power_kw, digits=1),
            price=formatLang(env, tariff.price_per_kw, digits=2),
        )

    def _heat_products(self):
        # called once per invoice: the xmlid lookup is cached, env.ref would query
        data = self.env["ir.model.data"]
        products = self.env["product.product"]
        return {
            key: products.browse(
                data._xmlid_to_res_id(f"heat_billing.product_heat_{key}")
            )
            for key in ("r1", "r2", "installment", "compensation")
        }

    def _heat_create_lines(self, values):
        """Create the run's lines. The database refuses a line that overlaps another
        line of the subscription and kind not credited, whatever the transaction that
        wrote it (ADR 0036): the refusal is said in words."""
        lines = self.env["heat.billing.run.line"]
        # a line is inserted, then its computed columns (its kind among them) are
        # written: two runs billing the same subscriptions at once each waited for
        # the other's lines (a deadlock). The subscriptions are locked first, in
        # one order: the second run waits for the first, then meets its lines.
        self.env.execute_query(
            SQL(
                "SELECT id FROM heat_subscription WHERE id = ANY(%s) "
                "ORDER BY id FOR NO KEY UPDATE",
                sorted({value["subscription_id"] for value in values}),
            )
        )
        try:
            with overlap_expected(), self.env.cr.savepoint():
                lines = lines.create(values)
                lines.flush_recordset()
        except psycopg2.errors.ExclusionViolation as error:
            if error.diag.constraint_name != BILLED_ONCE:
                raise
            self._check_not_billed_elsewhere(values)
            raise UserError(
                self.env._(
                    "Another billing run bills part of the period of %(run)s for the "
                    "same subscriptions: compute the preview again.",
                    run=self.name,
                )
            ) from error
        return lines

    def _check_not_billed_elsewhere(self, values):
        """Refuse, naming the subscriptions and the runs, the lines of ``values`` that
        overlap lines of other runs not credited (see :meth:`_heat_create_lines`).

        The lines of this transaction are read with its cursor; those committed by a
        concurrent transaction after this one began, which its snapshot cannot see,
        with a new cursor (read only)."""
        self.env.flush_all()
        clashes = self._heat_clashes(self.env.cr, values)
        if not clashes:
            with closing(self.env.registry.cursor()) as cr:
                clashes = self._heat_clashes(cr, values)
        if clashes:
            raise UserError(
                self.env._(
                    "Already billed for this period, or in the preview of another "
                    "run: %(names)s. Credit the posted run or delete the preview "
                    "first.",
                    names=", ".join(
                        f"{subscription} ({run})" for subscription, run in clashes
                    ),
                )
            )

    def _heat_clashes(self, cr, values):
        """``(subscription, run)`` names of the lines read by ``cr`` that overlap the
        lines of ``values``, of the same kind, in another run, not credited."""
        cr.execute(
            SQL(
                """
                SELECT DISTINCT s.name, r.name
                  FROM (VALUES %s) AS v(subscription_id, date_from, date_to, kind)
                  JOIN heat_billing_run_line l
                    ON l.subscription_id = v.subscription_id
                   AND l.kind = v.kind
                   AND daterange(l.date_from, l.date_to, '[]')
                       && daterange(v.date_from, v.date_to, '[]')
                  JOIN heat_subscription s ON s.id = l.subscription_id
                  JOIN heat_billing_run r ON r.id = l.run_id
                 WHERE l.run_id != %s AND l.credited IS NOT TRUE
                 ORDER BY s.name, r.name
                """,
                SQL(", ").join(
                    SQL(
                        "(%s, %s::date, %s::date, %s)",
                        v["subscription_id"],
                        v["date_from"],
                        v["date_to"],
                        "regularisation" if v.get("is_final") else self.kind,
                    )
                    for v in values
                ),
                self.id,
            )
        )
        return cr.fetchall()

    def _heat_lock_for_posting(self):
        """Lock the run and its lines until the end of the transaction, and read the
        run's state again: of two postings of one run at the same time, the second
        waits for the first, then finds the run posted (ADR 0036)."""
        self.ensure_one()
        self.env.flush_all()
        # a serialization failure here is retried by Odoo: no "bad query" in the log
        self.env.cr.execute(
            SQL("SELECT id FROM heat_billing_run WHERE id = %s FOR UPDATE", self.id),
            log_exceptions=False,
        )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM heat_billing_run_line WHERE run_id = %s FOR UPDATE",
                self.id,
            ),
            log_exceptions=False,
        )
        self.invalidate_recordset(["state", "line_ids"])

    def _check_accounting_period(self):
        lock_date = self.company_id._get_user_fiscal_lock_date(
            self.env["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "=", self.company_id.id)],
                limit=1,
            )
        )
        if self.invoice_date and lock_date and self.invoice_date <= lock_date:
            raise UserError(
                self.env._(
                    "The accounting period is locked until %(date)s: choose a later "
                    "invoice date for %(run)s.",
                    date=lock_date,
                    run=self.name,
                )
            )

    def _link_invoices(self, pairs):
        """Set the invoice of every line in one statement (the hot path)."""
        self.env["heat.billing.run.line"].flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE heat_billing_run_line AS line SET move_id = v.move_id "
                "FROM (VALUES %s) AS v(line_id, move_id) WHERE line.id = v.line_id",
                SQL(", ").join(SQL("(%s, %s)", line, move) for line, move in pairs),
            )
        )
        self.line_ids.invalidate_recordset(["move_id"])
        self.move_ids.invalidate_recordset(["heat_billing_line_ids"])

    def _readings(self, still_billed_elsewhere=True):
        """The readings the runs' lines used (``heat.billing.run.line._heat_readings``).
        Without ``still_billed_elsewhere``, leave out the readings that a posted line
        of another run uses (a bound shared by two periods stays locked)."""
        lines = self.line_ids
        readings = lines._heat_readings()
        if still_billed_elsewhere or not readings:
            return readings
        others = lines.sudo().search(
            [
                ("run_id", "not in", self.ids),
                ("move_id", "!=", False),
                ("credited", "!=", True),
                ("subscription_id.substation_id", "in", readings.substation_id.ids),
            ]
        )
        return readings - others._heat_readings()

    @api.model
    def _heat_demo_bill(self, network_id, date_from="2025-01-01", date_to="2025-01-31"):
        """Demo: subscriptions for the network's sub-stations and a posted run."""
        network = self.env["heat.network"].browse(network_id).exists()
        if not network or self.search_count([("network_id", "=", network.id)]):
            return False
        substations = network.substation_ids.filtered(
            lambda s: s.building_id.owner_id and s.meter_id
        )
        subscriptions = self.env["heat.subscription"].create(
            [
                {
                    "substation_id": substation.id,
                    "partner_id": substation.building_id.owner_id.id,
                    "company_id": network.company_id.id,
                    "date_start": "2024-10-01",
                    "state": "active",
                }
                for substation in substations
            ]
        )
        run = self.create(
            {
                "network_id": network.id,
                "company_id": network.company_id.id,
                "date_from": date_from,
                "date_to": date_to,
                "invoice_date": date_to,
            }
        )
        run.action_compute()
        run.action_post()
        return subscriptions

    @api.model
    def _heat_demo_sale(self, substation_id, buyer_id, date_end="2025-02-14"):
        """Demo: the building of ``substation_id`` sold on ``date_end``, its index read
        that evening (between the month's two readings, in proportion to the time),
        the buyer's subscription from the day after; the February run computed for
        the user to look at each holder's part before posting it."""
        substation = self.env["heat.substation"].browse(substation_id).exists()
        subscription = self.env["heat.subscription"].search(
            [("substation_id", "=", substation.id), ("state", "=", "active")], limit=1
        )
        if not subscription:
            return False
        network = substation.network_id
        date_end = fields.Date.to_date(date_end)
        moment = network._heat_bounds(date_end, date_end)[network.id][1]
        readings = self.env["heat.meter.reading"].search(
            [("meter_id", "=", substation.meter_id.id), ("state", "=", "valid")],
            order="timestamp",
        )
        before = readings.filtered(lambda r: r.timestamp <= moment)[-1:]
        after = readings.filtered(lambda r: r.timestamp > moment)[:1]
        index = before.energy_kwh + (after.energy_kwh - before.energy_kwh) * (
            (moment - before.timestamp) / (after.timestamp - before.timestamp)
        )
        self.env["heat.subscription.end"].create(
            {
                "subscription_id": subscription.id,
                "mode": "holder",
                "date_end": date_end,
                "index_kwh": round(index, 3),
                "partner_id": buyer_id,
            }
        ).action_confirm()
        run = self.create(
            {
                "network_id": network.id,
                "company_id": network.company_id.id,
                "date_from": date_end.replace(day=1),
                "date_to": "2025-02-28",
                "invoice_date": "2025-02-28",
            }
        )
        run.action_compute()
        return run
