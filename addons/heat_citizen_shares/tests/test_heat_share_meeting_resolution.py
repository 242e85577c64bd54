# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HeatShareMeetingCommon


@tagged("post_install", "-at_install")
class TestHeatShareMeetingResolution(HeatShareMeetingCommon):
    def _vote(self, resolution, votes):
        for vote in resolution.vote_ids:
            vote.vote = votes.get(vote.partner_id, "abstain")

    def test_passes_by_head_count_fails_by_college_weights(self):
        self.meeting.action_load_voters()
        self.meeting.attendance_ids.attendance = "present"
        proxy = self.meeting.attendance_ids.filtered(
            lambda a: a.partner_id == self.users[5]
        )
        proxy.write({"attendance": "proxy", "proxy_id": self.users[0].id})
        self.meeting.action_open()
        resolution = self.env["heat.share.meeting.resolution"].create(
            {"meeting_id": self.meeting.id, "name": "New boiler loan"}
        )
        resolution.action_prepare_votes()
        self.assertEqual(len(resolution.vote_ids), 12)
        # users (40 %) 6 yes; authorities (30 %) 3 no; supporters (20 %) 1 yes 1 no;
        # employees (10 %) no
        votes = dict.fromkeys(self.users, "yes")
        votes.update(dict.fromkeys(self.authorities, "no"))
        votes.update({self.supporters[0]: "yes", self.supporters[1]: "no"})
        votes[self.employee] = "no"
        self._vote(resolution, votes)
        resolution.action_compute_result()
        self.assertEqual(resolution.yes_count, 7)
        self.assertEqual(resolution.no_count, 5)
        self.assertAlmostEqual(resolution.head_count_share, 100 * 7 / 12)
        self.assertAlmostEqual(resolution.weighted_share, 50.0)
        self.assertEqual(resolution.result, "rejected")
        # one more supporter's yes tips it
        resolution.vote_ids.filtered(
            lambda v: v.partner_id == self.supporters[1]
        ).vote = "yes"
        self.assertAlmostEqual(resolution.weighted_share, 60.0)
        self.assertEqual(resolution.result, "passed")

    def test_result_refused_when_weights_are_wrong(self):
        self.meeting.action_load_voters()
        resolution = self.env["heat.share.meeting.resolution"].create(
            {"meeting_id": self.meeting.id, "name": "Accounts"}
        )
        self.college_employees.weight = 20
        with self.assertRaisesRegex(ValidationError, "110"):
            resolution.action_compute_result()
        with self.assertRaisesRegex(ValidationError, "SCIC Chaleur Test"):
            self.meeting.action_open()
        self.assertEqual(self.meeting.state, "draft")
