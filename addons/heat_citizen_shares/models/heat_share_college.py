# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..domain import vote as vote_domain


class HeatShareCollege(models.Model):
    """A college of members of an SCIC: its weight in the general meeting's votes."""

    _name = "heat.share.college"
    _description = "Member college"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    weight = fields.Float(
        string="Weight (%)",
        digits=(5, 2),
        help="Share of the college in the general meeting's votes. The weights of the "
        "active colleges of a company must sum to 100 %; this is checked by the "
        "'Check weights' action and whenever a resolution's result is computed.",
    )
    partner_ids = fields.One2many("res.partner", "share_college_id", string="Members")
    member_count = fields.Integer(compute="_compute_member_count")

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "A college code is unique per company.",
        ),
        (
            "weight_range",
            "CHECK(weight >= 0 AND weight <= 100)",
            "A college weight lies between 0 and 100 %.",
        ),
    ]

    @api.depends("partner_ids")
    def _compute_member_count(self):
        for college in self:
            college.member_count = len(college.partner_ids)

    def action_check_weights(self):
        """Check the weights of every company of these colleges; notify when right."""
        companies = self.company_id or self.env.company
        for company in companies:
            self._check_weights(company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The weights of the active colleges sum to 100 %."
                ),
            },
        }

    @api.model
    def _check_weights(self, company):
        """Raise unless the active colleges of ``company`` weigh 100 % together.

        Not an ``@api.constrains``: weights are edited one college at a time, the sum is
        only right once all of them are saved."""
        colleges = self.search([("company_id", "=", company.id)])
        total = sum(colleges.mapped("weight"))
        if not vote_domain.weights_total_ok(colleges.mapped("weight")):
            # formatted apart: an f-string inside the call stops the extraction of
            # the file's strings for translation (Babel evaluates the arguments)
            weights = ", ".join(f"{c.name} {c.weight:g} %" for c in colleges)
            raise ValidationError(
                self.env._(
                    "The weights of the active colleges of %(company)s sum to "
                    "%(total)s %% instead of 100 %% (%(colleges)s).",
                    company=company.name,
                    total=round(total, 2),
                    colleges=weights,
                )
            )
