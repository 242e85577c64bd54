# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    """The member's space reads the register for the member's own commercial
    partner only (share lines have no portal access right, as heat_portal does for
    readings, ADR 0052)."""

    _inherit = "res.partner"

    def _heat_member_lines(self):
        """The approved register lines of the member, newest first."""
        self.ensure_one()
        return (
            self.env["heat.share.line"]
            .sudo()
            .search(
                [("partner_id", "=", self.id), ("state", "=", "done")],
                order="date desc, id desc",
            )
        )

    def _heat_member_holdings(self, lines):
        """``[(class, shares, nominal amount)]`` held today, by class."""
        self.ensure_one()
        totals = {}
        for line in lines:
            shares = totals.get(line.class_id, 0)
            totals[line.class_id] = shares + line.signed_quantity
        return [
            (share_class, shares, shares * share_class.nominal_value)
            for share_class, shares in sorted(
                totals.items(), key=lambda item: item[0].sequence
            )
            if shares
        ]

    def _heat_member_years(self, lines):
        """The whole years of membership a statement can be asked for, newest
        first."""
        self.ensure_one()
        if not lines:
            return []
        last = fields.Date.context_today(self).year - 1
        return list(range(last, min(lines.mapped("date")).year - 1, -1))

    def _heat_member_meetings(self):
        """The member's voter lines of general meetings: the upcoming meetings
        first, soonest first, then the past ones, latest first."""
        self.ensure_one()
        lines = (
            self.env["heat.share.meeting.attendance"]
            .sudo()
            .search([("partner_id", "=", self.id)])
        )
        upcoming = lines.filtered(lambda a: a.meeting_id._is_upcoming()).sorted(
            lambda a: (a.meeting_id.date, a.meeting_id.id)
        )
        past = (lines - upcoming).sorted(
            lambda a: (a.meeting_id.date, a.meeting_id.id), reverse=True
        )
        return upcoming + past
