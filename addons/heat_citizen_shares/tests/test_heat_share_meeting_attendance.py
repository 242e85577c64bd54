# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HeatShareMeetingCommon


@tagged("post_install", "-at_install")
class TestHeatShareMeetingAttendance(HeatShareMeetingCommon):
    def test_proxy_needs_a_holder(self):
        self.meeting.action_load_voters()
        line = self.meeting.attendance_ids[0]
        with self.assertRaisesRegex(ValidationError, "proxy holder"):
            line.attendance = "proxy"
        self.assertEqual(line.attendance, "absent")

    @mute_logger("odoo.sql_db")
    def test_listed_once(self):
        self.meeting.action_load_voters()
        with self.assertRaises(Exception) as error, self.env.cr.savepoint():
            self.env["heat.share.meeting.attendance"].create(
                {"meeting_id": self.meeting.id, "partner_id": self.users[0].id}
            ).flush_recordset()
        self.assertIn("meeting_partner_unique", str(error.exception))
        self.assertEqual(self.meeting.voter_count, 12)
