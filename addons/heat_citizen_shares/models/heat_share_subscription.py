# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

PENDING_STATES = ("approved", "called", "paid")


class HeatShareSubscription(models.Model):
    """A request to subscribe shares: board approval, capital call, payment, issue.

    Part of the capital may be left uncalled at subscription (``call_rate``): the
    approval books the uncalled rest (109 against 1011), the first call and its
    payment go as for a fully called subscription, and the shares are issued once
    that first call is paid, partly paid (as French cooperatives do: the uncalled
    part shows on the subscription and the register). The board calls the rest
    later, in one or several calls (wizard ``heat.share.subscription.call``), each
    paid like the first one."""

    _name = "heat.share.subscription"
    _description = "Share subscription"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Subscriber",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    class_id = fields.Many2one(
        "heat.share.class", required=True, check_company=True, tracking=True
    )
    quantity = fields.Integer(string="Shares", required=True, default=1, tracking=True)
    amount = fields.Monetary(compute="_compute_amount", store=True, aggregator="sum")
    date = fields.Date(
        string="Request date", required=True, default=fields.Date.context_today
    )
    approval_date = fields.Date(readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Requested"),
            ("approved", "Approved"),
            ("called", "Called"),
            ("paid", "Paid"),
            ("issued", "Issued"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    call_move_id = fields.Many2one(
        "account.move", string="Capital call", readonly=True, copy=False
    )
    paid_move_id = fields.Many2one(
        "account.move",
        string="Called capital paid",
        readonly=True,
        copy=False,
        help="Moves the paid capital from 1012 to 1013.",
    )
    payment_date = fields.Date(readonly=True, copy=False)
    call_rate = fields.Float(
        string="Called at subscription (%)",
        default=100.0,
        digits=(5, 2),
        tracking=True,
        help="Part of the capital called at subscription; the board calls the rest "
        "later. The shares are issued once this first call is paid.",
    )
    amount_first_call = fields.Monetary(
        string="Called at subscription",
        compute="_compute_call_amounts",
        store=True,
    )
    amount_called = fields.Monetary(
        string="Capital called",
        compute="_compute_call_amounts",
        store=True,
        aggregator="sum",
    )
    amount_uncalled = fields.Monetary(
        string="Capital uncalled",
        compute="_compute_call_amounts",
        store=True,
        aggregator="sum",
        help="Capital subscribed that the board has not called yet.",
    )
    uncalled_move_id = fields.Many2one(
        "account.move",
        string="Uncalled capital entry",
        readonly=True,
        copy=False,
        help="Books the capital subscribed but not called at approval: 109 against "
        "1011.",
    )
    call_move_ids = fields.Many2many(
        "account.move",
        "heat_share_subscription_call_move_rel",
        "subscription_id",
        "move_id",
        string="Later calls",
        readonly=True,
        copy=False,
        help="The calls of the uncalled capital: the member owes it (4562 against "
        "109) and it becomes called unpaid (1011 to 1012).",
    )
    call_paid_move_ids = fields.Many2many(
        "account.move",
        "heat_share_subscription_call_paid_move_rel",
        "subscription_id",
        "move_id",
        string="Later calls paid",
        readonly=True,
        copy=False,
        help="Move the paid capital of the later calls from 1012 to 1013.",
    )
    has_open_call = fields.Boolean(
        compute="_compute_has_open_call",
        help="A call of this subscription waits for its payment.",
    )
    line_id = fields.Many2one(
        "heat.share.line", string="Register line", readonly=True, copy=False
    )
    certificate_number = fields.Char(related="line_id.certificate_number")
    share_number_from = fields.Integer(related="line_id.share_number_from")
    share_number_to = fields.Integer(related="line_id.share_number_to")

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "Subscribe at least one share."),
        (
            "call_rate_range",
            "CHECK(call_rate > 0 AND call_rate <= 100)",
            "The part called at subscription is above 0 % and at most 100 %.",
        ),
    ]

    @api.depends("quantity", "class_id.nominal_value")
    def _compute_amount(self):
        for subscription in self:
            subscription.amount = (
                subscription.quantity * subscription.class_id.nominal_value
            )

    @api.depends(
        "amount",
        "call_rate",
        "state",
        "currency_id",
        "call_move_ids.line_ids.debit",
        "class_id.account_receivable_id",
    )
    def _compute_call_amounts(self):
        for subscription in self:
            if subscription.state == "cancel":
                first = later = 0.0
            else:
                first = subscription.amount * subscription.call_rate / 100
                if subscription.currency_id:
                    first = subscription.currency_id.round(first)
                later = sum(subscription._later_call_receivable_lines().mapped("debit"))
            subscription.amount_first_call = first
            subscription.amount_called = first + later
            subscription.amount_uncalled = (
                subscription.amount - first - later if first else 0.0
            )

    @api.depends(
        "state",
        "call_move_id.line_ids.amount_residual",
        "call_move_ids.line_ids.amount_residual",
    )
    def _compute_has_open_call(self):
        for subscription in self:
            subscription.has_open_call = bool(subscription._open_call_line())

    @api.constrains("partner_id", "class_id", "quantity", "state")
    def _check_limits(self):
        for subscription in self.filtered(lambda s: s.state in ("draft", "approved")):
            subscription._check_subscription_rules()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("heat.share.subscription")
                    or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if self.filtered(lambda s: s.state not in ("draft", "cancel")):
            raise UserError(
                self.env._(
                    "Subscription %(name)s is past its request: cancel it instead.",
                    name=self.filtered(lambda s: s.state not in ("draft", "cancel"))[
                        :1
                    ].name,
                )
            )

    # ------------------------------------------------------------------ actions

    def action_approve(self):
        """The board accepts the request."""
        for subscription in self:
            subscription._check_state("draft")
            subscription._check_subscription_rules()
        self.write(
            {"state": "approved", "approval_date": fields.Date.context_today(self)}
        )
        self._post_uncalled()
        return True

    def action_call(self):
        """Post the capital call: the member owes the amount (4562 against 1012)."""
        for subscription in self:
            subscription._check_state("approved")
        moves = self.env["account.move"].create(
            [subscription._prepare_call_move() for subscription in self]
        )
        moves.action_post()
        for subscription, move in zip(self, moves, strict=True):
            subscription.write({"state": "called", "call_move_id": move.id})
        return True

    def action_register_payment(self):
        self.ensure_one()
        self._check_state("called")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register the payment"),
            "res_model": "heat.share.subscription.payment",
            "view_mode": "form",
            "target": "new",
            "context": {"default_subscription_id": self.id},
        }

    def action_check_payment(self):
        """Look at the reconciliation of the call: paid once fully reconciled."""
        self._update_payment_state()
        return True

    def action_call_capital(self):
        """Open the wizard calling the uncalled capital of these subscriptions."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call capital"),
            "res_model": "heat.share.subscription.call",
            "view_mode": "form",
            "target": "new",
            "context": {"default_subscription_ids": self.ids},
        }

    def action_issue(self):
        """Issue the paid shares: register line, share numbers, certificate number;
        the member is welcomed by e-mail with the certificate."""
        for subscription in self:
            subscription._check_state("paid")
            first, last = subscription.class_id._allocate_share_numbers(
                subscription.quantity
            )
            line = self.env["heat.share.line"].create(
                subscription._prepare_issue_line(first, last)
            )
            line.action_approve()
            subscription.write({"state": "issued", "line_id": line.id})
            partner = subscription.partner_id
            if not partner.share_membership_date:
                partner.share_membership_date = line.date
        self._send_welcome_mail()
        return True

    def action_cancel(self):
        for subscription in self:
            if subscription.state not in ("draft", "approved"):
                raise UserError(
                    self.env._(
                        "Subscription %(name)s is already called: reverse the call "
                        "in accounting first.",
                        name=subscription.name,
                    )
                )
        for subscription in self.filtered("uncalled_move_id"):
            subscription.uncalled_move_id._reverse_moves(
                [
                    {
                        "ref": self.env._(
                            "Cancellation of %(name)s", name=subscription.name
                        )
                    }
                ],
                cancel=True,
            )
        self.state = "cancel"
        return True

    # ----------------------------------------------------------------- business

    def _check_state(self, expected):
        if self.state != expected:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Subscription %(name)s is %(state)s; this step needs it "
                    "%(expected)s.",
                    name=self.name,
                    state=labels[self.state],
                    expected=labels[expected],
                )
            )

    def _check_subscription_rules(self):
        """Minimum, maximum (shares already held and pending included), college."""
        self.ensure_one()
        share_class = self.class_id
        held = (
            self.env["heat.share.line"]
            ._holdings_at(
                fields.Date.context_today(self), self.company_id, self.partner_id
            )
            .get((self.partner_id.id, share_class.id), 0)
        )
        pending = sum(
            self.sudo()
            .search(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("class_id", "=", share_class.id),
                    ("state", "in", PENDING_STATES),
                    ("id", "!=", self.id),
                ]
            )
            .mapped("quantity")
        )
        total = held + pending + self.quantity
        if share_class.max_shares and total > share_class.max_shares:
            raise ValidationError(
                self.env._(
                    "Subscription %(name)s: %(holder)s would hold %(total)s %(class)s "
                    "shares, more than the maximum of %(max)s per holder "
                    "(%(held)s held, %(pending)s pending).",
                    name=self.name,
                    holder=self.partner_id.display_name,
                    total=total,
                    max=share_class.max_shares,
                    held=held,
                    pending=pending,
                    **{"class": share_class.display_name},
                )
            )
        if total < share_class.min_shares:
            raise ValidationError(
                self.env._(
                    "Subscription %(name)s: %(holder)s would hold %(total)s %(class)s "
                    "shares, fewer than the minimum of %(min)s.",
                    name=self.name,
                    holder=self.partner_id.display_name,
                    total=total,
                    min=share_class.min_shares,
                    **{"class": share_class.display_name},
                )
            )
        if share_class.college_id and (
            self.partner_id.share_college_id != share_class.college_id
        ):
            raise ValidationError(
                self.env._(
                    "Subscription %(name)s: %(class)s shares are reserved to the "
                    "college %(college)s and %(holder)s is not a member of it.",
                    name=self.name,
                    holder=self.partner_id.display_name,
                    college=share_class.college_id.display_name,
                    **{"class": share_class.display_name},
                )
            )

    def _check_accounts(self, extra=()):
        share_class = self.class_id
        missing = share_class._missing_accounting(
            (
                "journal_id",
                "account_receivable_id",
                "account_called_unpaid_id",
                "account_called_paid_id",
                *extra,
            )
        )
        if missing:
            raise UserError(
                self.env._(
                    "Share class %(class)s lacks its %(fields)s: set them before "
                    "calling subscription %(name)s.",
                    name=self.name,
                    fields=", ".join(missing),
                    **{"class": share_class.display_name},
                )
            )
        if not share_class.account_receivable_id.reconcile:
            raise UserError(
                self.env._(
                    "Account %(account)s of share class %(class)s must allow "
                    "reconciliation to follow the payments of calls.",
                    account=share_class.account_receivable_id.display_name,
                    **{"class": share_class.display_name},
                )
            )

    def _prepare_entry(self, label, date, *balances):
        """An entry of this subscription's capital, every line on its member:
        ``balances`` are ``(account, balance)``, a debit when positive."""
        self.ensure_one()
        return self.class_id._prepare_entry(
            self.company_id,
            label,
            date,
            [(account, self.partner_id, balance) for account, balance in balances],
        )

    def _prepare_call_move(self):
        self.ensure_one()
        self._check_accounts()
        share_class = self.class_id
        label = self.env._(
            "Capital call %(name)s: %(quantity)s %(class)s shares",
            name=self.name,
            quantity=self.quantity,
            **{"class": share_class.code},
        )
        return self._prepare_entry(
            label,
            fields.Date.context_today(self),
            (share_class.account_receivable_id, self.amount_first_call),
            (share_class.account_called_unpaid_id, -self.amount_first_call),
        )

    def _prepare_paid_move(self, date, amount=None):
        self.ensure_one()
        share_class = self.class_id
        amount = self.amount_first_call if amount is None else amount
        label = self.env._("Capital paid %(name)s", name=self.name)
        return self._prepare_entry(
            label,
            date,
            (share_class.account_called_unpaid_id, amount),
            (share_class.account_called_paid_id, -amount),
        )

    def _prepare_issue_line(self, first, last):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "date": self.payment_date or fields.Date.context_today(self),
            "partner_id": self.partner_id.id,
            "class_id": self.class_id.id,
            "movement_type": "issue",
            "quantity": self.quantity,
            "subscription_id": self.id,
            "share_number_from": first,
            "share_number_to": last,
        }

    def _call_receivable_line(self):
        self.ensure_one()
        return self.call_move_id.line_ids.filtered(
            lambda line: line.account_id == self.class_id.account_receivable_id
        )

    def _later_call_receivable_lines(self):
        self.ensure_one()
        return self.call_move_ids.line_ids.filtered(
            lambda line: (
                line.account_id == self.class_id.account_receivable_id and line.debit
            )
        )

    def _open_call_line(self):
        """The member's receivable of the oldest call not paid yet, if any."""
        self.ensure_one()
        lines = self._later_call_receivable_lines()
        if self.state == "called":
            lines = self._call_receivable_line() | lines
        return lines.filtered(
            lambda line: (
                line.parent_state == "posted"
                and not float_is_zero(
                    line.amount_residual, precision_rounding=self.currency_id.rounding
                )
            )
        ).sorted(lambda line: (line.date, line.id))[:1]

    def _post_uncalled(self):
        """At approval, book the capital subscribed but not called: 109 against
        1011."""
        uncalled = self.filtered(
            lambda s: (
                not float_is_zero(
                    s.amount_uncalled, precision_rounding=s.currency_id.rounding
                )
            )
        )
        if not uncalled:
            return
        for subscription in uncalled:
            subscription._check_accounts(
                ("account_uncalled_id", "account_shareholders_uncalled_id")
            )
        moves = self.env["account.move"].create(
            [subscription._prepare_uncalled_move() for subscription in uncalled]
        )
        moves.action_post()
        for subscription, move in zip(uncalled, moves, strict=True):
            subscription.uncalled_move_id = move

    def _prepare_uncalled_move(self):
        self.ensure_one()
        share_class = self.class_id
        label = self.env._(
            "Capital subscribed, uncalled %(name)s: %(quantity)s %(class)s shares",
            name=self.name,
            quantity=self.quantity,
            **{"class": share_class.code},
        )
        return self._prepare_entry(
            label,
            self.approval_date or fields.Date.context_today(self),
            (share_class.account_shareholders_uncalled_id, self.amount_uncalled),
            (share_class.account_uncalled_id, -self.amount_uncalled),
        )

    def _lock_for_call(self):
        """Lock and rewrite the subscriptions' rows (as the register locks a
        holder's position), so that two calls of one subscription run one after
        the other and the second sees what the first left uncalled."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """
                UPDATE heat_share_subscription SET write_date = write_date
                 WHERE id IN (SELECT id FROM heat_share_subscription
                               WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE)
                """,
                self.ids,
            ),
            log_exceptions=False,
        )
        self.invalidate_recordset()

    def _post_call(self, amount, date):
        """Call ``amount`` of the uncalled capital on ``date``: the member owes it
        (4562 against 109) and it becomes called unpaid (1011 to 1012)."""
        self.ensure_one()
        self._lock_for_call()
        if self.state not in ("called", "paid", "issued"):
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Subscription %(name)s is %(state)s: its capital is called once "
                    "its first call is posted.",
                    name=self.name,
                    state=labels[self.state],
                )
            )
        rounding = self.currency_id.rounding
        if float_compare(amount, 0.0, precision_rounding=rounding) <= 0 or (
            float_compare(amount, self.amount_uncalled, precision_rounding=rounding) > 0
        ):
            raise UserError(
                self.env._(
                    "Call of %(amount)s on subscription %(name)s of %(holder)s "
                    "refused: %(uncalled)s of its capital is uncalled.",
                    amount=self.currency_id.format(amount),
                    name=self.name,
                    holder=self.partner_id.display_name,
                    uncalled=self.currency_id.format(self.amount_uncalled),
                )
            )
        self._check_accounts(
            ("account_uncalled_id", "account_shareholders_uncalled_id")
        )
        move = self.env["account.move"].create(
            self._prepare_later_call_move(amount, date)
        )
        move.action_post()
        self.call_move_ids = [Command.link(move.id)]
        return move

    def _prepare_later_call_move(self, amount, date):
        self.ensure_one()
        share_class = self.class_id
        label = self.env._(
            "Capital call %(name)s: %(amount)s of the uncalled capital",
            name=self.name,
            amount=self.currency_id.format(amount),
        )
        return self._prepare_entry(
            label,
            date,
            (share_class.account_receivable_id, amount),
            (share_class.account_shareholders_uncalled_id, -amount),
            (share_class.account_uncalled_id, amount),
            (share_class.account_called_unpaid_id, -amount),
        )

    def _post_later_calls_paid(self):
        """The later calls paid move their capital from 1012 to 1013; a payment
        that does not settle a call exactly is refused."""
        for subscription in self:
            rounding = subscription.currency_id.rounding
            paid = 0.0
            dates = []
            for line in subscription._later_call_receivable_lines():
                residual = line.amount_residual
                if float_is_zero(residual, precision_rounding=rounding):
                    paid += line.balance
                    dates += line.matched_credit_ids.credit_move_id.mapped("date")
                elif float_compare(residual, line.balance, precision_rounding=rounding):
                    raise UserError(
                        self.env._(
                            "The payment of %(paid)s received for subscription "
                            "%(name)s of %(holder)s does not match the call of "
                            "%(amount)s.",
                            paid=subscription.currency_id.format(
                                line.balance - residual
                            ),
                            name=subscription.name,
                            holder=subscription.partner_id.display_name,
                            amount=subscription.currency_id.format(line.balance),
                        )
                    )
            moved = sum(
                subscription.call_paid_move_ids.line_ids.filtered(
                    lambda aml, s=subscription: (
                        aml.account_id == s.class_id.account_called_paid_id
                    )
                ).mapped("credit")
            )
            todo = subscription.currency_id.round(paid - moved)
            if float_compare(todo, 0.0, precision_rounding=rounding) <= 0:
                continue
            move = self.env["account.move"].create(
                subscription._prepare_paid_move(
                    max(dates or [fields.Date.today()]), todo
                )
            )
            move.action_post()
            subscription.call_paid_move_ids = [Command.link(move.id)]

    @api.model
    def _uncalled_by_member(self, company=None):
        """``{partner_id: capital uncalled}`` of the company's members (one
        query)."""
        company = company or self.env.company
        rows = self.sudo()._read_group(
            [
                ("company_id", "=", company.id),
                ("state", "not in", ("draft", "cancel")),
                ("amount_uncalled", "!=", 0),
            ],
            ["partner_id"],
            ["amount_uncalled:sum"],
        )
        return {partner.id: amount for partner, amount in rows}

    def _send_welcome_mail(self):
        """Welcome the members whose shares are issued: an e-mail in their language
        with the certificate attached, posted in the subscription's chatter; a note
        there instead for a member without e-mail address."""
        template = self.env.ref(
            "heat_citizen_shares.mail_template_heat_share_welcome",
            raise_if_not_found=False,
        )
        for subscription in self.filtered("line_id"):
            partner = subscription.partner_id
            if not template or not partner.email:
                subscription.message_post(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "No welcome e-mail sent: %(holder)s has no e-mail address. "
                        "Print certificate %(number)s and post it.",
                        holder=partner.display_name,
                        number=subscription.certificate_number,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            subscription.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=[Command.set(partner.ids)],
                attachment_ids=[
                    Command.set(subscription._certificate_attachment().ids)
                ],
            )

    def _certificate_attachment(self):
        """The share certificate of the issue, as a PDF attached to the
        subscription, in the member's language."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        pdf, _kind = env["ir.actions.report"]._render_qweb_pdf(
            "heat_citizen_shares.heat_share_certificate_report", self.line_id.ids
        )
        return env["ir.attachment"].create(
            {
                "name": env._(
                    "Certificate %(number)s.pdf", number=self.certificate_number
                ),
                "type": "binary",
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    def _update_payment_state(self):
        """Called subscriptions whose call is reconciled become paid (and their
        capital moves from 1012 to 1013); a payment that does not settle the call
        exactly is refused."""
        for subscription in self.filtered(lambda s: s.state == "called"):
            line = subscription._call_receivable_line()
            rounding = subscription.currency_id.rounding
            residual = line.amount_residual
            if float_is_zero(residual, precision_rounding=rounding):
                payments = line.matched_credit_ids.credit_move_id
                date = max(payments.mapped("date") or [fields.Date.today()])
                paid_move = self.env["account.move"].create(
                    subscription._prepare_paid_move(date)
                )
                paid_move.action_post()
                subscription.write(
                    {
                        "state": "paid",
                        "payment_date": date,
                        "paid_move_id": paid_move.id,
                    }
                )
            elif float_compare(residual, line.balance, precision_rounding=rounding):
                raise UserError(
                    self.env._(
                        "The payment of %(paid)s received for subscription %(name)s "
                        "of %(holder)s does not match the call of %(amount)s.",
                        paid=subscription.currency_id.format(line.balance - residual),
                        name=subscription.name,
                        holder=subscription.partner_id.display_name,
                        amount=subscription.currency_id.format(line.balance),
                    )
                )
        self.filtered("call_move_ids")._post_later_calls_paid()
