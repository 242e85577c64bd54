# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.heat_operator.controllers.download import pdf_download
from odoo.addons.portal.controllers.portal import CustomerPortal


class HeatSharesPortal(CustomerPortal):
    def _heat_member(self):
        return request.env.user.partner_id.commercial_partner_id

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "heat_share_count" in counters:
            member = self._heat_member()
            values["heat_share_count"] = sum(
                shares
                for _class, shares, _amount in member._heat_member_holdings(
                    member._heat_member_lines()
                )
            )
        return values

    @http.route(["/my/shares"], type="http", auth="user", website=True)
    def portal_my_shares(self, **kw):
        member = self._heat_member()
        lines = member._heat_member_lines()
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="shares",
            member=member,
            lines=lines,
            holdings=member._heat_member_holdings(lines),
            years=member._heat_member_years(lines),
            meeting_lines=member._heat_member_meetings(),
        )
        return request.render("heat_citizen_shares_portal.portal_my_shares", values)

    @http.route(
        ["/my/shares/certificate/<int:line_id>"], type="http", auth="user", website=True
    )
    def portal_my_share_certificate(self, line_id, **kw):
        """A certificate of the member's own: another's is a 404."""
        line = request.env["heat.share.line"].sudo().browse(line_id).exists()
        if (
            not line
            or line.partner_id != self._heat_member()
            or line.state != "done"
            or not line.certificate_number
        ):
            raise request.not_found()
        return pdf_download(
            "heat_citizen_shares.heat_share_certificate_report",
            line,
            request.env._("Share certificate %s.pdf", line.certificate_number),
        )

    @http.route(
        ["/my/shares/statement/<int:year>"], type="http", auth="user", website=True
    )
    def portal_my_share_statement(self, year, **kw):
        """The yearly statement of a whole year of membership."""
        member = self._heat_member()
        if year not in member._heat_member_years(member._heat_member_lines()):
            raise request.not_found()
        return pdf_download(
            "heat_citizen_shares.heat_share_statement_report",
            member.sudo().with_context(share_statement_year=year),
            request.env._("Share statement %s.pdf", year),
        )

    def _heat_member_meeting_line(self, meeting_id):
        """The member's own voter line of a general meeting: a meeting the member
        is not convened to is a 404."""
        line = (
            request.env["heat.share.meeting.attendance"]
            .sudo()
            .search(
                [
                    ("meeting_id", "=", meeting_id),
                    ("partner_id", "=", self._heat_member().id),
                ],
                limit=1,
            )
        )
        if not line:
            raise request.not_found()
        return line

    @http.route(
        ["/my/shares/meeting/<int:meeting_id>/document/<int:attachment_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_share_meeting_document(self, meeting_id, attachment_id, **kw):
        """A document of a general meeting the member is convened to; any other
        attachment is a 404."""
        meeting = self._heat_member_meeting_line(meeting_id).meeting_id
        if attachment_id not in meeting.document_ids.ids:
            raise request.not_found()
        attachment = request.env["ir.attachment"].sudo().browse(attachment_id)
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment)
            .get_response(as_attachment=True)
        )

    @http.route(
        ["/my/shares/meeting/<int:meeting_id>/proxy"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_share_meeting_proxy(self, meeting_id, **kw):
        """The member's own proxy form for a general meeting it is convened to and
        that is not held yet."""
        line = self._heat_member_meeting_line(meeting_id)
        if not line.meeting_id._is_upcoming():
            raise request.not_found()
        return pdf_download(
            "heat_citizen_shares.heat_share_proxy_form_report",
            line,
            request.env._("Proxy form - %s.pdf", line.meeting_id.name),
        )
