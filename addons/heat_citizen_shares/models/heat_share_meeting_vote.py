# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatShareMeetingVote(models.Model):
    """One member's vote on a resolution (cast in person or by their proxy)."""

    _name = "heat.share.meeting.vote"
    _description = "Vote on a resolution"
    _order = "resolution_id, college_id, partner_id"
    _check_company_auto = True

    resolution_id = fields.Many2one(
        "heat.share.meeting.resolution", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="resolution_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Voter", required=True, check_company=True
    )
    college_id = fields.Many2one("heat.share.college", check_company=True)
    vote = fields.Selection([("yes", "Yes"), ("no", "No"), ("abstain", "Abstain")])

    _sql_constraints = [
        (
            "resolution_partner_unique",
            "unique(resolution_id, partner_id)",
            "A member votes once on a resolution.",
        ),
    ]
