# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

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
    start_time = fields.Float(help="The time the meeting starts, local time.")
    place = fields.Char(tracking=True)
    agenda = fields.Html(help="The items the meeting deliberates on, as in the notice.")
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
    document_ids = fields.Many2many(
        "ir.attachment",
        string="Documents",
        help="Accounts, reports, draft resolutions: attached to the notice and offered "
        "in the member's space.",
    )
    notice_date = fields.Date(
        readonly=True,
        copy=False,
        tracking=True,
        help="The day the notice was sent to the voters.",
    )
    chair_id = fields.Many2one(
        "res.partner",
        string="Chair",
        check_company=True,
        tracking=True,
        help="Who chairs the meeting: named in the minutes and signs them.",
    )
    secretary_id = fields.Many2one(
        "res.partner",
        string="Secretary",
        check_company=True,
        tracking=True,
        help="Who takes the minutes and signs them with the chair.",
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

    def _is_upcoming(self):
        """Convened and not held yet: a member may still give a proxy."""
        self.ensure_one()
        return self.state == "draft" and self.date >= fields.Date.context_today(self)

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
        self._file_minutes()
        return True

    def action_send_notice(self):
        """E-mail the notice to every voter, with the meeting's documents and the
        voter's own proxy form; the voters without e-mail are named in the chatter,
        for the staff to post it to them."""
        template = self.env.ref(
            "heat_citizen_shares.mail_template_heat_share_meeting_notice"
        )
        for meeting in self:
            if meeting.state not in ("draft", "open"):
                raise UserError(
                    self.env._(
                        "General meeting %(name)s is closed: its notice cannot be "
                        "sent any more.",
                        name=meeting.name,
                    )
                )
            if not meeting.attendance_ids:
                raise UserError(
                    self.env._(
                        "General meeting %(name)s has no voter yet: load the voters "
                        "before sending the notice.",
                        name=meeting.name,
                    )
                )
            emailed = meeting.attendance_ids.filtered(lambda a: a.partner_id.email)
            if emailed:
                template.send_mail_batch(
                    emailed.ids,
                    email_values=meeting._prepare_notice_email_values(),
                )
            meeting.message_post(
                body=meeting._notice_message(emailed, meeting.attendance_ids - emailed),
                subtype_xmlid="mail.mt_note",
            )
        self.notice_date = fields.Date.context_today(self)
        return True

    def action_print_proxy_forms(self):
        """The proxy forms of all the voters, to post to those without e-mail."""
        self.ensure_one()
        return self.env.ref(
            "heat_citizen_shares.heat_share_proxy_form_report"
        ).report_action(self.attendance_ids)

    def action_print_attendance_sheet(self):
        """The attendance sheet, for the voters to sign at the meeting."""
        self.ensure_one()
        return self.env.ref(
            "heat_citizen_shares.heat_share_meeting_attendance_sheet_report"
        ).report_action(self)

    def action_print_minutes(self):
        """The minutes of a closed meeting: the copy filed at closing."""
        self.ensure_one()
        self.env["report.heat_citizen_shares.heat_share_meeting_minutes"]._check_closed(
            self
        )
        return self.env.ref(
            "heat_citizen_shares.heat_share_meeting_minutes_report"
        ).report_action(self)

    def _file_minutes(self):
        """Render the minutes of the closed meetings once: the report keeps them as
        an attachment of the meeting and prints that copy ever after."""
        report = self.env["ir.actions.report"]
        for meeting in self:
            report._render_qweb_pdf(
                "heat_citizen_shares.heat_share_meeting_minutes_report", meeting.ids
            )

    def _prepare_notice_email_values(self):
        """Values added to each voter's notice e-mail: the meeting's documents."""
        self.ensure_one()
        return {"attachment_ids": [Command.link(doc.id) for doc in self.document_ids]}

    def _notice_message(self, emailed, not_emailed):
        self.ensure_one()
        body = Markup("<p>%s</p>") % self.env._(
            "Notice e-mailed to %(count)s voters, with the documents and their proxy "
            "form.",
            count=len(emailed),
        )
        if not_emailed:
            body += Markup("<p>%s</p>") % self.env._(
                "Without an e-mail address, to send the notice by post: %(voters)s.",
                voters=", ".join(not_emailed.partner_id.mapped("display_name")),
            )
        return body

    def _voting_shares_at_record_date(self, partners=None):
        """``{partner_id: voting shares}`` held at the end of the record date."""
        self.ensure_one()
        holdings = self.env["heat.share.line"]._holdings_at(
            self.record_date, self.company_id, partners=partners
        )
        voting = (
            self.env["heat.share.class"]
            .with_context(active_test=False)
            .search([("company_id", "=", self.company_id.id), ("voting", "=", True)])
        )
        voting_ids = set(voting.ids)
        shares_by_partner = {}
        for (partner_id, class_id), shares in holdings.items():
            if shares > 0 and class_id in voting_ids:
                shares_by_partner[partner_id] = (
                    shares_by_partner.get(partner_id, 0) + shares
                )
        return shares_by_partner

    def _voters_at_record_date(self):
        self.ensure_one()
        partner_ids = self._voting_shares_at_record_date()
        return self.env["res.partner"].browse(sorted(partner_ids))
