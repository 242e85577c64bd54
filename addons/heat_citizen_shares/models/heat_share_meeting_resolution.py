# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models

from ..domain import vote as vote_domain


class HeatShareMeetingResolution(models.Model):
    """A resolution put to the vote: one member one vote inside each college, the
    colleges' results weighted."""

    _name = "heat.share.meeting.resolution"
    _description = "General meeting resolution"
    _order = "meeting_id, sequence, id"
    _check_company_auto = True

    meeting_id = fields.Many2one(
        "heat.share.meeting", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    description = fields.Text()
    vote_ids = fields.One2many(
        "heat.share.meeting.vote", "resolution_id", string="Votes"
    )
    yes_count = fields.Integer(compute="_compute_result", store=True)
    no_count = fields.Integer(compute="_compute_result", store=True)
    abstain_count = fields.Integer(compute="_compute_result", store=True)
    head_count_share = fields.Float(
        string="Yes by head count (%)", compute="_compute_result", store=True
    )
    weighted_share = fields.Float(
        string="Yes with college weights (%)", compute="_compute_result", store=True
    )
    result = fields.Selection(
        [("pending", "Not voted"), ("passed", "Passed"), ("rejected", "Rejected")],
        compute="_compute_result",
        store=True,
    )

    @api.depends("vote_ids.vote", "vote_ids.college_id.weight")
    def _compute_result(self):
        for resolution in self:
            colleges = resolution._college_votes()
            cast = sum(c.cast for c in colleges.values())
            resolution.yes_count = sum(c.yes for c in colleges.values())
            resolution.no_count = sum(c.no for c in colleges.values())
            resolution.abstain_count = sum(c.abstain for c in colleges.values())
            resolution.head_count_share = 100 * vote_domain.head_count_share(colleges)
            weighted = vote_domain.weighted_share(colleges)
            resolution.weighted_share = 100 * weighted
            if not cast:
                resolution.result = "pending"
            else:
                resolution.result = (
                    "passed" if vote_domain.passes(weighted) else "rejected"
                )

    def _college_votes(self):
        """``{college_id: CollegeVotes}`` of the votes cast on this resolution."""
        self.ensure_one()
        counts = {}
        for vote in self.vote_ids.filtered(lambda v: v.vote and v.college_id):
            counts.setdefault(vote.college_id, {"yes": 0, "no": 0, "abstain": 0})
            counts[vote.college_id][vote.vote] += 1
        return {
            college.id: vote_domain.CollegeVotes(college.weight, **values)
            for college, values in counts.items()
        }

    def action_prepare_votes(self):
        """One vote line per member present or represented."""
        for resolution in self:
            voted = resolution.vote_ids.partner_id
            resolution.vote_ids = [
                Command.create(
                    {"partner_id": line.partner_id.id, "college_id": line.college_id.id}
                )
                for line in resolution.meeting_id.attendance_ids
                if line.attendance in ("present", "proxy")
                and line.partner_id not in voted
            ]
        return True

    def action_compute_result(self):
        """Check the college weights sum to 100 % and compute the result again."""
        for company in self.company_id:
            self.env["heat.share.college"]._check_weights(company)
        self._compute_result()
        return True
