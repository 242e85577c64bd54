# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.heat_citizen_shares.tests.common import HeatSharesCommon
from odoo.addons.heat_operator.tests.common import HeatTourCase

MANAGER = "base.group_user,heat_citizen_shares.heat_citizen_shares_group_manager"
APPROVE = "heat_citizen_shares_portal.mail_activity_type_heat_share_approve"
COMPANY_IBAN = "FR76 1027 8001 2300 0201 4960 180"


@tagged("post_install", "-at_install")
class TestHeatShareSubscribeForm(HeatTourCase, HeatSharesCommon):
    """The ordinary class (1 to 20 shares) and the users' college are offered on the
    web; the authorities' class and the employees' college are not. The pages are
    read in French, as a resident reads them."""

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
        cls.env["res.partner.bank"].create(
            {"partner_id": cls.company.partner_id.id, "acc_number": COMPANY_IBAN}
        )
        cls.other = cls._french_company("Autre SCIC")
        cls.other_board = new_test_user(
            cls.env,
            "conseil_autre",
            groups=MANAGER,
            company_id=cls.other.id,
            company_ids=cls.other.ids,
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
            "country": str(self.env.ref("base.fr").id),
            "payment": "transfer",
        }

    def _send(self, **changes):
        form = {
            name: value
            for name, value in dict(self._form(), **changes).items()
            if value is not None
        }
        return self.url_open("/fr/shares/subscribe", data=form)

    def _requests(self):
        return self.env["heat.share.subscription"].search(
            [("partner_id.email", "=", "jeanne.martin@example.fr")]
        )

    def _assert_nothing_recorded(self):
        self.assertFalse(self._requests())
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "jeanne.martin@example.fr")])
        )

    def _sent(self, response):
        """The request the form recorded, else the messages the page shows."""
        subscription = self._requests()
        self.assertEqual(
            len(subscription),
            1,
            re.findall(
                r"(?:alert-danger|invalid-feedback)[^>]*>([^<]*)", response.text
            ),
        )
        return subscription

    def test_a_person_s_request_waits_for_the_board(self):
        response = self._send()
        subscription = self._sent(response)
        self.assertEqual(
            (subscription.state, subscription.quantity, subscription.class_id),
            ("draft", 4, self.share_class),
        )
        self.assertEqual(subscription.request_origin, "web")
        self.assertEqual(subscription.web_payment, "transfer")
        self.assertEqual(str(subscription.web_birth_date), "1980-05-17")
        self.assertFalse(subscription.web_bank_id)
        member = subscription.partner_id
        self.assertEqual(member.name, "Jeanne Martin")
        self.assertEqual(member.share_college_id, self.college_users)
        self.assertEqual(member.company_id, self.company)
        self.assertEqual(member.country_id, self.env.ref("base.fr"))
        self.assertEqual(member.lang, "fr_FR")
        # the consent, in the words the form showed
        self.assertTrue(subscription.web_consent_date)
        self.assertIn(self.company.name, subscription.web_consent_text)
        # the thank-you page: the amount, the operator's IBAN, the reference
        self.assertIn(subscription.name, response.text)
        self.assertIn(COMPANY_IBAN, response.text)
        self.assertIn("200,00", response.text)

    def test_the_board_gets_an_activity_to_approve(self):
        subscription = self._sent(self._send())
        activity = subscription.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref(APPROVE))
        # the managers of the request's company only, not those of another operator
        self.assertIn(self.board, activity.user_id)
        self.assertNotIn(self.other_board, activity.user_id)
        self.assertIn(self.board.partner_id, subscription.message_partner_ids)
        # and the request's history says where it comes from, in the member's name
        note = subscription.message_ids.filtered(
            lambda message: "formulaire web" in message.body
        )
        self.assertEqual(note.author_id, subscription.partner_id)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))

    def test_approving_or_cancelling_closes_the_activity(self):
        subscription = self._sent(self._send())
        subscription.with_user(self.board).action_approve()
        self.assertFalse(subscription.activity_ids)
        self.assertIn(
            self.env.ref(APPROVE),
            subscription.message_ids.mail_activity_type_id,
            "the approval is in the history, as a done activity",
        )
        self._send(first_name="Paul", email="paul.martin@example.fr")
        again = self.env["heat.share.subscription"].search(
            [("partner_id.email", "=", "paul.martin@example.fr")]
        )
        self.assertTrue(again.activity_ids)
        again.with_user(self.board).action_cancel()
        self.assertFalse(again.activity_ids)

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
        subscription = self._sent(response)
        member = subscription.partner_id
        self.assertTrue(member.is_company)
        self.assertEqual(member.name, "Boulangerie Martin SARL")
        self.assertEqual(member.company_registry, "912345675")
        self.assertEqual(member.share_college_id, self.college_users)
        # its representative, who filled the form
        self.assertEqual(member.child_ids.name, "Jeanne Martin")
        self.assertEqual(subscription.web_payment, "mandate")
        self.assertFalse(subscription.web_birth_date)
        bank = subscription.web_bank_id
        self.assertEqual(bank.partner_id, member)
        self.assertEqual(bank.sanitized_acc_number, "FR7630006000011234567890189")
        self.assertEqual(bank.acc_holder_name, "Boulangerie Martin")
        self.assertNotIn(COMPANY_IBAN, response.text)

    def test_each_wrong_field_is_named_and_nothing_is_recorded(self):
        company = {
            "kind": "company",
            "company_name": "Boulangerie Martin SARL",
            "siren": "912 345 675",
        }
        mandate = {
            "payment": "mandate",
            "iban": "FR76 3000 6000 0112 3456 7890 189",
            "account_holder": "Jeanne Martin",
        }
        wrong = [
            ("quantity", "Nombre de parts", {"quantity": "0"}),
            ("quantity", "Nombre de parts", {"quantity": "deux"}),
            ("college", "Collège", {"college": ""}),
            ("kind", "Vous souscrivez en tant que", {"kind": "robot"}),
            ("first_name", "Prénom", {"first_name": " "}),
            ("last_name", "Nom", {"last_name": ""}),
            ("birth_date", "Date de naissance", {"birth_date": "2015-01-01"}),
            ("email", "E-mail", {"email": "jeanne"}),
            ("phone", "Téléphone", {"phone": "04 71"}),
            ("street", "Numéro et rue", {"street": ""}),
            ("zip", "Code postal", {"zip": "431"}),
            ("city", "Commune", {"city": "x" * 121}),
            ("country", "Pays", {"country": "0"}),
            ("payment", "Paiement", {"payment": "cash"}),
            ("company_name", "Société ou association", {**company, "company_name": ""}),
            ("siren", "SIREN", {**company, "siren": "912 345 676"}),
            ("iban", "IBAN du compte à prélever", {**mandate, "iban": "FR76 3000"}),
            (
                "account_holder",
                "Titulaire du compte",
                {**mandate, "account_holder": ""},
            ),
        ]
        for field, label, changes in wrong:
            with self.subTest(field=field, changes=changes):
                response = self._send(**changes)
                self.assertRegex(
                    response.text,
                    f'id="heat_shares_{field}(?:_[a-z]+)?"[^>]*is-invalid',
                )
                messages = re.findall(r'invalid-feedback[^"]*">([^<]*)<', response.text)
                self.assertEqual(len(messages), 1, messages)
                self.assertIn(label, messages[0])
                self.assertRegex(messages[0], "renseigner|pas valide|choisissez")
                # the form comes back with what was typed
                kept = "3 rue de la Gare" if field == "city" else "La Chaise-Dieu"
                self.assertIn(f'value="{kept}"', response.text)
        self._assert_nothing_recorded()

    def test_a_class_not_offered_on_the_web_cannot_be_asked_for(self):
        response = self._send(**{"class": str(self.class_authorities.id)})
        self.assertRegex(response.text, 'id="heat_shares_class"[^>]*is-invalid')
        response = self._send(college=str(self.college_employees.id))
        self.assertRegex(response.text, 'id="heat_shares_college"[^>]*is-invalid')
        self._assert_nothing_recorded()

    def test_the_class_s_own_limits_are_told(self):
        response = self._send(quantity="21")
        self.assertIn("maximum de 20", response.text)
        self._assert_nothing_recorded()

    def test_a_form_without_a_valid_token_records_nothing(self):
        for token in ("1700000000.forged", None):
            with self.subTest(token=token):
                response = self._send(heat_token=token)
                self.assertIn("recharger la page", response.text)
        self._assert_nothing_recorded()

    def test_a_form_without_consent_records_nothing(self):
        response = self._send(heat_consent=None)
        self.assertIn("accepter le traitement de vos données", response.text)
        self._assert_nothing_recorded()

    def test_one_address_sends_a_limited_number_of_requests(self):
        self.env["ir.config_parameter"].set_param("heat_web_form.hourly_limit", 1)
        self._sent(self._send())
        response = self._send(first_name="Paul")
        self.assertIn("Trop de formulaires", response.text)
        self.assertEqual(len(self._requests()), 1)

    def test_the_form_shows_nothing_but_its_choices(self):
        page = self.url_open("/fr/shares/subscribe").text
        self.assertIn(self.share_class.name, page)
        self.assertIn("1 à 20 parts", page)
        self.assertIn(self.college_users.name, page)
        self.assertNotIn(self.class_authorities.name, page)
        self.assertNotIn(self.college_employees.name, page)
        self.assertNotIn(self.alice.name, page)
        self.assertNotIn(COMPANY_IBAN, page)

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
        self.assertIn(self.board, subscription.activity_ids.user_id)
        subscription.action_approve()
        self.assertEqual(subscription.state, "approved")
        # the board of another operator does not see it
        self.assertFalse(
            self.env["heat.share.subscription"]
            .with_user(self.other_board)
            .with_context(allowed_company_ids=self.other.ids)
            .search([("partner_id.name", "=", "Jeanne Martin")])
        )
        with self.assertRaises(AccessError):
            subscription.with_user(self.other_board).with_context(
                allowed_company_ids=self.other.ids
            ).check_access("read")
