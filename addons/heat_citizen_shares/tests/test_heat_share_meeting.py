# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HeatShareMeetingCommon


@tagged("post_install", "-at_install")
class TestHeatShareMeeting(HeatShareMeetingCommon):
    def test_voters_at_the_record_date(self):
        self.meeting.action_load_voters()
        voters = self.meeting.attendance_ids.partner_id
        self.assertEqual(
            voters, self.users | self.authorities | self.supporters | self.employee
        )
        self.assertNotIn(self.investor, voters)  # non-voting shares only
        self.assertNotIn(self.late, voters)  # member after the record date
        line = self.meeting.attendance_ids.filtered(
            lambda a: a.partner_id == self.authorities[0]
        )
        self.assertEqual(line.college_id, self.college_authorities)
        # a member who left before the record date is not called
        self._transfer(self.users[0], self.users[1], 2, date(2026, 4, 1))
        self.meeting.action_load_voters()
        self.assertNotIn(self.users[0], self.meeting.attendance_ids.partner_id)
        self.assertEqual(self.meeting.voter_count, 11)

    def test_record_date_before_the_meeting(self):
        with self.assertRaisesRegex(UserError, "record date"):
            self.meeting.record_date = date(2026, 7, 1)

    def test_voters_loaded_only_before_the_session(self):
        self.meeting.write(
            {
                "attendance_ids": [
                    Command.create(
                        {"partner_id": self.late.id, "attendance": "present"}
                    )
                ]
            }
        )
        self.meeting.action_load_voters()
        self.assertNotIn(self.late, self.meeting.attendance_ids.partner_id)
        self.meeting.action_open()
        self.assertEqual(self.meeting.state, "open")
        with self.assertRaisesRegex(UserError, "already in session"):
            self.meeting.action_load_voters()
