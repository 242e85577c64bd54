# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.heat_operator.tests.common import render_pdf

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatTariff(HeatBillingCommon):
    def test_classic_structure(self):
        self.assertAlmostEqual(self.tariff.r2, 37.69)
        self.assertAlmostEqual(self.tariff.price_per_mwh, 80.40)
        self.assertAlmostEqual(self.tariff.price_per_kw, 37.69)

    def test_alternative_structure_moves_r21_r22_to_the_energy(self):
        self.tariff.write({"structure": "alternative", "r21_r22_per_mwh": 9.5})
        self.assertAlmostEqual(self.tariff.price_per_mwh, 89.90)
        self.assertAlmostEqual(self.tariff.price_per_kw, 24.69)

    def test_alternative_structure_needs_its_energy_price(self):
        with self.assertRaises(ValidationError):
            self.tariff.structure = "alternative"

    def test_negative_price_refused(self):
        with self.assertRaisesRegex(ValidationError, "negative"):
            self.tariff.r1 = -1

    def test_default_vat_is_the_french_5_5(self):
        self.assertEqual(self.tax.amount, 5.5)
        tariff = (
            self.env["heat.tariff"]
            .with_company(self.company)
            .create(
                {
                    "network_id": self.network.id,
                    "company_id": self.company.id,
                    "date_start": date(2026, 1, 1),
                    "r1": 80.0,
                }
            )
        )
        self.assertEqual(tariff.tax_id, self.tax)

    def test_segments_follow_versions(self):
        later = self.tariff.copy({"date_start": date(2025, 7, 1), "r1": 82.0})
        segments = self.env["heat.tariff"]._tariff_segments(
            self.network, date(2025, 6, 1), date(2025, 7, 31)
        )[self.network.id]
        self.assertEqual(
            segments,
            [
                (date(2025, 6, 1), date(2025, 6, 30), self.tariff),
                (date(2025, 7, 1), date(2025, 7, 31), later),
            ],
        )

    def test_the_tariff_sheet_prints_each_price(self):
        text = render_pdf(self.env, "heat_billing.heat_tariff_report", self.tariff.ids)
        self.assertIn(
            "Grille tarifaire du réseau de chaleur [BTN] Billing test network", text
        )
        for price in ("80,4000", "3,0000", "10,0000", "5,0000", "19,6900", "37,6900"):
            self.assertIn(price, text)
