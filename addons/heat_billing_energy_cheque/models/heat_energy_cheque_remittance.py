# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class HeatEnergyChequeRemittance(models.Model):
    """The chèques énergie sent together to the State's paying agency (the ASP) for
    reimbursement, and the transfer that reimburses them."""

    _name = "heat.energy.cheque.remittance"
    _description = "Chèque énergie remittance"
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
    date = fields.Date(
        string="Sent on", required=True, default=fields.Date.context_today
    )
    payment_ids = fields.One2many(
        "account.payment",
        "heat_energy_cheque_remittance_id",
        string="Cheques",
        readonly=True,
    )
    cheque_count = fields.Integer(
        compute="_compute_cheque_count", string="Number of cheques"
    )
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("reimbursed", "Reimbursed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    bank_journal_id = fields.Many2one(
        "account.journal",
        string="Reimbursed on",
        check_company=True,
        domain="[('type', '=', 'bank')]",
    )
    reimbursement_date = fields.Date()
    reimbursement_amount = fields.Monetary()
    reimbursement_payment_id = fields.Many2one(
        "account.payment", readonly=True, copy=False, check_company=True
    )

    @api.depends("payment_ids")
    def _compute_cheque_count(self):
        for remittance in self:
            remittance.cheque_count = len(remittance.payment_ids)

    @api.depends("payment_ids.amount")
    def _compute_amount_total(self):
        for remittance in self:
            remittance.amount_total = sum(remittance.payment_ids.mapped("amount"))

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
                    .next_by_code("heat.energy.cheque.remittance")
                    or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                self.env._("A remittance sent to the agency is never deleted.")
            )

    def action_load_cheques(self):
        """Put the company's chèques énergie received and not yet remitted."""
        for remittance in self:
            remittance._check_state("draft")
            journal = remittance.company_id.heat_energy_cheque_journal_id
            self.env["account.payment"].search(
                [
                    ("company_id", "=", remittance.company_id.id),
                    ("journal_id", "=", journal.id),
                    ("state", "=", "in_process"),
                    ("heat_energy_cheque_remittance_id", "=", False),
                ]
            ).heat_energy_cheque_remittance_id = remittance
        return True

    def action_send(self):
        for remittance in self:
            remittance._check_state("draft")
            if not remittance.payment_ids:
                raise UserError(
                    self.env._(
                        "Remittance %(name)s holds no cheque.", name=remittance.name
                    )
                )
        self.state = "sent"
        return True

    def action_record_reimbursement(self):
        """The agency's transfer: a payment on the bank journal that settles the
        cheques' account, reconciled with the cheques, which become paid."""
        self.ensure_one()
        self._check_state("sent")
        if not (self.bank_journal_id and self.reimbursement_date):
            raise UserError(
                self.env._(
                    "Give the bank journal and the date of the reimbursement of "
                    "%(name)s.",
                    name=self.name,
                )
            )
        if self.currency_id.compare_amounts(
            self.reimbursement_amount, self.amount_total
        ):
            raise UserError(
                self.env._(
                    "The agency reimbursed %(paid)s for remittance %(name)s, which "
                    "holds %(count)s cheques for %(total)s: record the reimbursement "
                    "of this remittance only.",
                    paid=self.currency_id.format(self.reimbursement_amount),
                    name=self.name,
                    count=len(self.payment_ids),
                    total=self.currency_id.format(self.amount_total),
                )
            )
        cheque_lines = self.payment_ids.move_id.line_ids.filtered(
            lambda line: (
                line.account_id == line.payment_id.outstanding_account_id
                and not line.reconciled
            )
        )
        reimbursement = self.env["account.payment"].create(
            self._prepare_reimbursement_payment(cheque_lines.account_id)
        )
        reimbursement.action_post()
        (
            cheque_lines
            + reimbursement.move_id.line_ids.filtered(
                lambda line: line.account_id == cheque_lines.account_id
            )
        ).reconcile()
        self.write(
            {"state": "reimbursed", "reimbursement_payment_id": reimbursement.id}
        )
        return True

    def _prepare_reimbursement_payment(self, cheque_account):
        self.ensure_one()
        return {
            "payment_type": "inbound",
            "partner_type": "customer",
            "company_id": self.company_id.id,
            "journal_id": self.bank_journal_id.id,
            "date": self.reimbursement_date,
            "amount": self.reimbursement_amount,
            "destination_account_id": cheque_account.id,
            "memo": self.env._("Chèque énergie reimbursement %(name)s", name=self.name),
        }

    def _check_state(self, expected):
        if self.state != expected:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Remittance %(name)s is %(state)s; this step needs it "
                    "%(expected)s.",
                    name=self.name,
                    state=labels[self.state],
                    expected=labels[expected],
                )
            )
