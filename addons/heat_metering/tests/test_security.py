# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSecurityGroups(TransactionCase):
    def test_manager_implies_user(self):
        """A Heat metering manager gets every right of a user."""
        user = self.env["res.users"].create(
            {
                "name": "Manager",
                "login": "heat_metering_manager",
                "groups_id": [
                    Command.set(
                        [self.env.ref("heat_metering.heat_metering_group_manager").id]
                    )
                ],
            }
        )
        self.assertTrue(user.has_group("heat_metering.heat_metering_group_user"))
        self.assertFalse(
            self.env.ref("heat_metering.heat_metering_group_user").implied_ids
            & self.env.ref("heat_metering.heat_metering_group_manager")
        )
