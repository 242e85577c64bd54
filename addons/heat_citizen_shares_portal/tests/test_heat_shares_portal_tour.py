# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from odoo.addons.heat_citizen_shares.tests.common import HeatSharesCommon
from odoo.addons.heat_operator.tests.common import HeatTourCase, portal_user


@tagged("post_install", "-at_install")
class TestHeatSharesPortalTour(HeatTourCase, HeatSharesCommon):
    """Alice, a member with a portal access, in Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.line = cls._line(cls.alice, 10, date(2024, 3, 1))
        portal_user(cls.env, "alice", cls.alice, cls.company)

    def test_the_member_downloads_a_certificate(self):
        self.start_tour("/my/home", "heat_shares_portal_certificate", login="alice")
        self.authenticate("alice", "alice-alice")
        response = self.url_open(f"/my/shares/certificate/{self.line.id}")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # Odoo renders a report's HTML instead of its PDF while tests run (the PDF
        # itself is tested in heat_citizen_shares): the certificate is Alice's
        self.assertIn(self.line.certificate_number.encode(), response.content)
        self.assertIn(self.alice.name.encode(), response.content)
