# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HeatShareMeetingCommon, pdf_text


@tagged("post_install", "-at_install")
class TestHeatShareMeetingNotice(HeatShareMeetingCommon):
    """The notice of the general meeting to its twelve voters, the employee having
    no e-mail address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        for partner in cls.users | cls.authorities | cls.supporters:
            partner.email = f"{partner.name.lower().replace(' ', '.')}@example.org"
        cls.users[0].lang = "fr_FR"
        cls.users[1].lang = "en_US"
        cls.documents = cls.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "raw": b"%PDF-1.4 " + name.encode(),
                    "res_model": "heat.share.meeting",
                    "res_id": cls.meeting.id,
                }
                for name in ("Accounts 2025.pdf", "Draft resolutions.pdf")
            ]
        )
        cls.meeting.write(
            {
                "place": "Village hall, La Chaise-Dieu",
                "start_time": 18.5,
                "agenda": "<ol><li>Approval of the accounts 2025</li></ol>",
                "document_ids": [Command.set(cls.documents.ids)],
            }
        )
        cls.meeting.action_load_voters()

    def _notices(self):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "heat.share.meeting.attendance"),
                ("res_id", "in", self.meeting.attendance_ids.ids),
            ]
        )

    @freeze_time("2026-06-01")
    def test_notice_to_each_voter_with_documents_and_proxy_form(self):
        self.meeting.action_send_notice()
        self.assertEqual(str(self.meeting.notice_date), "2026-06-01")
        notices = self._notices()
        emailed = self.users | self.authorities | self.supporters
        self.assertEqual(len(notices), 11)
        self.assertEqual(notices.recipient_ids, emailed)
        for notice in notices:
            line = self.env["heat.share.meeting.attendance"].browse(notice.res_id)
            self.assertEqual(notice.recipient_ids, line.partner_id)
            self.assertIn(self.meeting.name, notice.subject)
            self.assertIn("Village hall, La Chaise-Dieu", notice.body_html)
            self.assertIn("Approval of the accounts 2025", notice.body_html)
            self.assertEqual(notice.state, "outgoing")  # queued, not sent at once
            proxy = notice.attachment_ids - self.documents
            self.assertEqual(notice.attachment_ids & self.documents, self.documents)
            self.assertEqual(len(proxy), 1)
            # Odoo renders a report's HTML instead of its PDF while tests run: the
            # proxy form is the voter's own
            content = proxy.raw.decode()
            self.assertIn(line.partner_id.name, content)
            self.assertIn(self.meeting.name, content)
            for other in emailed - line.partner_id:
                self.assertNotIn(f">{other.name}<", content)
        # the documents stay the meeting's when the queued e-mails are deleted
        notices.unlink()
        self.assertTrue(self.documents.exists())

    def test_notice_in_the_voter_s_language(self):
        self.meeting.action_send_notice()
        french = self._notices().filtered(lambda m: m.recipient_ids == self.users[0])
        english = self._notices().filtered(lambda m: m.recipient_ids == self.users[1])
        self.assertIn("convocation", french.subject.lower())
        self.assertIn("Pouvoir - User 0.html", french.attachment_ids.mapped("name"))
        self.assertIn("notice of the general meeting", english.subject)
        self.assertIn("Proxy form - User 1.html", english.attachment_ids.mapped("name"))

    def test_voter_without_email_named_in_the_chatter(self):
        before = self.meeting.message_ids
        self.meeting.action_send_notice()
        message = self.meeting.message_ids - before
        self.assertEqual(len(message), 1)
        self.assertIn("11 voters", message.body)
        self.assertIn("Employee", message.body)
        for partner in self.users:
            self.assertNotIn(partner.name, message.body)
        self.assertFalse(self._notices().recipient_ids & self.employee)

    def test_notice_needs_voters_and_a_meeting_not_closed(self):
        meeting = self.meeting.copy({"name": "AGE 2026"})
        with self.assertRaisesRegex(UserError, "load the voters"):
            meeting.action_send_notice()
        self.assertFalse(meeting.notice_date)
        self.meeting.action_open()
        self.meeting.action_send_notice()  # still possible in session
        self.assertTrue(self.meeting.notice_date)
        self.meeting.action_close()
        with self.assertRaisesRegex(UserError, "closed"):
            self.meeting.action_send_notice()

    def test_proxy_form_pdf(self):
        line = self.meeting.attendance_ids.filtered(
            lambda a: a.partner_id == self.users[0]
        )
        self.assertEqual(line.share_count, 2)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "heat_citizen_shares.heat_share_proxy_form_report", line.ids
            )
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        self.assertIn("Pouvoir", text)  # in the voter's language
        self.assertIn("User 0", text)
        self.assertIn("AG 2026", text)
        self.assertIn("Village hall, La Chaise-Dieu", text)
        self.assertIn("18:30", text)
        self.assertIn("Approval of the accounts 2025", text)
        self.assertIn("Bon pour pouvoir", text)
        self.assertIn("SCIC Chaleur Test", text)

    def test_proxy_forms_printed_for_all_voters(self):
        action = self.meeting.with_context(
            discard_logo_check=True
        ).action_print_proxy_forms()
        self.assertEqual(
            action["report_name"], "heat_citizen_shares.heat_share_proxy_form"
        )
        self.assertEqual(
            action["context"]["active_ids"], self.meeting.attendance_ids.ids
        )

    def test_voting_shares_at_the_record_date(self):
        self._line(self.users[1], 3, self.meeting.record_date)
        self._line(self.users[1], 5, self.meeting.date)  # after the record date
        self.meeting.attendance_ids.invalidate_recordset(["share_count"])
        shares = {a.partner_id: a.share_count for a in self.meeting.attendance_ids}
        self.assertEqual(shares[self.users[1]], 5)
        self.assertEqual(shares[self.users[0]], 2)
