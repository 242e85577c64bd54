# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import json
from datetime import date
from pathlib import Path
from unittest.mock import patch
from urllib.parse import urlparse

import facturx
import requests
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import config

from odoo.addons.heat_billing.tests.common import CII_NS, HeatBillingCommon

ANSWERS = json.loads(
    (Path(__file__).parent / "data" / "chorus_answers.json").read_text()
)


@tagged("post_install", "-at_install")
class TestHeatBillingChorus(HeatBillingCommon):
    """A public body's invoices through Chorus Pro (ADR 0048): queued by the Send
    step, deposited in the background as Odoo's CII XML, their statuses read back.
    The API answers are served from ``data/chorus_answers.json`` where Odoo's
    tests stop every request leaving the machine."""

    # what the fake API received, and which answer it gives per path
    requests = []
    scenario = {}

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        url = urlparse(r.url)
        if not url.hostname.endswith("piste.gouv.fr"):
            return super()._request_handler(s, r, **kw)
        if url.path.endswith("/oauth/token"):
            answer = ANSWERS["token"]
        else:
            path = url.path.split("/cpro/", 1)[1]
            cls.requests.append((path, json.loads(r.body)))
            answer = ANSWERS[path]
            if path in cls.scenario:
                answer = answer[cls.scenario[path]]
            answer = json.loads(
                json.dumps(answer).replace("__INVOICE__", cls.invoice_name)
            )
        response = requests.Response()
        response.status_code = 200
        response.headers["Content-Type"] = "application/json"
        response._content = json.dumps(answer).encode()
        response.url = r.url
        response.request = r
        return response

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._complete_seller()
        cls._read_january()
        cls.company.write(
            {
                "fr_chorus_invoice_format": "xml_cii",
                "fr_chorus_api_login": "TECH_1_91234567500017@cpro.fr",
                "fr_chorus_api_password": "secret",
            }
        )
        bank = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "bank")], limit=1
        )
        cls.partner.write(
            {
                "is_company": True,
                "siret": "21430048500015",
                "email": "mairie@example.fr",
                "fr_chorus_required": "service",
            }
        )
        cls.partner.with_company(cls.company).write(
            {
                "invoice_sending_method": "fr_chorus",
                "property_inbound_payment_method_line_id": (
                    bank.inbound_payment_method_line_ids[:1].id
                ),
            }
        )
        cls.service = cls.env["chorus.partner.service"].create(
            {
                "partner_id": cls.partner.id,
                "code": "SERVICES-TECHNIQUES",
                "name": "Services techniques",
            }
        )
        cls.subscription.write(
            {
                "is_public_body": True,
                "chorus_service_code": "SERVICES-TECHNIQUES",
                "chorus_commitment_number": "EJ-2025-0042",
            }
        )
        cls.partner2.write({"email": "ecole@example.fr"})

    def setUp(self):
        super().setUp()
        type(self).requests = []
        type(self).scenario = {}
        self.startPatcher(
            patch.dict(
                config.options,
                {"chorus_api_oauth_id": "id", "chorus_api_oauth_secret": "secret"},
            )
        )
        self.run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        self.run.action_compute()
        self.run.action_post()
        self.town_hall = self.run.move_ids.filtered(
            lambda m: m.partner_id == self.partner
        )
        type(self).invoice_name = self.town_hall.name

    def _counts(self):
        self.run.invalidate_recordset()
        return (
            self.run.chorus_queued_count,
            self.run.chorus_deposited_count,
            self.run.chorus_rejected_count,
        )

    def _send_and_deposit(self):
        self.run.action_send()
        self.env["account.move"]._heat_cron_chorus_send()

    def test_send_queues_the_public_body_for_chorus(self):
        school = self.run.move_ids - self.town_hall
        self.run.action_send()
        self.assertEqual(self.town_hall.heat_sending, "chorus")
        self.assertTrue(self.town_hall.heat_chorus_queued)
        self.assertEqual(self.town_hall._get_chorus_service(), self.service)
        # the school is e-mailed as before; the town hall gets no e-mail
        self.assertEqual(school.heat_sending, "email")
        self.assertFalse(self.town_hall.sending_data)
        self.assertEqual(self._counts(), (1, 0, 0))
        self.assertFalse(self.requests)  # nothing leaves the web request

    def test_deposit_payload_is_the_invoice_s_cii_xml(self):
        self._send_and_deposit()
        (path, payload), *_others = self.requests
        self.assertEqual(path, "factures/v1/deposer/flux")
        self.assertEqual(payload["syntaxeFlux"], "IN_DP_E1_CII_16B")
        self.assertEqual(
            payload["nomFichier"],
            f"cii_chorus_facture_{self.town_hall.name.replace('/', '-')}.xml",
        )
        xml = base64.b64decode(payload["fichierFlux"])
        # the EN 16931 schema of the CII (the factur-x library raises otherwise)
        self.assertTrue(facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"))
        tree = etree.fromstring(xml)

        def text(path):
            return tree.xpath(path, namespaces=CII_NS)[0].text

        self.assertEqual(text("//rsm:ExchangedDocument/ram:ID"), self.town_hall.name)
        self.assertEqual(text("//ram:BuyerReference"), "SERVICES-TECHNIQUES")
        self.assertEqual(
            text("//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
            "EJ-2025-0042",
        )
        self.assertEqual(
            float(text("//ram:GrandTotalAmount")), self.town_hall.amount_total
        )
        # the flow Chorus Pro numbered, on the invoice and the run
        flow = self.town_hall.chorus_flow_id
        self.assertEqual(flow.name, "CPP_FLUX_2025_000000123")
        self.assertEqual(flow.syntax, "xml_cii")
        self.assertEqual(base64.b64decode(flow.attachment_id.datas), xml)
        self.assertTrue(self.town_hall.is_move_sent)
        self.assertFalse(self.town_hall.heat_chorus_queued)
        self.assertEqual(self._counts(), (0, 1, 0))

    def test_statuses_read_back_from_chorus(self):
        self._send_and_deposit()
        self.scenario.update(
            {
                "transverses/v1/consulterCRDetaille": "integrated",
                "factures/v1/consulter/historique": "delivered",
            }
        )
        self.env["chorus.flow"].chorus_cron()
        self.assertEqual(self.town_hall.chorus_flow_id.status, "IN_INTEGRE")
        self.assertEqual(self.town_hall.chorus_identifier, 4242)
        self.assertEqual(self.town_hall.chorus_status, "MISE_A_DISPOSITION")
        self.assertEqual(self._counts(), (0, 1, 0))
        listed = self.env["account.move"].search(
            self.run.action_view_chorus()["domain"]
        )
        self.assertEqual(listed, self.town_hall)
        # the public body rejects it: the run says so and deposits it again
        self.scenario["factures/v1/consulter/historique"] = "rejected"
        self.env["chorus.flow"].chorus_cron()
        self.assertEqual(self.town_hall.chorus_status, "REJETEE")
        self.assertEqual(self._counts(), (0, 0, 1))
        self.run.action_chorus_send_again()
        self.assertFalse(self.town_hall.chorus_flow_id)
        self.assertEqual(self._counts(), (1, 0, 0))

    def test_an_invoice_rejected_in_its_flow_is_shown_and_deposited_again(self):
        self._send_and_deposit()
        self.scenario["transverses/v1/consulterCRDetaille"] = "rejected"
        self.env["chorus.flow"].chorus_cron()
        # l10n_fr_chorus_account takes it out of the flow and says why
        self.assertFalse(self.town_hall.chorus_flow_id)
        self.assertIn(
            "Le code service renseigné n'existe pas",
            self.town_hall.message_ids[:1].body,
        )
        self.assertEqual(self._counts(), (0, 0, 1))
        # not deposited again by itself
        calls = len(self.requests)
        self.env["account.move"]._heat_cron_chorus_send()
        self.assertEqual(len(self.requests), calls)
        self.run.action_chorus_send_again()
        self.env["account.move"]._heat_cron_chorus_send()
        self.assertEqual(self.requests[-1][0], "factures/v1/deposer/flux")
        self.assertEqual(self._counts(), (0, 1, 0))

    def test_a_failed_deposit_stays_queued_and_is_shown_once(self):
        self.run.action_send()
        self.company.fr_chorus_api_password = False
        logged = len(self.run.message_ids)
        self.env["account.move"]._heat_cron_chorus_send()
        self.env["account.move"]._heat_cron_chorus_send()
        self.assertIn("Missing Chorus API parameters", self.run.heat_chorus_error)
        self.assertEqual(len(self.run.message_ids), logged + 1)
        self.assertFalse(self.town_hall.chorus_flow_id)
        self.assertFalse(self.town_hall.is_move_sent)
        self.assertEqual(self._counts(), (1, 0, 0))
        # mended: the next call deposits it and the error goes
        self.company.fr_chorus_api_password = "secret"
        self.env["account.move"]._heat_cron_chorus_send()
        self.assertFalse(self.run.heat_chorus_error)
        self.assertEqual(self._counts(), (0, 1, 0))

    def test_an_unknown_service_code_is_refused_at_posting(self):
        self.town_hall.button_draft()
        self.town_hall.buyer_reference = "SERVICE-INCONNU"
        with self.assertRaisesRegex(UserError, "SERVICE-INCONNU.*not among"):
            self.town_hall.action_post()

    def test_only_a_billing_manager_deposits_again(self):
        user = new_test_user(
            self.env,
            login="heat_billing_user_chorus",
            groups="heat_billing.heat_billing_group_user",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            self.run.with_user(user).action_chorus_send_again()
