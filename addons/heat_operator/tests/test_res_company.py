# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import operator_company, render_pdf


@tagged("post_install", "-at_install")
class TestResCompany(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.scic = operator_company(
            cls.env, "SCIC Chaleur Test", "91234567500017", vat="FR65912345675"
        )
        cls.sas = operator_company(
            cls.env,
            "SAS Bois Voisin",
            "73282932000074",
            heat_legal_form="SAS",
            heat_variable_capital=False,
            heat_share_capital=40000,
            heat_rcs_city="Clermont-Ferrand",
        )

    def _env_of(self, company):
        """The environment of a user working in ``company`` (its layout, its
        identity)."""
        return self.env(context=dict(self.env.context, allowed_company_ids=company.ids))

    def test_legal_mentions_in_french(self):
        mentions = self.scic.with_context(lang="fr_FR")._heat_legal_mentions()
        for expected in (
            "SCIC Chaleur Test",
            "SCIC SAS à capital variable",
            "capital minimum 15\xa0000,00\xa0€",
            "1 rue du Réseau 43160 La Chaise-Dieu",
            "SIREN 912 345 675 RCS Le Puy-en-Velay",
            "SIRET 91234567500017",
            "TVA FR65912345675",
        ):
            self.assertIn(expected, mentions)
        fixed = self.sas.with_context(lang="fr_FR")._heat_legal_mentions()
        self.assertIn("SAS, capital 40\xa0000,00\xa0€", fixed)
        self.assertNotIn("variable", fixed)

    def test_siren_from_the_registry_when_no_siret(self):
        self.sas.siret = False
        self.sas.company_registry = "RCS Clermont-Ferrand 732 829 320"
        self.assertEqual(self.sas._heat_siren(), "732829320")
        self.assertIn("SIREN 732 829 320", self.sas._heat_legal_mentions())

    def test_a_wrong_siret_is_refused_with_the_company_named(self):
        with self.assertRaisesRegex(ValidationError, "SIRET of SAS Bois Voisin"):
            self.sas.siret = "73282932000075"

    def test_each_company_prints_its_own_identity(self):
        """Any document printed with a company's layout ends with that company's
        mentions, and only with them."""
        for company, own, other in (
            (self.scic, "912 345 675", "732 829 320"),
            (self.sas, "732 829 320", "912 345 675"),
        ):
            text = render_pdf(
                self._env_of(company), "web.action_report_externalpreview", company.ids
            )
            self.assertIn(f"SIREN {own}", text)
            self.assertNotIn(other, text)
            self.assertIn(company.name, text)

    def test_no_mentions_for_a_company_without_identity(self):
        company = self.env["res.company"].create({"name": "Sans identité"})
        text = render_pdf(
            self._env_of(company), "web.action_report_externalpreview", company.ids
        )
        self.assertNotIn("SIREN", text)

    def test_paper_formats_at_odoo_s_dpi_print_at_96(self):
        """The header is scaled as the body (no zoom) on the PDF engine."""
        Paper = self.env["report.paperformat"]
        odoo_default = Paper.create({"name": "A4 (90)", "format": "A4", "dpi": 90})
        chosen = Paper.create({"name": "A4 (110)", "format": "A4", "dpi": 110})
        Paper._heat_setup_dpi()
        self.assertEqual((odoo_default.dpi, chosen.dpi), (96, 110))
        self.assertEqual(self.env.ref("base.paperformat_euro").dpi, 96)
