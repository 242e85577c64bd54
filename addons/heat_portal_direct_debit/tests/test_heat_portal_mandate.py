# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.heat_billing_direct_debit.tests.common import (
    ICS,
    HeatDirectDebitCommon,
)
from odoo.addons.heat_operator.tests.common import portal_user


@tagged("post_install", "-at_install")
class TestHeatPortalMandate(HttpCase, HeatDirectDebitCommon):
    """The town hall pays by direct debit, the school does not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {}
        for login, partner in (("mairie", cls.partner), ("ecole", cls.partner2)):
            cls.users[login] = portal_user(cls.env, login, partner, cls.company)

    def test_the_subscriber_sees_its_mandate_and_its_account_masked(self):
        self.authenticate("mairie", "mairie-mairie")
        page = self.url_open(f"/my/heat/{self.subscription.id}").text
        self.assertIn(self.mandate.unique_mandate_reference, page)
        self.assertIn("FR76 XXXX XXXX XXXX XXXX XXXX 189", page)
        self.assertNotIn("30006000011234567890", page)
        self.assertIn(ICS, page)
        # the mandate itself stays out of the portal user's reach
        with self.assertRaises(AccessError):
            self.mandate.with_user(self.users["mairie"]).check_access("read")

    def test_without_mandate_the_subscriber_is_told_how_to_get_one(self):
        self.authenticate("ecole", "ecole-ecole")
        page = self.url_open(f"/my/heat/{self.subscription2.id}").text
        self.assertIn("prélèvement", page)
        self.assertNotIn(self.mandate.unique_mandate_reference, page)
