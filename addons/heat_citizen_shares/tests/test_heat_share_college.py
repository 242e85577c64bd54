# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HeatSharesCommon


@tagged("post_install", "-at_install")
class TestHeatShareCollege(HeatSharesCommon):
    def test_weights_edited_one_by_one(self):
        # editing one college breaks the sum for a while: no error on write
        self.college_users.weight = 50
        self.college_employees.weight = 0
        action = self.college_users.action_check_weights()
        self.assertEqual(action["params"]["type"], "success")

    def test_weights_not_summing_to_100(self):
        self.college_users.weight = 45
        with self.assertRaisesRegex(ValidationError, "105") as error:
            self.college_users.action_check_weights()
        self.assertIn("SCIC Chaleur Test", str(error.exception))

    def test_archived_college_does_not_count(self):
        self.env["heat.share.college"].create(
            {
                "name": "Founders",
                "code": "F",
                "weight": 15,
                "active": False,
                "company_id": self.company.id,
            }
        )
        self.assertTrue(self.college_users.action_check_weights())

    def test_main_company_colleges_from_data(self):
        users = self.env.ref("heat_citizen_shares.heat_share_college_users")
        self.assertEqual(users.company_id, self.env.ref("base.main_company"))
        colleges = self.env["heat.share.college"].search(
            [("company_id", "=", users.company_id.id)]
        )
        self.assertIn(users, colleges)
