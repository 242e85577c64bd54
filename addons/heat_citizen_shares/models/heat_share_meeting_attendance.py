# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HeatShareMeetingAttendance(models.Model):
    """A voter of a general meeting: present, represented by a proxy, or absent."""

    _name = "heat.share.meeting.attendance"
    _description = "General meeting voter"
    _order = "meeting_id, college_id, partner_id"
    _check_company_auto = True

    meeting_id = fields.Many2one(
        "heat.share.meeting", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Voter", required=True, check_company=True
    )
    college_id = fields.Many2one(
        "heat.share.college",
        check_company=True,
        help="The voter's college at the record date.",
    )
    attendance = fields.Selection(
        [("present", "Present"), ("proxy", "Represented"), ("absent", "Absent")],
        default="absent",
        required=True,
    )
    proxy_id = fields.Many2one(
        "res.partner",
        string="Proxy holder",
        check_company=True,
        help="The member who votes for this one.",
    )

    share_count = fields.Integer(
        string="Voting shares",
        compute="_compute_share_count",
        help="The voting shares the voter held at the record date.",
    )

    _sql_constraints = [
        (
            "meeting_partner_unique",
            "unique(meeting_id, partner_id)",
            "A member is listed once per general meeting.",
        ),
    ]

    @api.depends("meeting_id.record_date", "partner_id")
    def _compute_share_count(self):
        self.share_count = 0
        for meeting in self.meeting_id.filtered("record_date"):
            lines = self.filtered(lambda a, m=meeting: a.meeting_id == m)
            shares = meeting._voting_shares_at_record_date(partners=lines.partner_id)
            for line in lines:
                line.share_count = shares.get(line.partner_id.id, 0)

    @api.constrains("attendance", "proxy_id")
    def _check_proxy(self):
        for line in self:
            if line.attendance == "proxy" and (
                not line.proxy_id or line.proxy_id == line.partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(voter)s is represented at %(meeting)s: name another "
                        "member as proxy holder.",
                        voter=line.partner_id.display_name,
                        meeting=line.meeting_id.name,
                    )
                )
