# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.base.models.ir_qweb import QWebException
from odoo.addons.heat_operator.tests.common import attachment_names, render_pdf

from .common import HeatShareMeetingCommon

ATTENDANCE_SHEET = "heat_citizen_shares.heat_share_meeting_attendance_sheet_report"
MINUTES = "heat_citizen_shares.heat_share_meeting_minutes_report"
USER = "heat_citizen_shares.heat_citizen_shares_group_user"
MANAGER = "heat_citizen_shares.heat_citizen_shares_group_manager"
MINUTES_FILE = "Procès-verbal AG 2026.pdf"


@tagged("post_install", "-at_install")
class TestHeatShareMeetingReports(HeatShareMeetingCommon):
    """The attendance sheet and the minutes of a general meeting of twelve voters:
    eight present, two represented, two absent; one resolution adopted, one
    rejected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the documents are in the company's language: English here, so that the
        # tests read the source strings whatever the translations
        cls.company.partner_id.lang = "en_US"
        cls._line(cls.users[1], 3, date(2026, 3, 1))  # 5 voting shares
        cls.users[0].write(
            {"street": "3 chemin des Bois", "zip": "43270", "city": "Allègre"}
        )
        cls.meeting.write(
            {
                "place": "Village hall, La Chaise-Dieu",
                "start_time": 18.5,
                "agenda": "<ol><li>Approval of the accounts 2025</li></ol>",
                "chair_id": cls.users[0].id,
                "secretary_id": cls.bob.id,
            }
        )
        cls.meeting.action_load_voters()
        cls.meeting.attendance_ids.attendance = "present"
        cls._attendance(cls.users[5]).write(
            {"attendance": "proxy", "proxy_id": cls.users[0].id}
        )
        cls._attendance(cls.authorities[1]).write(
            {"attendance": "proxy", "proxy_id": cls.authorities[0].id}
        )
        cls._attendance(cls.authorities[2]).attendance = "absent"
        cls._attendance(cls.employee).attendance = "absent"
        cls.manager = cls._user("hcs_minutes_manager", MANAGER)

    @classmethod
    def _attendance(cls, partner):
        return cls.meeting.attendance_ids.filtered(lambda a: a.partner_id == partner)

    def _hold_the_meeting(self):
        """Open the session and vote: the accounts adopted unanimously, the loan
        rejected by the college weights."""
        self.meeting.action_open()
        Resolution = self.env["heat.share.meeting.resolution"]
        accounts = Resolution.create(
            {
                "meeting_id": self.meeting.id,
                "sequence": 1,
                "name": "Approval of the accounts 2025",
                "description": "The meeting approves the accounts of 2025.",
            }
        )
        loan = Resolution.create(
            {"meeting_id": self.meeting.id, "sequence": 2, "name": "New boiler loan"}
        )
        (accounts | loan).action_prepare_votes()
        self._vote(
            accounts, dict.fromkeys(self.meeting.attendance_ids.partner_id, "yes")
        )
        # users (40 %) 4 yes 2 no; authorities (30 %) 2 no; supporters (20 %) 2 no:
        # 4 yes out of 10 by head count, (4/6 x 40) / 90 = 29.63 % with the weights
        votes = dict.fromkeys(self.users[:4], "yes")
        votes.update(dict.fromkeys(self.users[4:], "no"))
        votes.update(dict.fromkeys(self.authorities | self.supporters, "no"))
        self._vote(loan, votes)
        (accounts | loan).action_compute_result()
        self.assertEqual(accounts.result, "passed")
        self.assertEqual(loan.result, "rejected")
        return accounts, loan

    def _close(self):
        """Closed by a manager, the minutes rendered as a real PDF (the test runner
        renders HTML otherwise and keeps no attachment)."""
        self.meeting.with_user(self.manager).with_context(
            force_report_rendering=True
        ).action_close()

    def _minutes_attachments(self):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "heat.share.meeting"), ("res_id", "=", self.meeting.id)]
        )

    def _assert_in_order(self, text, *parts):
        position = 0
        for part in parts:
            found = text.find(part, position)
            self.assertGreaterEqual(found, 0, f"{part!r} after {position} in {text}")
            position = found + len(part)

    def test_attendance_sheet_pdf(self):
        text = render_pdf(self.env, ATTENDANCE_SHEET, self.meeting.ids, lang="en_US")
        self.assertIn("Attendance sheet", text)
        self.assertIn("SCIC Chaleur Test", text)  # the company's header
        self.assertIn("AG 2026", text)
        self.assertIn("Village hall, La Chaise-Dieu", text)
        self.assertIn("18:30", text)
        self.assertIn("Signature", text)
        # the voters in their college, the users first (the colleges' order)
        self._assert_in_order(
            text,
            "College: Users",
            "User 0",
            "3 chemin des Bois",
            "Allègre",
            "User 1",
            "5 Present",
            "User 5",
            "Represented by User 0",
            "College: Employees",
            "Employee",
            "Absent",
            "College: Authorities",
            "Authority 1",
            "Represented by Authority 0",
            "Authority 2",
            "Absent",
            "College: Supporters",
        )
        # not a voter: non-voting shares only, or joined after the record date
        self.assertNotIn("Investor", text)
        self.assertNotIn("Late member", text)
        # per college and overall: voters, present, represented, absent, voting
        # shares, shares present or represented
        self._assert_in_order(
            text,
            "Users 6 5 1 0 15 15",
            "Employees 1 0 0 1 2 0",
            "Authorities 3 1 1 1 6 4",
            "Supporters 2 2 0 0 4 4",
            "Total 12 8 2 2 27 23",
        )

    def test_attendance_sheet_in_print_menu(self):
        report = self.env.ref(ATTENDANCE_SHEET)
        self.assertEqual(report.binding_model_id.model, "heat.share.meeting")
        # the company's own paper (portrait A4 in France), on which its header
        # leaves room for the rows
        self.assertFalse(report.paperformat_id)
        action = self.meeting.with_context(
            discard_logo_check=True
        ).action_print_attendance_sheet()
        self.assertEqual(
            action["report_name"],
            "heat_citizen_shares.heat_share_meeting_attendance_sheet",
        )
        self.assertEqual(action["context"]["active_ids"], self.meeting.ids)
        # the minutes are printed from a closed meeting's button only
        self.assertFalse(self.env.ref(MINUTES).binding_model_id)

    def test_minutes_pdf(self):
        self._hold_the_meeting()
        self.meeting.action_close()
        text = render_pdf(self.env, MINUTES, self.meeting.ids, lang="en_US")
        self.assertIn("Minutes of the general meeting", text)
        self.assertIn("SCIC Chaleur Test", text)
        self.assertIn("AG 2026", text)
        self.assertIn("Village hall, La Chaise-Dieu", text)
        self.assertIn("18:30", text)
        self.assertIn("Chair: User 0", text)
        self.assertIn("Secretary: Bob Faure", text)
        self.assertIn("12 members held 27 voting shares", text)
        self.assertIn(
            "10 members were present or represented (8 present, 2 represented), "
            "holding 23 voting shares",
            text,
        )
        self.assertIn("Total 12 8 2 2 27 23", text)
        self._assert_in_order(
            text,
            "Agenda",
            "Approval of the accounts 2025",
            "Resolution 1: Approval of the accounts 2025",
            "The meeting approves the accounts of 2025.",
            "Users 40.00 6 0 0",
            "Authorities 30.00 2 0 0",
            "Supporters 20.00 2 0 0",
            "Total 10 0 0",
            "Yes by head count: 100.00 %",
            "Yes with the college weights: 100.00 %",
            "The resolution is adopted.",
            "Resolution 2: New boiler loan",
            "Users 40.00 4 2 0",
            "Authorities 30.00 0 2 0",
            "Supporters 20.00 0 2 0",
            "Total 4 6 0",
            "Yes by head count: 40.00 %",
            "Yes with the college weights: 29.63 %",
            "The resolution is rejected.",
            "The chair",
            "User 0",
            "The secretary",
            "Bob Faure",
        )
        # the absent employees' college cast no vote
        self.assertNotIn("Employees 10.00", text)

    def test_minutes_attached_at_closing_and_never_regenerated(self):
        accounts, _loan = self._hold_the_meeting()
        self.assertFalse(self._minutes_attachments())
        self._close()
        self.assertEqual(self.meeting.state, "done")
        attachment = self._minutes_attachments()
        self.assertEqual(attachment.mapped("name"), [MINUTES_FILE])
        self.assertEqual(attachment.mimetype, "application/pdf")
        # a resolution renamed after closing: the minutes filed are printed again
        accounts.name = "Accounts renamed afterwards"
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(MINUTES, self.meeting.ids)
        )
        self.assertEqual(pdf, attachment.raw)
        text = render_pdf(self.env, MINUTES, self.meeting.ids, lang="en_US")
        self.assertIn("Approval of the accounts 2025", text)
        self.assertNotIn("Accounts renamed afterwards", text)
        self.assertEqual(attachment_names(self.meeting), [MINUTES_FILE])

    def test_minutes_refused_for_a_meeting_not_closed(self):
        with self.assertRaisesRegex(UserError, "AG 2026 is not closed"):
            self.meeting.action_print_minutes()
        self._hold_the_meeting()
        with self.assertRaisesRegex(UserError, "AG 2026 is not closed"):
            self.meeting.action_print_minutes()
        with self.assertRaisesRegex(UserError, "AG 2026 is not closed"):
            render_pdf(self.env, MINUTES, self.meeting.ids, lang="en_US")
        self.assertFalse(self._minutes_attachments())
        self._close()
        action = self.meeting.with_context(
            discard_logo_check=True
        ).action_print_minutes()
        self.assertEqual(
            action["report_name"], "heat_citizen_shares.heat_share_meeting_minutes"
        )

    def test_other_company_cannot_print(self):
        self._hold_the_meeting()
        self._close()
        company_b = self.env["res.company"].create({"name": "SCIC B"})
        user_b = self._user("hcs_minutes_user_b", USER, company=company_b)
        env_b = self.env(user=user_b, context={"allowed_company_ids": company_b.ids})
        meeting_b = self.meeting.with_env(env_b)
        with self.assertRaises(AccessError):
            meeting_b.action_print_minutes()
        with self.assertRaises(AccessError):
            render_pdf(env_b, MINUTES, self.meeting.ids, lang="en_US")
        # read inside the template: the access error reaches the user wrapped
        self.env.invalidate_all()
        with self.assertRaises(QWebException) as caught:
            render_pdf(env_b, ATTENDANCE_SHEET, self.meeting.ids, lang="en_US")
        self.assertIsInstance(caught.exception.__cause__, AccessError)
        # a user of the meeting's company prints both
        user_a = self._user("hcs_minutes_user_a", USER)
        env_a = self.env(user=user_a)
        self.assertIn("User 0", render_pdf(env_a, MINUTES, self.meeting.ids, "en_US"))
        self.assertIn(
            "User 0", render_pdf(env_a, ATTENDANCE_SHEET, self.meeting.ids, "en_US")
        )
