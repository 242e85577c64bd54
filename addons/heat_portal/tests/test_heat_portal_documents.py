# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.heat_billing.tests.common import STUDY_TARIFF, HeatBillingCommon
from odoo.addons.heat_operator.tests.common import portal_user


@tagged("post_install", "-at_install")
class TestHeatPortalDocuments(HttpCase, HeatBillingCommon):
    """The documents of a subscription on the subscriber's page: its conditions,
    the tariff sheet of each version that applied to it, the yearly notice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.user = portal_user(cls.env, "abonne", cls.partner, cls.company)
        cls.revised = cls.env["heat.tariff"].create(
            {
                "network_id": cls.network.id,
                "company_id": cls.company.id,
                **STUDY_TARIFF,
                "date_start": date(2025, 7, 1),
                "r1": 84.12,
                "tax_id": cls.tax.id,
            }
        )
        other_network = cls.env["heat.network"].create(
            {"name": "Autre réseau", "code": "AUT", "company_id": cls.company.id}
        )
        cls.other_tariff = cls.env["heat.tariff"].create(
            {
                "network_id": other_network.id,
                "company_id": cls.company.id,
                **STUDY_TARIFF,
                "tax_id": cls.tax.id,
            }
        )

    def _open(self, path):
        self.authenticate("abonne", "abonne-abonne")
        return self.url_open(f"/my/heat/{self.subscription.id}{path}")

    def test_the_page_lists_the_subscription_s_documents(self):
        page = self._open("").text
        base = f"/my/heat/{self.subscription.id}"
        self.assertIn(f"{base}/document/subscription", page)
        self.assertIn(f"{base}/tariff/{self.tariff.id}", page)
        self.assertIn(f"{base}/tariff/{self.revised.id}", page)
        self.assertNotIn(f"{base}/tariff/{self.other_tariff.id}", page)
        # the yearly notice once it was sent
        self.assertNotIn(f"{base}/document/notice", page)
        self.subscription.heat_notice_sent_date = date(2025, 9, 1)
        self.assertIn(f"{base}/document/notice", self._open("").text)

    def test_each_document_downloads_as_the_subscriber(self):
        self.subscription.heat_notice_sent_date = date(2025, 9, 1)
        documents = {
            "/document/subscription": self.subscription.name,
            f"/tariff/{self.revised.id}": "84,1200",
            "/document/notice": f"{self.subscription.get_base_url()}/my/heat/",
        }
        for path, content in documents.items():
            with self.subTest(path):
                response = self._open(path)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers["Content-Type"], "application/pdf")
                self.assertIn(".pdf", response.headers["Content-Disposition"])
                # Odoo renders a report's HTML instead of its PDF while tests run
                self.assertIn(content.encode(), response.content)

    def test_guessing_a_document_gives_a_404(self):
        guesses = {
            # another network's tariff, through one's own subscription
            f"/my/heat/{self.subscription.id}/tariff/{self.other_tariff.id}",
            # another subscriber's subscription
            f"/my/heat/{self.subscription2.id}/document/subscription",
            f"/my/heat/{self.subscription2.id}/tariff/{self.tariff.id}",
            # a notice never sent, a document that does not exist
            f"/my/heat/{self.subscription.id}/document/notice",
            f"/my/heat/{self.subscription.id}/document/other",
        }
        self.authenticate("abonne", "abonne-abonne")
        for path in guesses:
            with self.subTest(path):
                self.assertEqual(self.url_open(path).status_code, 404)

    def test_an_anonymous_visitor_gets_no_document(self):
        response = self.url_open(
            f"/my/heat/{self.subscription.id}/document/subscription"
        )
        self.assertIn("/web/login", response.url)
        self.assertNotIn(self.subscription.name, response.text)

    def test_the_yearly_notice_is_e_mailed_with_its_pdf(self):
        self.partner.email = "mairie@example.org"
        self.subscription._heat_send_information(
            "heat_portal.mail_template_heat_online_space_notice",
            "heat_notice_sent_date",
            date(2025, 9, 1),
        )
        message = self.subscription.message_ids[:1]
        self.assertIn(self.partner, message.partner_ids)
        # (.html while tests run: Odoo renders a report's HTML there)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertTrue(
            message.attachment_ids.name.startswith(
                f"Espace en ligne - {self.subscription.name}."
            )
        )
