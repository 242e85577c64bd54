# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class HeatShareInterestLine(models.Model):
    """One member's interest on shares for a financial year: what they held, the
    gross interest, the withholding at source and the net paid."""

    _name = "heat.share.interest.line"
    _description = "Interest on shares of a member"
    _order = "interest_id, id"
    _check_company_auto = True

    interest_id = fields.Many2one(
        "heat.share.interest",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="interest_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="interest_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, index=True, check_company=True
    )
    share_days = fields.Integer(
        string="Share-days",
        help="Sum over the financial year of the shares held at the end of each day.",
    )
    average_capital = fields.Monetary(
        help="Nominal capital held on average over the financial year: the base of "
        "the interest."
    )
    gross = fields.Monetary(string="Gross interest", aggregator="sum")
    pfnl = fields.Monetary(string="PFNL", aggregator="sum")
    social = fields.Monetary(string="Social levies", aggregator="sum")
    net = fields.Monetary(string="Net interest", aggregator="sum")
    exempt = fields.Boolean(
        string="Exempt from the PFNL",
        help="The member asked, the year before the payment, to be exempted from the "
        "PFNL (CGI art. 242 quater); the social levies are withheld all the same.",
    )
    legal_person = fields.Boolean(
        help="A company or an authority: nothing is withheld."
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Entry line",
        readonly=True,
        copy=False,
        help="The member's net interest on the account of interest to pay.",
    )
    payment_state = fields.Selection(
        [
            ("not_paid", "Not paid"),
            ("partial", "Partially paid"),
            ("paid", "Paid"),
            ("reversed", "Reversed"),
        ],
        compute="_compute_payment_state",
    )

    @api.depends(
        "move_line_id.amount_residual",
        "move_line_id.reconciled",
        "interest_id.reversal_move_id",
    )
    def _compute_payment_state(self):
        for line in self:
            aml = line.move_line_id
            if not aml:
                line.payment_state = False
            elif line.interest_id.reversal_move_id:
                line.payment_state = "reversed"
            elif aml.reconciled:
                line.payment_state = "paid"
            elif aml.currency_id.compare_amounts(aml.amount_residual, aml.balance):
                line.payment_state = "partial"
            else:
                line.payment_state = "not_paid"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        posted = self.filtered(lambda line: line.interest_id.move_id)
        if posted:
            raise UserError(
                self.env._(
                    "The interest of %(member)s was posted with %(name)s and cannot "
                    "be deleted.",
                    member=posted[0].partner_id.display_name,
                    name=posted[0].interest_id.display_name,
                )
            )
