# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..domain import interest as interest_domain

# Accounts looked up by code prefix in the company's chart (French PCG), best first.
ACCOUNT_CODES = {
    "account_distribution_id": ("120", "110"),
    "account_payable_id": ("457",),
    "account_pfnl_id": ("4423", "442"),
    "account_social_id": ("4423", "442"),
}


class HeatShareInterest(models.Model):
    """The interest on shares voted by a general meeting for a financial year: one
    line per member, pro rata of the days the shares were held, the withholding at
    source, one journal entry."""

    _name = "heat.share.interest"
    _description = "Interest on shares"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="Financial year from", required=True, tracking=True)
    date_to = fields.Date(string="Financial year to", required=True, tracking=True)
    date = fields.Date(
        string="Accounting date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Date of the journal entry that makes the interest payable; its year is "
        "the year the income is declared (IFU) and the year an exemption must have "
        "been asked the year before.",
    )
    meeting_id = fields.Many2one(
        "heat.share.meeting",
        string="General meeting",
        check_company=True,
        tracking=True,
        help="The general meeting that voted the interest.",
    )
    rate = fields.Float(
        string="Rate voted (%)", digits=(16, 4), required=True, tracking=True
    )
    tmo_average = fields.Float(
        string="TMO average (%)",
        digits=(16, 4),
        tracking=True,
        help="Average rate of return of the bonds of private companies (TMO) over the "
        "three calendar years before the general meeting. The legal cap is this "
        "average plus two points (loi 47-1775 art. 14).",
    )
    cap_rate = fields.Float(
        string="Legal cap (%)",
        digits=(16, 4),
        compute="_compute_cap_rate",
        store=True,
        readonly=False,
        tracking=True,
        help="The highest rate the meeting may vote: the TMO average plus two points.",
    )
    cap_source = fields.Text(
        string="Source of the cap",
        tracking=True,
        help="Where the TMO figures come from, e.g. 'TMO moyen 2023-2025 publié au "
        "JO'.",
    )
    pfnl_rate = fields.Float(
        string="PFNL rate (%)",
        digits=(16, 4),
        default=12.8,
        required=True,
        help="Non-discharging flat-rate levy withheld from the interest of natural "
        "persons who did not ask for the exemption (CGI art. 117 quater, 125 A).",
    )
    social_rate = fields.Float(
        string="Social levies rate (%)",
        digits=(16, 4),
        default=17.2,
        required=True,
        help="Social levies withheld from the interest of natural persons.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("posted", "Posted"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    line_ids = fields.One2many(
        "heat.share.interest.line", "interest_id", string="Members", copy=False
    )
    journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    account_distribution_id = fields.Many2one(
        "account.account",
        string="Distribution debited (120)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
        help="Debited by the gross interest: the result the meeting allocates.",
    )
    account_payable_id = fields.Many2one(
        "account.account",
        string="Members, interest to pay (457)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
        help="Credited by the net interest of each member, debited by its payment; it "
        "must allow reconciliation.",
    )
    account_pfnl_id = fields.Many2one(
        "account.account",
        string="PFNL withheld (4423)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    account_social_id = fields.Many2one(
        "account.account",
        string="Social levies withheld (4423)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    move_id = fields.Many2one(
        "account.move", string="Journal entry", readonly=True, copy=False
    )
    reversal_move_id = fields.Many2one(
        "account.move", string="Reversal entry", readonly=True, copy=False
    )
    line_count = fields.Integer(compute="_compute_totals", store=True)
    gross_total = fields.Monetary(compute="_compute_totals", store=True)
    pfnl_total = fields.Monetary(
        string="PFNL total", compute="_compute_totals", store=True
    )
    social_total = fields.Monetary(compute="_compute_totals", store=True)
    net_total = fields.Monetary(compute="_compute_totals", store=True)

    _sql_constraints = [
        (
            "dates_ordered",
            "CHECK(date_from <= date_to)",
            "A financial year ends after it starts.",
        ),
        (
            "rates_positive",
            "CHECK(rate >= 0 AND pfnl_rate >= 0 AND social_rate >= 0)",
            "Rates cannot be negative.",
        ),
    ]

    def init(self):
        # one interest per financial year of a company, unless cancelled: settled by
        # the database when two users create it at the same time
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS heat_share_interest_year_unique "
                "ON heat_share_interest (company_id, date_from) "
                "WHERE state != 'cancel'"
            )
        )

    @api.depends("date_from", "date_to")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for interest in self:
            if not interest.date_from or not interest.date_to:
                interest.display_name = self.env._("Interest on shares")
            elif (
                interest.date_from.year == interest.date_to.year
                and (interest.date_from.month, interest.date_from.day) == (1, 1)
                and (interest.date_to.month, interest.date_to.day) == (12, 31)
            ):
                interest.display_name = self.env._(
                    "Interest on shares %(year)s", year=interest.date_from.year
                )
            else:
                interest.display_name = self.env._(
                    "Interest on shares %(start)s - %(end)s",
                    start=interest.date_from,
                    end=interest.date_to,
                )

    @api.depends("tmo_average")
    def _compute_cap_rate(self):
        for interest in self:
            if interest.tmo_average:
                interest.cap_rate = float(
                    interest_domain.cap_rate_from_tmo(interest.tmo_average)
                )

    @api.depends("company_id")
    def _compute_accounting(self):
        """The journal of the share classes and the accounts of the company's chart,
        found by code."""
        for interest in self:
            company = interest.company_id
            if not company:
                continue
            if interest.journal_id.company_id != company:
                interest.journal_id = interest._find_journal(company)
            for fname in ACCOUNT_CODES:
                if company not in interest[fname].company_ids:
                    interest[fname] = interest._find_account(fname, company)

    @api.depends("line_ids.gross", "line_ids.pfnl", "line_ids.social", "line_ids.net")
    def _compute_totals(self):
        for interest in self:
            lines = interest.line_ids
            interest.line_count = len(lines)
            interest.gross_total = sum(lines.mapped("gross"))
            interest.pfnl_total = sum(lines.mapped("pfnl"))
            interest.social_total = sum(lines.mapped("social"))
            interest.net_total = sum(lines.mapped("net"))

    @api.constrains("company_id", "date_from", "date_to", "state")
    def _check_overlap(self):
        for interest in self.filtered(lambda i: i.state != "cancel"):
            interest._raise_if_overlapping(
                interest.company_id.id,
                interest.date_from,
                interest.date_to,
                interest.display_name,
            )

    @api.model_create_multi
    def create(self, vals_list):
        # a message before the insert: the unique index on the start of the year
        # (which settles two users creating it at the same time) would only say
        # "duplicate key"
        for vals in vals_list:
            if vals.get("date_from") and vals.get("date_to"):
                self._raise_if_overlapping(
                    vals.get("company_id") or self.env.company.id,
                    fields.Date.to_date(vals["date_from"]),
                    fields.Date.to_date(vals["date_to"]),
                    self.env._("The new interest"),
                )
        return super().create(vals_list)

    def write(self, vals):
        """The figures the lines were computed from change only in draft; the cap
        and its source stay editable until the entry is posted (posting checks the
        cap again)."""
        frozen = set(vals) & set(self._prepare_frozen_fields())
        capped = set(vals) & {"tmo_average", "cap_rate", "cap_source"}
        for interest in self:
            if (frozen and interest.state != "draft") or (
                capped and interest.state in ("posted", "cancel")
            ):
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: reset it to draft to change "
                        "%(fields)s.",
                        name=interest.display_name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[interest.state],
                        fields=", ".join(
                            self._fields[fname].get_description(self.env)["string"]
                            for fname in sorted(frozen | capped)
                        ),
                    )
                )
        if {"company_id", "date_from", "date_to"} & set(vals):
            # a message before the update, as at creation
            for interest in self.filtered(lambda i: i.state != "cancel"):
                interest._raise_if_overlapping(
                    vals.get("company_id", interest.company_id.id),
                    fields.Date.to_date(vals.get("date_from", interest.date_from)),
                    fields.Date.to_date(vals.get("date_to", interest.date_to)),
                    interest.display_name,
                )
        return super().write(vals)

    def _prepare_frozen_fields(self):
        """The fields the members' lines are computed from."""
        return (
            "company_id",
            "date_from",
            "date_to",
            "date",
            "rate",
            "pfnl_rate",
            "social_rate",
        )

    def _raise_if_overlapping(self, company_id, date_from, date_to, name):
        """One interest per financial year: refuse one that overlaps another of the
        company not cancelled."""
        other = self.search(
            [
                ("id", "not in", self.ids),
                ("company_id", "=", company_id),
                ("state", "!=", "cancel"),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ],
            limit=1,
        )
        if other:
            raise ValidationError(
                self.env._(
                    "%(name)s (%(start)s - %(end)s) overlaps %(other)s: cancel it "
                    "first.",
                    name=name,
                    start=date_from,
                    end=date_to,
                    other=other.display_name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        for interest in self:
            if interest.move_id:
                raise UserError(
                    self.env._(
                        "%(name)s was posted (%(move)s): it is cancelled by its "
                        "reversal, never deleted.",
                        name=interest.display_name,
                        move=interest.move_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ actions

    def action_compute(self):
        """One line per member from the register: the shares held each day of the
        financial year, the gross interest and the withholding."""
        for interest in self:
            interest._check_state(("draft", "computed"))
            interest._check_cap()
            vals_list = interest._prepare_line_vals_list()
            interest.line_ids.unlink()
            interest.write(
                {
                    "line_ids": [Command.create(vals) for vals in vals_list],
                    "state": "computed",
                }
            )
        return True

    def action_draft(self):
        for interest in self:
            interest._check_state(("computed",))
        self.line_ids.unlink()
        self.state = "draft"
        return True

    def action_post(self):
        """One journal entry: the gross debited to the distribution, the net of each
        member credited to their account, the withholdings to the State's."""
        self._lock()
        for interest in self:
            interest._check_state(("computed",))
            interest._check_cap()
            interest._check_accounting()
            move = self.env["account.move"].create(interest._prepare_move_vals())
            move.action_post()
            interest.write({"move_id": move.id, "state": "posted"})
            interest._link_move_lines()
        return True

    def action_cancel(self):
        """Cancel; a posted interest is cancelled by the reversal of its entry, unless
        a member was already paid."""
        self._lock()
        for interest in self:
            interest._check_state(("draft", "computed", "posted"))
            if interest.state == "posted":
                paid = interest.line_ids.filtered(
                    lambda line: line.move_line_id.matched_debit_ids
                )
                if paid:
                    raise UserError(
                        self.env._(
                            "%(name)s was already paid to %(member)s: cancel the "
                            "payment first.",
                            name=interest.display_name,
                            member=paid[0].partner_id.display_name,
                        )
                    )
                reversal = interest.move_id._reverse_moves(
                    [
                        {
                            "date": fields.Date.context_today(self),
                            "ref": self.env._(
                                "Reversal of %(name)s", name=interest.display_name
                            ),
                        }
                    ],
                    cancel=True,
                )
                interest.reversal_move_id = reversal
            interest.state = "cancel"
        return True

    def action_export_ifu(self):
        """The yearly data for the tax return of the income (IFU, form 2561)."""
        for interest in self:
            interest._check_state(("posted",))
        # a spreadsheet has no document layout to configure first
        return self.env.ref(
            "heat_citizen_shares.heat_share_interest_ifu_xlsx_report"
        ).report_action(self, config=False)

    # ----------------------------------------------------------------- business

    def _check_state(self, states):
        self.ensure_one()
        if self.state not in states:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(name)s is %(state)s: this is not possible now.",
                    name=self.display_name,
                    state=labels[self.state],
                )
            )

    def _check_cap(self):
        """Refuse a rate above the legal cap, with the figures."""
        self.ensure_one()
        if not self.cap_rate or not (self.cap_source or "").strip():
            raise UserError(
                self.env._(
                    "%(name)s: enter the legal cap rate and its source (the TMO "
                    "average of the three calendar years before the meeting, plus "
                    "two points) before computing.",
                    name=self.display_name,
                )
            )
        check = interest_domain.check_cap(self.rate, self.cap_rate)
        if not check.within_cap:
            # formatted apart: an f-string inside the call stops the extraction of
            # the file's strings for translation (Babel evaluates the arguments)
            rate, cap, excess = (
                f"{value:.4f}".rstrip("0").rstrip(".")
                for value in (check.rate, check.cap_rate, check.excess)
            )
            raise UserError(
                self.env._(
                    "%(name)s: the rate voted, %(rate)s %%, is above the legal cap of "
                    "%(cap)s %% (%(origin)s) by %(excess)s points; the meeting may "
                    "vote at most the TMO average plus two points (loi 47-1775 "
                    "art. 14).",
                    name=self.display_name,
                    rate=rate,
                    cap=cap,
                    excess=excess,
                    origin=self.cap_source.strip(),
                )
            )

    def _check_accounting(self):
        self.ensure_one()
        fnames = ("journal_id", *ACCOUNT_CODES)
        missing = [
            self._fields[fname].get_description(self.env)["string"]
            for fname in fnames
            if not self[fname]
        ]
        if missing:
            raise UserError(
                self.env._(
                    "%(name)s lacks its %(fields)s: set them before posting.",
                    name=self.display_name,
                    fields=", ".join(missing),
                )
            )
        if not self.account_payable_id.reconcile:
            raise UserError(
                self.env._(
                    "%(name)s: account %(account)s must allow reconciliation, so "
                    "that each member's interest can be paid.",
                    name=self.display_name,
                    account=self.account_payable_id.display_name,
                )
            )
        if not self.line_ids:
            raise UserError(
                self.env._(
                    "%(name)s has no member to pay: compute it first.",
                    name=self.display_name,
                )
            )

    def _lock(self):
        """Lock the records so that two users posting or cancelling the same interest
        run one after the other; the second is replayed by Odoo and sees the
        first."""
        if not self:
            return
        self.env.cr.execute(
            SQL(
                "UPDATE heat_share_interest SET write_date = write_date "
                "WHERE id IN (SELECT id FROM heat_share_interest WHERE id = ANY(%s) "
                "ORDER BY id FOR NO KEY UPDATE)",
                self.ids,
            ),
            log_exceptions=False,
        )
        self.invalidate_recordset(["state", "move_id"])

    def _prepare_line_vals_list(self):
        """The members' lines, from the approved register movements of the company
        (one query for all the members)."""
        self.ensure_one()
        company = self.company_id
        movements = self.env["heat.share.line"]._register_movements(company=company)
        classes = (
            self.env["heat.share.class"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        nominal = {share_class.id: share_class.nominal_value for share_class in classes}
        per_key = defaultdict(list)
        for movement in movements:
            if movement.date <= self.date_to:
                per_key[(movement.holder, movement.share_class)].append(
                    (movement.date, movement.quantity)
                )
        periods = defaultdict(list)
        for (holder, share_class), moves in per_key.items():
            periods[holder] += interest_domain.holding_periods(
                moves, nominal[share_class], self.date_from, self.date_to
            )
        year_days = interest_domain.days_in_year(self.date_from)
        partners = self.env["res.partner"].browse(
            [holder for holder, held in periods.items() if held]
        )
        vals_list = []
        for partner in partners.sorted(lambda p: (p.name or "", p.id)):
            vals = self._prepare_line_vals(partner, periods[partner.id], year_days)
            if vals:
                vals_list.append(vals)
        return vals_list

    def _prepare_line_vals(self, partner, periods, year_days):
        gross = interest_domain.interest_pro_rata(periods, self.rate, year_days)
        if gross <= 0:
            return None
        legal_person = partner.is_company
        exempt = not legal_person and interest_domain.exemption_applies(
            partner.share_interest_exempt,
            partner.share_interest_exempt_year,
            self.date.year,
        )
        split = interest_domain.withholding_split(
            gross, self.pfnl_rate, self.social_rate, exempt, legal_person
        )
        capital_days = interest_domain.capital_days(periods)
        return {
            "partner_id": partner.id,
            "share_days": sum(period.shares * period.days for period in periods),
            "average_capital": float(capital_days / year_days),
            "gross": float(split.gross),
            "pfnl": float(split.pfnl),
            "social": float(split.social),
            "net": float(split.net),
            "exempt": exempt,
            "legal_person": legal_person,
        }

    def _prepare_move_vals(self):
        self.ensure_one()
        label = self.display_name
        lines = self.line_ids.filtered(lambda line: line.net or line.gross)
        commands = [
            Command.create(
                {
                    "name": label,
                    "account_id": self.account_distribution_id.id,
                    "debit": self.gross_total,
                }
            )
        ]
        commands += [
            Command.create(
                {
                    "name": self.env._(
                        "%(name)s - %(member)s",
                        name=label,
                        member=line.partner_id.name,
                    ),
                    "account_id": self.account_payable_id.id,
                    "partner_id": line.partner_id.id,
                    "credit": line.net,
                }
            )
            for line in lines
            if line.net
        ]
        for account, amount, what in (
            (self.account_pfnl_id, self.pfnl_total, self.env._("PFNL withheld")),
            (self.account_social_id, self.social_total, self.env._("Social levies")),
        ):
            if not self.currency_id.is_zero(amount):
                commands.append(
                    Command.create(
                        {
                            "name": f"{label} - {what}",
                            "account_id": account.id,
                            "credit": amount,
                        }
                    )
                )
        return {
            "move_type": "entry",
            "company_id": self.company_id.id,
            "journal_id": self.journal_id.id,
            "date": self.date,
            "ref": label,
            "line_ids": commands,
        }

    def _link_move_lines(self):
        """Each member's line to the entry line of their net interest, to follow its
        payment."""
        self.ensure_one()
        by_partner = {
            aml.partner_id.id: aml
            for aml in self.move_id.line_ids
            if aml.account_id == self.account_payable_id and aml.partner_id
        }
        for line in self.line_ids:
            line.move_line_id = by_partner.get(line.partner_id.id)

    @api.model
    def _find_account(self, field_name, company):
        return self.env["heat.share.class"]._heat_account_by_prefix(
            ACCOUNT_CODES[field_name], company
        )

    @api.model
    def _find_journal(self, company):
        share_class = self.env["heat.share.class"].search(
            [("company_id", "=", company.id), ("journal_id", "!=", False)], limit=1
        )
        return share_class.journal_id or self.env["heat.share.class"]._find_journal(
            company
        )
