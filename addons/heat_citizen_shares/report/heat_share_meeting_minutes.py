# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class HeatShareMeetingMinutes(models.AbstractModel):
    """The minutes of a general meeting: only a closed meeting has minutes, whatever
    way the report is called (button, URL, e-mail template)."""

    _name = "report.heat_citizen_shares.heat_share_meeting_minutes"
    _description = "General meeting minutes"

    @api.model
    def _get_report_values(self, docids, data=None):
        meetings = self.env["heat.share.meeting"].browse(docids)
        self._check_closed(meetings)
        return {
            "doc_ids": docids,
            "doc_model": "heat.share.meeting",
            "docs": meetings,
        }

    @api.model
    def _check_closed(self, meetings):
        for meeting in meetings:
            if meeting.state != "done":
                raise UserError(
                    self.env._(
                        "General meeting %(name)s is not closed: its minutes can be "
                        "printed once the meeting is closed.",
                        name=meeting.name,
                    )
                )
