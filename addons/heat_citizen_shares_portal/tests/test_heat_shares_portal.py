# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.heat_citizen_shares.tests.common import HeatSharesCommon
from odoo.addons.heat_operator.tests.common import portal_user


@tagged("post_install", "-at_install")
class TestHeatSharesPortal(HttpCase, HeatSharesCommon):
    """Alice holds shares issued in 2024 and 2025, Bob in 2025; each has a portal
    access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.first = cls._line(cls.alice, 10, date(2024, 3, 1))
        cls.second = cls._line(cls.alice, 5, date(2025, 6, 1))
        cls.bobs = cls._line(cls.bob, 3, date(2025, 6, 1))
        cls.user = portal_user(cls.env, "alice", cls.alice, cls.company)
        portal_user(cls.env, "bob", cls.bob, cls.company)

    def test_the_member_sees_its_holdings_and_movements(self):
        self.authenticate("alice", "alice-alice")
        page = self.url_open("/my/shares").text
        holdings = self.alice._heat_member_holdings(self.alice._heat_member_lines())
        self.assertEqual(
            [(c, shares) for c, shares, _amount in holdings], [(self.share_class, 15)]
        )
        self.assertIn(self.first.certificate_number, page)
        self.assertIn(self.second.certificate_number, page)
        self.assertNotIn(self.bobs.certificate_number, page)
        # the register itself stays out of the portal user's reach
        with self.assertRaises(AccessError):
            self.first.with_user(self.user).check_access("read")

    def test_the_member_downloads_its_certificate_not_another_s(self):
        self.authenticate("alice", "alice-alice")
        response = self.url_open(f"/my/shares/certificate/{self.first.id}")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # Odoo renders a report's HTML instead of its PDF while tests run
        self.assertIn(self.first.certificate_number.encode(), response.content)
        self.assertIn(b"Alice Vidal", response.content)
        other = self.url_open(f"/my/shares/certificate/{self.bobs.id}")
        self.assertEqual(other.status_code, 404)

    def test_a_statement_for_each_whole_year_of_membership(self):
        years = self.alice._heat_member_years(self.alice._heat_member_lines())
        last = date.today().year - 1
        self.assertEqual(years, list(range(last, 2023, -1)))
        self.authenticate("alice", "alice-alice")
        response = self.url_open("/my/shares/statement/2025")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"Alice Vidal", response.content)
        self.assertIn("2025", response.headers["Content-Disposition"])
        # before the membership: nothing
        self.assertEqual(self.url_open("/my/shares/statement/2020").status_code, 404)
        self.authenticate("bob", "bob-bob")
        self.assertEqual(self.url_open("/my/shares/statement/2024").status_code, 404)
