# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class HeatShareMeeting(models.Model):
    """A general meeting: its voters are the holders of voting shares at the record
    date, each in their college."""

    _name = "heat.share.meeting"
    _description = "General meeting"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, tracking=True)
    record_date = fields.Date(
        required=True,
        tracking=True,
        help="Holders of voting shares at the end of this day may vote.",
    )
    state = fields.Selection(
        [("draft", "Convened"), ("open", "In session"), ("done", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    attendance_ids = fields.One2many(
        "heat.share.meeting.attendance", "meeting_id", string="Voters"
    )
    resolution_ids = fields.One2many(
        "heat.share.meeting.resolution", "meeting_id", string="Resolutions"
    )
    voter_count = fields.Integer(compute="_compute_counts")
    present_count = fields.Integer(compute="_compute_counts")

    @api.depends("attendance_ids.attendance")
    def _compute_counts(self):
        for meeting in self:
            meeting.voter_count = len(meeting.attendance_ids)
            meeting.present_count = len(
                meeting.attendance_ids.filtered(
                    lambda a: a.attendance in ("present", "proxy")
                )
            )

    @api.constrains("date", "record_date")
    def _check_dates(self):
        for meeting in self:
            if meeting.record_date > meeting.date:
                raise ValidationError(
                    self.env._(
                        "General meeting %(name)s: the record date comes before the "
                        "meeting.",
                        name=meeting.name,
                    )
                )

    def action_load_voters(self):
        """List the holders of voting shares at the record date, in their college."""
        for meeting in self:
            if meeting.state != "draft":
                raise UserError(
                    self.env._(
                        "General meeting %(name)s is already in session.",
                        name=meeting.name,
                    )
                )
            voters = meeting._voters_at_record_date()
            known = meeting.attendance_ids.partner_id
            meeting.attendance_ids.filtered(
                lambda a, v=voters: a.partner_id not in v
            ).unlink()
            meeting.attendance_ids = [
                Command.create(
                    {
                        "partner_id": partner.id,
                        "college_id": partner.share_college_id.id,
                    }
                )
                for partner in voters - known
            ]
        return True

    def action_open(self):
        self.env["heat.share.college"]._check_weights(self.company_id)
        self.state = "open"
        return True

    def action_close(self):
        self.state = "done"
        return True

    def _voters_at_record_date(self):
        self.ensure_one()
        holdings = self.env["heat.share.line"]._holdings_at(
            self.record_date, self.company_id
        )
        voting = (
            self.env["heat.share.class"]
            .with_context(active_test=False)
            .search([("company_id", "=", self.company_id.id), ("voting", "=", True)])
        )
        partner_ids = {
            partner_id
            for (partner_id, class_id), shares in holdings.items()
            if shares > 0 and class_id in voting.ids
        }
        return self.env["res.partner"].browse(sorted(partner_ids))
