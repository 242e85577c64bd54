# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Accounts looked up by code prefix in the company's chart (French PCG), best first.
ACCOUNT_CODES = {
    "account_uncalled_id": ("1011",),
    "account_called_unpaid_id": ("1012",),
    "account_called_paid_id": ("1013",),
    "account_receivable_id": ("45625", "4562"),
    "account_redeemed_id": ("4551", "455"),
    "account_shareholders_uncalled_id": ("109",),
}


class HeatShareClass(models.Model):
    """A class of shares: nominal value, limits per holder, votes, accounts."""

    _name = "heat.share.class"
    _description = "Share class"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    nominal_value = fields.Monetary(required=True, default=50.0)
    min_shares = fields.Integer(
        string="Minimum per holder",
        default=1,
        help="A subscription must bring the holder at least to this number of shares.",
    )
    max_shares = fields.Integer(
        string="Maximum per holder",
        help="Shares one holder may hold in this class at most, those already held "
        "included; 0 for no maximum.",
    )
    voting = fields.Boolean(
        default=True, help="Holders of these shares vote at general meetings."
    )
    college_id = fields.Many2one(
        "heat.share.college",
        string="Reserved to college",
        check_company=True,
        help="Only members of this college may subscribe; empty for a class open "
        "to all.",
    )
    waiting_period_months = fields.Integer(
        string="Waiting period (months)",
        default=60,
        help="Months a share must be held before it may be redeemed.",
    )
    last_share_number = fields.Integer(
        readonly=True,
        copy=False,
        help="Last share number issued in this class; the next issue starts after it.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Capital journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    account_uncalled_id = fields.Many2one(
        "account.account",
        string="Subscribed capital, uncalled (1011)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    account_called_unpaid_id = fields.Many2one(
        "account.account",
        string="Subscribed capital, called unpaid (1012)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    account_called_paid_id = fields.Many2one(
        "account.account",
        string="Subscribed capital, called paid (1013)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
    )
    account_receivable_id = fields.Many2one(
        "account.account",
        string="Members, capital called unpaid (4562)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
        help="Debited by the capital call, credited by the member's payment; it must "
        "allow reconciliation.",
    )
    account_redeemed_id = fields.Many2one(
        "account.account",
        string="Members, redeemed capital to repay (4551)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
        help="Credited by an approved redemption, the capital the company owes the "
        "member, debited by its payment; it must allow reconciliation.",
    )

    account_shareholders_uncalled_id = fields.Many2one(
        "account.account",
        string="Shareholders, subscribed capital uncalled (109)",
        check_company=True,
        compute="_compute_accounting",
        store=True,
        readonly=False,
        precompute=True,
        help="Debited by the capital subscribed but not called yet (against 1011), "
        "credited by each later call.",
    )

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "A share class code is unique per company.",
        ),
        (
            "nominal_positive",
            "CHECK(nominal_value > 0)",
            "The nominal value of a share class must be positive.",
        ),
    ]

    @api.depends("company_id")
    def _compute_accounting(self):
        """The capital accounts and journal of the company's chart, found by code."""
        for share_class in self:
            company = share_class.company_id
            if not company:
                continue
            if share_class.journal_id.company_id != company:
                share_class.journal_id = share_class._find_journal(company)
            for fname in ACCOUNT_CODES:
                if company not in share_class[fname].company_ids:
                    share_class[fname] = share_class._find_account(fname, company)

    def _prepare_entry(self, company, label, date, balances):
        """A journal entry of the register in the class's journal: ``balances``
        lists ``(account, partner, balance)``, a debit when positive."""
        self.ensure_one()
        return {
            "move_type": "entry",
            "company_id": company.id,
            "journal_id": self.journal_id.id,
            "date": date,
            "ref": label,
            "line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "partner_id": partner.id,
                        "debit": max(balance, 0.0),
                        "credit": max(-balance, 0.0),
                    }
                )
                for account, partner, balance in balances
            ],
        }

    @api.model
    def _find_account(self, field_name, company):
        return self._heat_account_by_prefix(ACCOUNT_CODES[field_name], company)

    @api.model
    def _heat_account_by_prefix(self, prefixes, company):
        """The first account of ``company``'s chart whose code starts with one of
        ``prefixes``, tried in their order (an empty recordset when none)."""
        Account = self.env["account.account"].with_company(company)
        for prefix in prefixes:
            account = Account.search(
                [
                    *Account._check_company_domain(company),
                    ("code", "=like", prefix + "%"),
                ],
                order="code",
                limit=1,
            )
            if account:
                return account
        return Account

    def _missing_accounting(self, fnames):
        """The labels of the journal and accounts among ``fnames`` not set."""
        self.ensure_one()
        return [
            self._fields[fname].get_description(self.env)["string"]
            for fname in fnames
            if not self[fname]
        ]

    @api.model
    def _find_journal(self, company):
        Journal = self.env["account.journal"]
        return Journal.search(
            [*Journal._check_company_domain(company), ("type", "=", "general")],
            limit=1,
        )

    @api.constrains("min_shares", "max_shares", "waiting_period_months")
    def _check_limits(self):
        for share_class in self:
            if share_class.min_shares < 0 or share_class.waiting_period_months < 0:
                raise ValidationError(
                    self.env._(
                        "Share class %(name)s: the minimum and the waiting period "
                        "cannot be negative.",
                        name=share_class.display_name,
                    )
                )
            if share_class.max_shares and share_class.max_shares < max(
                share_class.min_shares, 1
            ):
                raise ValidationError(
                    self.env._(
                        "Share class %(name)s: the maximum per holder is below the "
                        "minimum.",
                        name=share_class.display_name,
                    )
                )

    def _allocate_share_numbers(self, quantity):
        """Reserve ``quantity`` consecutive share numbers; returns ``(first, last)``.
        The class row is locked so that two issues never get the same numbers."""
        self.ensure_one()
        self.flush_recordset(["last_share_number"])
        self.env.cr.execute(
            SQL(
                "SELECT last_share_number FROM heat_share_class WHERE id = %s "
                "FOR UPDATE",
                self.id,
            )
        )
        last = self.env.cr.fetchone()[0] or 0
        self.invalidate_recordset(["last_share_number"])
        self.last_share_number = last + quantity
        return last + 1, last + quantity
