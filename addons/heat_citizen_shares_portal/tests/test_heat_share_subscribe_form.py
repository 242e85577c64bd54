# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.heat_citizen_shares.tests.common import HeatSharesCommon

MANAGER = "base.group_user,heat_citizen_shares.heat_citizen_shares_group_manager"


@tagged("post_install", "-at_install")
class TestHeatShareSubscribeForm(HttpCase, HeatSharesCommon):
    """The ordinary class (1 to 20 shares) and the users' college are offered on the
    web; the authorities' class and the employees' college are not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.share_class.web_subscription = True
        cls.college_users.web_subscription = True
        cls.board = new_test_user(
            cls.env,
            "conseil",
            groups=MANAGER,
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param("heat_web_form.min_seconds", 0)

    def _form(self):
        page = self.url_open("/fr/shares/subscribe").text
        return {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page)[1],
            "heat_token": re.search(r'name="heat_token" value="([^"]+)"', page)[1],
            "heat_consent": "1",
            "class": str(self.share_class.id),
            "quantity": "4",
            "college": str(self.college_users.id),
            "kind": "person",
            "first_name": "Jeanne",
            "last_name": "Martin",
            "birth_date": "1980-05-17",
            "email": "jeanne.martin@example.fr",
            "phone": "",
            "street": "3 rue de la Gare",
            "zip": "43160",
            "city": "La Chaise-Dieu",
            "payment": "transfer",
        }

    def _send(self, **changes):
        return self.url_open("/fr/shares/subscribe", data=dict(self._form(), **changes))

    def _requests(self):
        return self.env["heat.share.subscription"].search(
            [("partner_id.email", "=", "jeanne.martin@example.fr")]
        )

    def test_a_person_s_request_waits_for_the_board(self):
        response = self._send()
        subscription = self._requests()
        self.assertEqual(
            len(subscription),
            1,
            re.findall(r"alert-danger[^>]*>([^<]*)", response.text),
        )
        self.assertEqual(
            (subscription.state, subscription.quantity, subscription.class_id),
            ("draft", 4, self.share_class),
        )
        member = subscription.partner_id
        self.assertEqual(member.name, "Jeanne Martin")
        self.assertEqual(member.share_college_id, self.college_users)
        self.assertEqual(member.company_id, self.company)
        self.assertEqual(subscription.web_payment, "transfer")
        self.assertIn(self.company.name, subscription.web_consent_text)
        self.assertIn(subscription.name, response.text)
        # the board is told
        told = subscription.message_ids.filtered(
            lambda message: self.board.partner_id in message.partner_ids
        )
        self.assertEqual(len(told), 1)

    def test_a_company_paying_by_mandate_gives_its_account(self):
        response = self._send(
            kind="company",
            birth_date="",
            company_name="Boulangerie Martin SARL",
            siren="912 345 675",
            payment="mandate",
            iban="FR76 3000 6000 0112 3456 7890 189",
            account_holder="Boulangerie Martin",
        )
        subscription = self._requests()
        self.assertEqual(
            len(subscription),
            1,
            re.findall(r"alert-danger[^>]*>([^<]*)", response.text),
        )
        member = subscription.partner_id
        self.assertTrue(member.is_company)
        self.assertEqual(member.company_registry, "912345675")
        self.assertEqual(member.child_ids.name, "Jeanne Martin")
        self.assertEqual(subscription.web_payment, "mandate")
        self.assertEqual(
            subscription.web_bank_id.acc_number, "FR76 3000 6000 0112 3456 7890 189"
        )
        self.assertEqual(subscription.web_bank_id.partner_id, member)

    def test_each_wrong_field_is_told_and_nothing_is_recorded(self):
        wrong = {
            "quantity": "0",
            "birth_date": "2015-01-01",
            "email": "jeanne",
            # a class or a college not offered on the web, posted by hand
            "class": str(self.class_authorities.id),
            "college": str(self.college_employees.id),
        }
        for field, value in wrong.items():
            with self.subTest(field):
                response = self._send(**{field: value})
                self.assertRegex(
                    response.text, f'id="heat_shares_{field}"[^>]*is-invalid'
                )
        self.assertFalse(self._requests())
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "jeanne.martin@example.fr")])
        )

    def test_the_class_s_own_limits_are_told(self):
        response = self._send(quantity="21")
        self.assertIn("maximum de 20", response.text)
        self.assertFalse(self._requests())

    def test_a_form_without_a_valid_token_records_nothing(self):
        response = self._send(heat_token="1700000000.forged")
        self.assertIn("recharger la page", response.text)
        self.assertFalse(self._requests())

    def test_one_address_sends_a_limited_number_of_requests(self):
        self.env["ir.config_parameter"].set_param("heat_web_form.hourly_limit", 1)
        self._send()
        response = self._send(first_name="Paul")
        self.assertIn("Trop de formulaires", response.text)
        self.assertEqual(len(self._requests()), 1)

    def test_the_form_shows_nothing_but_its_choices(self):
        page = self.url_open("/fr/shares/subscribe").text
        self.assertIn(self.share_class.name, page)
        self.assertNotIn(self.class_authorities.name, page)
        self.assertNotIn(self.college_employees.name, page)
        self.assertNotIn(self.alice.name, page)

    def test_a_request_from_the_form_reaches_the_board(self):
        self.start_tour("/fr/shares/subscribe", "heat_share_subscribe_form", login=None)
        subscription = (
            self.env["heat.share.subscription"]
            .with_user(self.board)
            .with_context(allowed_company_ids=self.company.ids)
            .search(
                [("state", "=", "draft"), ("partner_id.name", "=", "Jeanne Martin")]
            )
        )
        self.assertEqual(len(subscription), 1)
        subscription.action_approve()
        self.assertEqual(subscription.state, "approved")
        other = self._french_company("Autre SCIC")
        outsider = new_test_user(
            self.env,
            "conseil_autre",
            groups=MANAGER,
            company_id=other.id,
            company_ids=other.ids,
        )
        with self.assertRaises(AccessError):
            subscription.with_user(outsider).with_context(
                allowed_company_ids=other.ids
            ).check_access("read")
