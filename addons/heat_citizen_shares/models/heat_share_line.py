# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from ..domain import capital as capital_domain
from ..domain import register as register_domain
from ..domain import words as words_domain

ACQUISITIONS = ("issue", "transfer_in", "conversion_in")
SIGNS = {
    "issue": 1,
    "transfer_in": 1,
    "conversion_in": 1,
    "transfer_out": -1,
    "redemption": -1,
    "conversion_out": -1,
}


class HeatShareLine(models.Model):
    """A dated movement of the share register. Approved lines are never deleted: a
    mistake is corrected by a reverse movement."""

    _name = "heat.share.line"
    _description = "Share register movement"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["certificate_number", "partner_id"]

    # computed in the reader's language (a stored name would keep the language of
    # whoever created the line)
    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Holder", required=True, index=True, check_company=True
    )
    class_id = fields.Many2one(
        "heat.share.class", required=True, index=True, check_company=True
    )
    movement_type = fields.Selection(
        [
            ("issue", "Issue"),
            ("transfer_out", "Transfer (out)"),
            ("transfer_in", "Transfer (in)"),
            ("redemption", "Redemption"),
            ("conversion_out", "Conversion (out)"),
            ("conversion_in", "Conversion (in)"),
        ],
        required=True,
    )
    quantity = fields.Integer(required=True, help="Number of shares moved, positive.")
    reversal = fields.Boolean(
        readonly=True, help="This line cancels another one: its sign is the opposite."
    )
    signed_quantity = fields.Integer(
        compute="_compute_signed_quantity", store=True, aggregator="sum"
    )
    amount = fields.Monetary(
        compute="_compute_amount", store=True, aggregator="sum", string="Nominal amount"
    )
    state = fields.Selection(
        [("draft", "To approve"), ("done", "Approved")],
        default="draft",
        required=True,
        readonly=True,
        index=True,
    )
    counterpart_id = fields.Many2one(
        "heat.share.line",
        readonly=True,
        help="The other half of a transfer or a conversion.",
    )
    reversed_id = fields.Many2one(
        "heat.share.line", string="Reverses", readonly=True, index=True
    )
    reversal_ids = fields.One2many(
        "heat.share.line", "reversed_id", string="Reversed by", readonly=True
    )
    move_id = fields.Many2one(
        "account.move",
        string="Journal entry",
        readonly=True,
        copy=False,
        help="A redemption's entry (the capital leaves 1013 for the member's current "
        "account, 4551, to be repaid) or a transfer's (1013 from the seller to the "
        "buyer).",
    )
    subscription_id = fields.Many2one(
        "heat.share.subscription", readonly=True, index=True, check_company=True
    )
    amount_uncalled = fields.Monetary(
        related="subscription_id.amount_uncalled",
        string="Capital uncalled",
        help="Of an issue, the capital of its subscription the board has not called "
        "yet (partly paid shares).",
    )
    certificate_number = fields.Char(copy=False, index=True)
    share_number_from = fields.Integer(readonly=True, copy=False)
    share_number_to = fields.Integer(readonly=True, copy=False)
    share_numbers = fields.Char(
        string="Share numbers",
        compute="_compute_share_numbers",
        help="Numbers of the shares issued by this movement; empty for a movement "
        "that issues no share.",
    )
    amount_in_words = fields.Char(compute="_compute_amount_in_words")
    note = fields.Text()

    _sql_constraints = [
        (
            "certificate_company_unique",
            "unique(certificate_number, company_id)",
            "A certificate number is unique per company.",
        ),
        ("quantity_positive", "CHECK(quantity > 0)", "A movement moves shares."),
    ]

    @api.depends("movement_type", "class_id.code", "quantity")
    @api.depends_context("lang")
    def _compute_name(self):
        labels = dict(self._fields["movement_type"]._description_selection(self.env))
        for line in self:
            line.name = self.env._(
                "%(type)s of %(quantity)s %(class)s shares",
                type=labels.get(line.movement_type, ""),
                quantity=line.quantity,
                **{"class": line.class_id.code or ""},
            )

    @api.depends("share_number_from", "share_number_to")
    @api.depends_context("lang")
    def _compute_share_numbers(self):
        for line in self:
            first, last = line.share_number_from, line.share_number_to
            if not first:
                line.share_numbers = False
            elif last <= first:
                line.share_numbers = str(first)
            else:
                line.share_numbers = self.env._(
                    "%(first)s to %(last)s", first=first, last=last
                )

    @api.depends("movement_type", "quantity", "reversal")
    def _compute_signed_quantity(self):
        for line in self:
            sign = SIGNS.get(line.movement_type, 0) * (-1 if line.reversal else 1)
            line.signed_quantity = sign * line.quantity

    @api.depends("signed_quantity", "class_id.nominal_value")
    def _compute_amount(self):
        for line in self:
            line.amount = line.signed_quantity * line.class_id.nominal_value

    @api.depends("quantity", "class_id.nominal_value")
    def _compute_amount_in_words(self):
        for line in self:
            line.amount_in_words = words_domain.amount_in_words_fr(
                line.quantity * line.class_id.nominal_value
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_certificate_numbers(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "certificate_number" in vals:
            self._check_certificate_numbers([vals])
        protected = {"date", "partner_id", "class_id", "movement_type", "quantity"}
        if protected & set(vals) and self.filtered(lambda line: line.state == "done"):
            raise UserError(
                self.env._(
                    "Register line %(line)s is approved: correct it with a reverse "
                    "movement.",
                    line=self.filtered(lambda line: line.state == "done")[
                        :1
                    ].display_name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        done = self.filtered(lambda line: line.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Register line %(line)s of %(holder)s is approved and cannot be "
                    "deleted; record a reverse movement instead.",
                    line=done[0].display_name,
                    holder=done[0].partner_id.display_name,
                )
            )

    def _check_certificate_numbers(self, vals_list):
        """Refuse a certificate number already used in the company, naming the holder
        (checked before the insert so the user gets a message, not a SQL error); one
        query for the whole batch."""
        default_company = self[:1].company_id.id if self else self.env.company.id
        wanted = {
            (vals.get("company_id") or default_company, vals["certificate_number"])
            for vals in vals_list
            if vals.get("certificate_number")
        }
        if not wanted:
            return
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("certificate_number", "in", [number for _c, number in wanted]),
                    ("company_id", "in", [company for company, _n in wanted]),
                    ("id", "not in", self.ids),
                ]
            )
        )
        for line in existing:
            if (line.company_id.id, line.certificate_number) in wanted:
                raise ValidationError(
                    self.env._(
                        "Certificate number %(number)s is already used by %(line)s "
                        "of %(holder)s.",
                        number=line.certificate_number,
                        line=line.name,
                        holder=line.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ actions

    def action_approve(self):
        """Approve the movements (and the other half of a transfer or conversion):
        from now on they count in the register."""
        lines = (self | self.counterpart_id).filtered(
            lambda line: line.state == "draft"
        )
        if not lines:
            return True
        lines._lock_holders()
        lines._check_before_approval()
        lines._check_capital_floor()
        for line in lines.filtered(
            lambda line: line.signed_quantity > 0 and not line.certificate_number
        ):
            line.certificate_number = line._next_certificate_number()
        lines.state = "done"
        lines._check_register_not_negative()
        lines._check_maximum_per_holder()
        lines._post_redemptions()
        lines._post_transfers()
        return True

    def action_reverse(self):
        """Record the movements that cancel these approved lines, dated today; both
        halves of a transfer or a conversion are reversed together."""
        originals = (self | self.counterpart_id).filtered(
            lambda line: line.state == "done" and not line.reversal
        )
        reversed_already = self.search([("reversed_id", "in", originals.ids)])
        if reversed_already:
            raise UserError(
                self.env._(
                    "Register line %(line)s is already reversed.",
                    line=reversed_already[0].reversed_id.display_name,
                )
            )
        reversals = self.create([line._prepare_reversal_vals() for line in originals])
        for reversal in reversals:
            counterpart = reversal.reversed_id.counterpart_id
            if counterpart:
                reversal.counterpart_id = reversals.filtered(
                    lambda r, c=counterpart: r.reversed_id == c
                )
        reversals.action_approve()
        return reversals

    def _prepare_reversal_vals(self):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "date": fields.Date.context_today(self),
            "partner_id": self.partner_id.id,
            "class_id": self.class_id.id,
            "movement_type": self.movement_type,
            "quantity": self.quantity,
            "reversal": True,
            "reversed_id": self.id,
            "note": self.env._("Reversal of %(line)s", line=self.display_name),
        }

    # ----------------------------------------------------------------- business

    def _post_redemptions(self):
        """An approved redemption owes the member its capital: 1013 against the
        member's current account (4551). Its reversal reverses that entry, unless
        the member was repaid."""
        redemptions = self.filtered(lambda line: line.movement_type == "redemption")
        new = redemptions.filtered(lambda line: not line.reversal)
        if new:
            moves = self.env["account.move"].create(
                [line._prepare_redemption_move() for line in new]
            )
            moves.action_post()
            for line, move in zip(new, moves, strict=True):
                line.move_id = move
        for line in redemptions.filtered("reversal"):
            original = line.reversed_id.move_id
            if not original:
                continue
            owed = original.line_ids.filtered(
                lambda aml, account=line.class_id.account_redeemed_id: (
                    aml.account_id == account
                )
            )
            if owed.matched_debit_ids:
                raise UserError(
                    self.env._(
                        "%(line)s was already repaid to %(holder)s: cancel the "
                        "payment first.",
                        line=line.reversed_id.display_name,
                        holder=line.partner_id.display_name,
                    )
                )
            line.move_id = original._reverse_moves(
                [{"date": line.date, "ref": line.display_name}], cancel=True
            )

    def _post_transfers(self):
        """The capital is kept per member in 1013: an approved transfer moves its
        nominal from the seller to the buyer, both halves on one entry; its
        reversal reverses that entry."""
        transfers = self.filtered(
            lambda line: line.movement_type == "transfer_out" and line.counterpart_id
        )
        new = transfers.filtered(lambda line: not line.reversal)
        if new:
            moves = self.env["account.move"].create(
                [line._prepare_transfer_move() for line in new]
            )
            moves.action_post()
            for line, move in zip(new, moves, strict=True):
                (line | line.counterpart_id).move_id = move
        for line in transfers.filtered("reversal"):
            original = line.reversed_id.move_id
            if original:
                (line | line.counterpart_id).move_id = original._reverse_moves(
                    [{"date": line.date, "ref": line.display_name}], cancel=True
                )

    def _prepare_redemption_move(self):
        self.ensure_one()
        share_class = self.class_id
        return self._prepare_capital_move(
            (share_class.account_called_paid_id, self.partner_id),
            (share_class.account_redeemed_id, self.partner_id),
            ("journal_id", "account_called_paid_id", "account_redeemed_id"),
        )

    def _prepare_transfer_move(self):
        self.ensure_one()
        paid = self.class_id.account_called_paid_id
        return self._prepare_capital_move(
            (paid, self.partner_id),
            (paid, self.counterpart_id.partner_id),
            ("journal_id", "account_called_paid_id"),
        )

    def _prepare_capital_move(self, debit, credit, fnames):
        """The entry of this movement's nominal: ``debit`` and ``credit`` are
        ``(account, partner)``; ``fnames`` the class's accounting it needs."""
        share_class = self.class_id
        missing = share_class._missing_accounting(fnames)
        if missing:
            raise UserError(
                self.env._(
                    "Share class %(class)s lacks its %(fields)s: set them before "
                    "approving %(line)s.",
                    fields=", ".join(missing),
                    line=self.display_name,
                    **{"class": share_class.display_name},
                )
            )
        amount = self.quantity * share_class.nominal_value
        (debit_account, debit_partner), (credit_account, credit_partner) = debit, credit
        return share_class._prepare_entry(
            self.company_id,
            self.display_name,
            self.date,
            [
                (debit_account, debit_partner, amount),
                (credit_account, credit_partner, -amount),
            ],
        )

    def _next_certificate_number(self):
        return self.env["ir.sequence"].with_company(self.company_id).next_by_code(
            "heat.share.certificate"
        ) or self.env._("New")

    def _lock_holders(self):
        """Lock the position of every holder these movements take shares from, so
        that two approvals decreasing one holding run one after the other and the
        second sees the first.

        Odoo's transactions are REPEATABLE READ: a transaction that waited for a
        lock still reads the snapshot it started with, unless the row it waited for
        was rewritten, in which case PostgreSQL refuses it with a serialization
        failure and Odoo replays the request, which then sees the first approval
        (and refuses it with a message when the shares are gone). So the holder's
        row is locked and rewritten unchanged, in id order (two approvals of several
        holders cannot deadlock). ``FOR NO KEY UPDATE`` leaves the row free for the
        foreign keys that point to it.

        Movements that lower the capital of a company at variable capital lock the
        company's partner the same way, so that two approvals checking the capital
        floor (of any holders) run one after the other."""
        partners = self.filtered(lambda line: line.signed_quantity < 0).partner_id
        partners |= self._capital_lowering_companies().sudo().partner_id
        if not partners:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner SET write_date = write_date
                 WHERE id IN (SELECT id FROM res_partner WHERE id = ANY(%s)
                               ORDER BY id FOR NO KEY UPDATE)
                """,
                partners.ids,
            ),
            # a serialization failure is expected here and replayed by Odoo
            log_exceptions=False,
        )

    def _check_before_approval(self):
        """Waiting period of redemptions; what leaves is held at that date."""
        for line in self.filtered(lambda line: line.signed_quantity < 0):
            movements = line._register_movements(line.partner_id, line.class_id)
            held = sum(m.quantity for m in movements if m.date <= line.date)
            if line.quantity > held:
                raise UserError(
                    self.env._(
                        "%(holder)s holds %(held)s %(class)s shares on %(date)s and "
                        "cannot part with %(quantity)s (%(line)s).",
                        holder=line.partner_id.display_name,
                        held=held,
                        quantity=line.quantity,
                        date=line.date,
                        line=line.display_name,
                        **{"class": line.class_id.display_name},
                    )
                )
            if line.movement_type == "redemption" and not line.reversal:
                months = line.class_id.waiting_period_months
                redeemable = register_domain.redeemable_at(
                    movements, line.partner_id.id, line.class_id.id, line.date, months
                )
                if line.quantity > redeemable:
                    raise UserError(
                        self.env._(
                            "Redemption of %(quantity)s %(class)s shares of %(holder)s "
                            "on %(date)s refused: only %(redeemable)s of them have "
                            "been held for the waiting period of %(months)s months.",
                            quantity=line.quantity,
                            holder=line.partner_id.display_name,
                            date=line.date,
                            redeemable=redeemable,
                            months=months,
                            **{"class": line.class_id.display_name},
                        )
                    )

    def _capital_lowering_companies(self):
        """The companies at variable capital whose capital these movements lower. A
        reversal corrects a movement recorded by mistake: it lowers nothing (see
        :meth:`_capital_history`)."""
        movements = self.filtered(lambda line: not line.reversal)
        return movements.company_id.filtered(
            lambda company: (
                company.heat_variable_capital
                and sum(
                    movements.filtered(lambda line: line.company_id == company).mapped(
                        "amount"
                    )
                )
                < 0
            )
        )

    def _check_capital_floor(self):
        """The capital of a company at variable capital may not fall below a quarter
        of the highest capital reached since its creation (Code de commerce L231-5,
        loi 47-1775 art. 7): movements that would take it there are refused."""
        for company in self._capital_lowering_companies():
            lines = self.filtered(
                lambda line, c=company: line.company_id == c and not line.reversal
            )
            breach = capital_domain.floor_breach(
                self._capital_history(company),
                [(line.date, line.amount) for line in lines],
            )
            if breach:
                currency = company.currency_id
                raise UserError(
                    self.env._(
                        "%(lines)s would take the capital of %(company)s from "
                        "%(before)s to %(after)s, under its floor of %(floor)s: a "
                        "company at variable capital keeps at least a quarter of the "
                        "highest capital it reached, %(highest)s on %(date)s.",
                        lines=", ".join(lines.mapped("display_name")),
                        company=company.name,
                        before=currency.format(breach.capital_before),
                        after=currency.format(breach.capital_after),
                        floor=currency.format(breach.floor),
                        highest=currency.format(breach.highest),
                        date=format_date(self.env, breach.highest_date),
                    )
                )

    @api.model
    def _capital_history(self, company):
        """``[(date, nominal amount)]``: the approved movements of the company's
        capital summed by day (one query). The movements recorded by mistake and
        their reversals are left out: the capital never really reached them."""
        rows = self.sudo()._read_group(
            [
                ("state", "=", "done"),
                ("company_id", "=", company.id),
                ("reversal", "=", False),
                ("reversal_ids", "=", False),
            ],
            ["date:day"],
            ["amount:sum"],
        )
        return [(day, amount) for day, amount in rows]

    @api.model
    def _capital_highest_reached(self, company=None):
        """``(amount, date)``: the highest capital the company reached so far."""
        return capital_domain.highest_reached(
            self._capital_history(company or self.env.company)
        )

    def _check_maximum_per_holder(self):
        """A transfer or a conversion cannot take a holder above the class maximum
        (issues are checked on their subscription)."""
        for line in self.filtered(
            lambda line: (
                line.signed_quantity > 0
                and line.movement_type != "issue"
                and line.class_id.max_shares
            )
        ):
            movements = line._register_movements(line.partner_id, line.class_id)
            held = sum(m.quantity for m in movements)
            if held > line.class_id.max_shares:
                raise UserError(
                    self.env._(
                        "%(line)s would give %(holder)s %(held)s %(class)s shares, "
                        "more than the maximum of %(max)s per holder.",
                        line=line.display_name,
                        holder=line.partner_id.display_name,
                        held=held,
                        max=line.class_id.max_shares,
                        **{"class": line.class_id.display_name},
                    )
                )

    def _check_register_not_negative(self):
        """After approval, no holder's balance may go below zero at any date (a
        back-dated movement could make a later one impossible)."""
        for line in self:
            movements = line._register_movements(line.partner_id, line.class_id)
            negative = register_domain.first_negative(movements)
            if negative:
                raise UserError(
                    self.env._(
                        "%(line)s would leave %(holder)s with %(balance)s %(class)s "
                        "shares on %(date)s: the register cannot go negative.",
                        line=line.display_name,
                        holder=line.partner_id.display_name,
                        balance=negative[3],
                        date=negative[0],
                        **{"class": line.class_id.display_name},
                    )
                )

    @api.model
    def _register_movements(self, partners=None, classes=None, company=None):
        """Approved movements as :class:`register_domain.Movement` (one query)."""
        domain = [("state", "=", "done")]
        if partners is not None:
            domain.append(("partner_id", "in", partners.ids))
        if classes is not None:
            domain.append(("class_id", "in", classes.ids))
        if company is not None:
            domain.append(("company_id", "=", company.id))
        rows = self.sudo()._read_group(
            domain, ["date:day", "partner_id", "class_id"], ["signed_quantity:sum"]
        )
        return [
            register_domain.Movement(day, partner.id, share_class.id, quantity)
            for day, partner, share_class, quantity in rows
        ]

    @api.model
    def _holdings_at(self, on_date, company=None, partners=None):
        """``{(partner_id, class_id): shares}`` at the end of ``on_date``."""
        movements = self._register_movements(
            partners=partners, company=company or self.env.company
        )
        return register_domain.holdings_at(movements, on_date)

    @api.model
    def _capital_at(self, on_date, company=None):
        """Nominal share capital of the company at the end of ``on_date``."""
        company = company or self.env.company
        classes = (
            self.env["heat.share.class"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        return register_domain.capital_at(
            self._register_movements(company=company),
            {c.id: c.nominal_value for c in classes},
            on_date,
        )
