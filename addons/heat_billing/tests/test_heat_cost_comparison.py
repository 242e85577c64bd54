# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

from PyPDF2 import PdfReader

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatCostComparison(HeatBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Reference = cls.env["heat.energy.reference"]
        cls.oil = Reference.create(
            {
                "company_id": cls.company.id,
                "network_id": cls.network.id,
                "date_start": date(2025, 5, 1),
                "energy": "heating_oil",
                "unit": "litre",
                "price_ttc": 1.15,
                "vat_rate": 20,
                "useful_kwh_per_unit": 8.415,
                "routine_maintenance_ht": 100,
                "major_maintenance_ht": 50,
                "replacement_ttc": 5720,
            }
        )
        cls.electricity = Reference.create(
            {
                "company_id": cls.company.id,
                "date_start": date(2025, 1, 1),
                "energy": "electricity",
                "unit": "kwh",
                "price_ttc": 0.1952,
                "vat_rate": 20,
                "useful_kwh_per_unit": 1,
                "standing_charge_ttc": 232.68,
            }
        )

    def _comparison(self, **values):
        return self.env["heat.cost.comparison"].create(
            {
                "name": "Maison fioul",
                "company_id": self.company.id,
                "network_id": self.network.id,
                "date": date(2025, 9, 1),
                "energy": "heating_oil",
                "quantity": 2000,
                "subscribed_kw": 20,
                "r1": 80.40,
                "r2": 37.69,
                **values,
            }
        )

    def test_worked_example_to_the_euro(self):
        comparison = self._comparison()
        self.assertEqual(comparison.reference_id, self.oil)
        self.assertAlmostEqual(comparison.useful_mwh, 16.83)
        self.assertEqual(round(comparison.network_total_ht), 2107)
        self.assertEqual(round(comparison.network_total_ttc), 2223)
        self.assertEqual(round(comparison.current_total_ht), 2416)
        self.assertEqual(round(comparison.current_total_ttc), 2854)
        self.assertEqual(round(comparison.network_ttc_per_mwh), 132)
        self.assertEqual(round(comparison.current_ttc_per_mwh), 170)

    def test_operator_default_reference_and_payback(self):
        comparison = self._comparison(
            name="Maison électrique",
            energy="electricity",
            quantity=12000,
            subscribed_kw=12,
            r1=80,
            r2=39,
            sundry_ttc=100,
            investment=11000,
        )
        self.assertEqual(comparison.reference_id, self.electricity)
        self.assertAlmostEqual(comparison.network_total_ttc, 1506.54, places=2)
        self.assertAlmostEqual(comparison.current_total_ttc, 2675.08, places=2)
        self.assertAlmostEqual(comparison.saving_ttc, 1168.54, places=2)
        self.assertGreater(comparison.discounted_payback, comparison.simple_payback)
        self.assertLess(comparison.simple_payback, 11000 / 1168.54)

    def test_bad_input_lists_every_comparison(self):
        zero = self._comparison(name="Zéro litre", quantity=0)
        no_price = self._comparison(name="Propane sans prix", energy="propane")
        with self.assertRaises(UserError) as caught:
            (zero | no_price)._check_inputs()
        message = str(caught.exception)
        self.assertIn("Zéro litre", message)
        self.assertIn("Propane sans prix", message)
        with self.assertRaises(UserError):
            zero.action_print()

    def test_from_a_building(self):
        building = self.substation.building_id
        building.write({"current_energy": "heating_oil", "current_quantity": 2000})
        action = building.action_heat_cost_comparison()
        comparison = self.env["heat.cost.comparison"].browse(action["res_id"])
        self.assertEqual(comparison.energy, "heating_oil")
        self.assertEqual(comparison.quantity, 2000)
        self.assertAlmostEqual(comparison.r1, self.tariff.price_per_mwh)

    def test_pdf_for_the_prospect(self):
        comparison = self._comparison(investment=3000)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, lang="fr_FR")
            ._render_qweb_pdf(
                "heat_billing.heat_cost_comparison_report", comparison.ids
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        pages = PdfReader(io.BytesIO(pdf)).pages
        text = " ".join(" ".join(page.extract_text().split()) for page in pages)
        for figure in ("2 107", "2 223", "2 416", "2 854", "132", "170"):
            self.assertIn(figure, text)
