# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSecurityGroups(TransactionCase):
    def test_manager_implies_user(self):
        """A Heat billing manager gets every right of a user."""
        user = self.env["res.users"].create(
            {
                "name": "Manager",
                "login": "heat_billing_manager",
                "groups_id": [
                    Command.set(
                        [self.env.ref("heat_billing.heat_billing_group_manager").id]
                    )
                ],
            }
        )
        self.assertTrue(user.has_group("heat_billing.heat_billing_group_user"))
        self.assertFalse(
            self.env.ref("heat_billing.heat_billing_group_user").implied_ids
            & self.env.ref("heat_billing.heat_billing_group_manager")
        )

    def test_a_salesman_without_billing_rights_opens_an_opportunity(self):
        """The lead's form reads the subscriptions only for the billing users."""
        salesman = new_test_user(
            self.env, "heat_salesman", groups="sales_team.group_sale_salesman"
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Pledge of a salesman",
                "type": "opportunity",
                "user_id": salesman.id,
            }
        )
        with Form(lead.with_user(salesman)) as form:
            form.name = "Pledge read by a salesman"
        self.assertEqual(lead.name, "Pledge read by a salesman")
