# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HeatSharesCommon


@tagged("post_install", "-at_install")
class TestHeatShareMeeting(HeatSharesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.users = Partner.create(
            [
                {"name": f"User {i}", "share_college_id": cls.college_users.id}
                for i in range(6)
            ]
        )
        cls.authorities = Partner.create(
            [
                {
                    "name": f"Authority {i}",
                    "share_college_id": cls.college_authorities.id,
                }
                for i in range(3)
            ]
        )
        cls.supporters = Partner.create(
            [
                {
                    "name": f"Supporter {i}",
                    "share_college_id": cls.college_supporters.id,
                }
                for i in range(2)
            ]
        )
        cls.employee = Partner.create(
            {"name": "Employee", "share_college_id": cls.college_employees.id}
        )
        for partner in cls.users | cls.authorities | cls.supporters | cls.employee:
            cls._line(partner, 2, date(2024, 1, 1))
        cls.non_voting = cls.env["heat.share.class"].create(
            {
                "name": "Preference",
                "code": "P",
                "nominal_value": 100,
                "voting": False,
                "company_id": cls.company.id,
            }
        )
        cls.investor = Partner.create(
            {"name": "Investor", "share_college_id": cls.college_supporters.id}
        )
        cls._line(cls.investor, 10, date(2024, 1, 1), share_class=cls.non_voting)
        cls.late = Partner.create(
            {"name": "Late member", "share_college_id": cls.college_users.id}
        )
        cls._line(cls.late, 1, date(2026, 5, 2))
        cls.meeting = cls.env["heat.share.meeting"].create(
            {
                "name": "AG 2026",
                "date": date(2026, 6, 20),
                "record_date": date(2026, 5, 1),
                "company_id": cls.company.id,
            }
        )

    def _vote(self, resolution, votes):
        for vote in resolution.vote_ids:
            vote.vote = votes.get(vote.partner_id, "abstain")

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

    def test_proxy_needs_a_holder(self):
        self.meeting.action_load_voters()
        line = self.meeting.attendance_ids[0]
        with self.assertRaisesRegex(ValidationError, "proxy holder"):
            line.attendance = "proxy"
        self.assertEqual(line.attendance, "absent")

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
