# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HeatShareMeetingCommon


@tagged("post_install", "-at_install")
class TestHeatShareMeetingVote(HeatShareMeetingCommon):
    def setUp(self):
        super().setUp()
        self.meeting.action_load_voters()
        self.meeting.attendance_ids.attendance = "present"
        self.resolution = self.env["heat.share.meeting.resolution"].create(
            {"meeting_id": self.meeting.id, "name": "Budget"}
        )
        self.resolution.action_prepare_votes()

    @mute_logger("odoo.sql_db")
    def test_one_vote_per_member(self):
        with self.assertRaises(Exception) as error, self.env.cr.savepoint():
            self.env["heat.share.meeting.vote"].create(
                {"resolution_id": self.resolution.id, "partner_id": self.users[0].id}
            ).flush_recordset()
        self.assertIn("resolution_partner_unique", str(error.exception))

    def test_votes_listed_once_and_blank_votes_not_counted(self):
        self.resolution.action_prepare_votes()
        self.assertEqual(len(self.resolution.vote_ids), 12)
        self.assertEqual(self.resolution.result, "pending")
        self.resolution.vote_ids[:1].vote = "yes"
        self.assertEqual(self.resolution.yes_count, 1)
        self.assertEqual(self.resolution.result, "passed")
        self.assertEqual(self.resolution.vote_ids[:1].company_id, self.company)
