# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.heat_operator.tests.common import render_pdf

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatInvoice(HeatBillingCommon):
    @classmethod
    def _measure_production(cls):
        """The production is measured by the tests (``_produce``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.network.heat_co2_content = 0.039
        plant = cls.env["heat.plant"].create(
            {
                "name": "Plant",
                "network_id": cls.network.id,
                "boiler_ids": [
                    Command.create({"name": "Wood", "power_kw": 300, "role": "main"}),
                    Command.create(
                        {
                            "name": "Backup",
                            "power_kw": 400,
                            "role": "backup",
                            "fuel": "heating_oil",
                        }
                    ),
                ],
            }
        )
        wood, backup = plant.boiler_ids.sorted("id")
        cls.wood_meter = cls.env["heat.meter"].create(
            {"serial_number": "P-WOOD", "boiler_id": wood.id}
        )
        cls.backup_meter = cls.env["heat.meter"].create(
            {"serial_number": "P-BACKUP", "boiler_id": backup.id}
        )
        # January 2024 (last year) and January 2025 at the town hall.
        cls._read(cls.meter, date(2024, 1, 1), 0.0)
        cls._read(cls.meter, date(2024, 2, 1), 8000.0)
        cls._read(cls.meter, date(2025, 1, 1), 20000.0)
        cls._read(cls.meter, date(2025, 2, 1), 30000.0)
        cls._read(cls.meter2, date(2025, 1, 1), 5000.0)
        cls._read(cls.meter2, date(2025, 2, 1), 21830.0)

    def _produce(self, wood_kwh, backup_kwh):
        for meter, kwh in (
            (self.wood_meter, wood_kwh),
            (self.backup_meter, backup_kwh),
        ):
            self._read(meter, date(2025, 1, 1), 0.0)
            self._read(meter, date(2025, 2, 1), kwh)

    def _posted_invoice(self):
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        run.action_post()
        return run, run.move_ids.filtered(lambda m: m.partner_id == self.partner)

    def test_last_year_and_renewable_share_on_the_invoice(self):
        self._produce(36000.0, 4000.0)
        run, invoice = self._posted_invoice()
        line = invoice.heat_billing_line_ids
        self.assertAlmostEqual(line.mwh, 10.0)
        self.assertAlmostEqual(line.mwh_last_year, 8.0)
        self.assertAlmostEqual(run.renewable_share, 0.9)
        self.assertFalse(run.renewable_warning)
        self.assertAlmostEqual(invoice.heat_renewable_share, 0.9)
        self.assertAlmostEqual(invoice.heat_co2_content, 0.039)

    def test_low_renewable_share_warns_about_the_reduced_vat(self):
        self._produce(15000.0, 25000.0)
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        self.assertAlmostEqual(run.renewable_share, 0.375)
        self.assertIn("37.5 %", run.renewable_warning)
        self.assertIn(self.tax.name, run.renewable_warning)
        # A normal VAT rate is not a concern.
        self.tariff.tax_id = (
            self.env["account.chart.template"]
            .with_company(self.company)
            .ref("tva_normale")
        )
        run.action_compute()
        self.assertFalse(run.renewable_warning)

    def test_amount_in_french_words(self):
        self._produce(36000.0, 4000.0)
        _run, invoice = self._posted_invoice()
        # 804.00 + 47.11 HT, VAT rounded per line: 44.22 + 2.59
        self.assertAlmostEqual(invoice.amount_total, 897.92)
        self.assertEqual(
            invoice._heat_amount_in_words(),
            "huit cent quatre-vingt-dix-sept euros et quatre-vingt-douze centimes",
        )
        self.assertAlmostEqual(invoice._heat_price_per_mwh_ttc(), 89.792)

    def test_invoice_pdf(self):
        """The complete French invoice, read from the PDF's text layer."""
        self._produce(36000.0, 4000.0)
        self.partner.write({"lang": "fr_FR", "is_company": True})
        _run, invoice = self._posted_invoice()
        text = render_pdf(self.env, "account.account_invoices", invoice.ids)
        r1 = invoice.invoice_line_ids.filtered(
            lambda li: li.product_uom_id.name == "MWh"
        )
        self.assertEqual((r1.quantity, r1.price_unit), (10.0, 80.40))
        for expected in (
            invoice.name,
            "M-1.01",
            "10,000 MWh",  # the R1 line in the subscriber's language
            "80,40",  # its unit price
            "20 000,000",  # start index
            "30 000,000",  # end index
            "8,000",  # MWh last January
            "90,0",  # renewable share
            "0,039",  # CO2 content
            "huit cent quatre-vingt-dix-sept euros et quatre-vingt-douze centimes",
            "02/03/2025",  # due: the network's 30 days after the 31/01/2025 invoice
            "SIREN 912 345 675",  # the seller
            "L441-10",  # late-payment penalties
            "indemnité forfaitaire de 40 €",  # for a business customer
        ):
            self.assertIn(expected, text)

    def test_a_consumer_invoice_has_no_recovery_indemnity(self):
        self._produce(36000.0, 4000.0)
        self.partner.write({"lang": "fr_FR", "is_company": False})
        _run, invoice = self._posted_invoice()
        text = render_pdf(self.env, "account.account_invoices", invoice.ids)
        self.assertIn("au taux d'intérêt légal", text)
        self.assertNotIn("indemnité forfaitaire", text)
