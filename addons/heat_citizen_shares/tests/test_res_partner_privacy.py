# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HeatSharesCommon

SHARES_MANAGER = "heat_citizen_shares.heat_citizen_shares_group_manager"
BILLING = "account.group_account_invoice"


@tagged("post_install", "-at_install")
class TestResPartnerPrivacy(HeatSharesCommon):
    """A shareholder's personal data stays within the companies of their register."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice.write({"email": "alice@example.org", "phone": "+33 4 71 00 00 01"})
        cls.iban = cls.env["res.partner.bank"].create(
            {"partner_id": cls.alice.id, "acc_number": "FR7630006000011234567890189"}
        )
        cls._line(cls.alice, 5, date(2024, 1, 10))
        cls.neighbour = cls.env["res.partner"].create({"name": "Not a shareholder"})
        cls.other = cls.env["res.company"].create({"name": "Other operator"})
        # another operator's shares manager and accountant
        cls.other_manager = cls._user("other_shares", SHARES_MANAGER, cls.other)
        cls.other_billing = cls._user("other_billing", BILLING, cls.other)
        # a user of the holder's own company, without any shares right
        cls.own_billing = cls._user("own_billing", BILLING)

    def _as(self, user, records):
        """``records`` as ``user`` would read them, in the user's own companies."""
        return records.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids
        )

    def test_holder_companies_are_computed(self):
        self.assertEqual(self.alice.share_company_ids, self.company)
        self.assertFalse(self.neighbour.share_company_ids)

    def test_another_company_does_not_see_the_holder(self):
        for user in self.other_manager | self.other_billing:
            Partner = self._as(user, self.env["res.partner"])
            self.assertFalse(Partner.search([("id", "=", self.alice.id)]), user.login)
            self.assertFalse(Partner.search([("email", "=", "alice@example.org")]))
            with self.assertRaises(AccessError):
                self._as(user, self.alice).read(["email", "phone"])
            self.assertTrue(Partner.search([("id", "=", self.neighbour.id)]))
            # the user's own partner stays readable
            self.assertTrue(self._as(user, user.partner_id).read(["name"]))

    def test_another_company_does_not_see_the_iban(self):
        Bank = self._as(self.other_billing, self.env["res.partner.bank"])
        self.assertFalse(Bank.search([("id", "=", self.iban.id)]))
        self.assertTrue(
            self.env["res.partner.bank"]
            .with_user(self.own_billing)
            .search([("id", "=", self.iban.id)])
        )

    def test_another_company_cannot_print_the_statement(self):
        with self.assertRaises(AccessError):
            self._as(self.other_manager, self.alice)._share_statement_values(2024)
        report = self._as(self.other_manager, self.env["ir.actions.report"])
        with self.assertRaises(Exception) as raised:
            report._render_qweb_html(
                "heat_citizen_shares.heat_share_statement_report", self.alice.ids
            )
        # QWeb wraps the access error it met while rendering
        error = raised.exception
        self.assertIsInstance(error.__cause__ or error, AccessError)

    def test_own_company_sees_the_holder(self):
        partner = self._as(self.own_billing, self.alice)
        self.assertEqual(partner.read(["email"])[0]["email"], "alice@example.org")

    def test_holding_shares_in_two_companies_opens_both(self):
        other_class = self.env["heat.share.class"].create(
            {
                "name": "Ordinary B",
                "code": "B",
                "nominal_value": 100.0,
                "company_id": self.other.id,
            }
        )
        self.env["heat.share.subscription"].create(
            {
                "company_id": self.other.id,
                "partner_id": self.alice.id,
                "class_id": other_class.id,
                "quantity": 1,
            }
        )
        self.assertEqual(self.alice.share_company_ids, self.company | self.other)
        Partner = self._as(self.other_billing, self.env["res.partner"])
        self.assertTrue(Partner.search([("id", "=", self.alice.id)]))
