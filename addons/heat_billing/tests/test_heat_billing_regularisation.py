# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import float_round

from ..domain import tariff as tariff_domain
from .common import HeatBillingCommon

DAILY_DJU = 13.0  # Tn 0 °C, Tx 10 °C: 18 - 5


@tagged("post_install", "-at_install")
class TestHeatBillingRegularisation(HeatBillingCommon):
    """Monthly installments, the yearly regularisation and the climate adjustment,
    over January and February 2025 for short."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subscription.billing_mode = "installments"
        cls.substation.building_id.estimated_need_mwh = 60.0

    def _installment_runs(self):
        for start, end in (
            (date(2025, 1, 1), date(2025, 1, 31)),
            (date(2025, 2, 1), date(2025, 2, 28)),
        ):
            run = self._run(start, end)
            run.action_compute()
            # the months' ends lie between readings two months apart: estimated
            self._post(run)

    def _regularise(self, **extra):
        run = self._run(date(2025, 1, 1), date(2025, 2, 28), kind="regularisation")
        run.action_compute()
        return run

    def _consume(self, kwh_town_hall):
        self._read(self.meter, date(2025, 1, 1), 0.0)
        self._read(self.meter, date(2025, 3, 1), kwh_town_hall)
        self._read(self.meter2, date(2025, 1, 1), 0.0)
        self._read(self.meter2, date(2025, 3, 1), 30000.0)

    def _weather(self, normal_factor):
        station = self.env["heat.weather.station"].create(
            {"name": "Le Puy-Loudes", "code": "43062001"}
        )
        day, days = date(2025, 1, 1), []
        while day <= date(2025, 2, 28):
            days.append({"station_id": station.id, "date": day, "tn": 0, "tx": 10})
            day += timedelta(days=1)
        self.env["heat.weather.day"].create(days)
        station.normal_ids = [
            Command.create(
                {"month": str(month), "dju": length * DAILY_DJU * normal_factor}
            )
            for month, length in ((1, 31), (2, 28))
        ]
        self.network.write(
            {"weather_station_id": station.id, "heat_climate_adjustment": True}
        )

    def test_installment_is_a_twelfth_of_the_yearly_estimate(self):
        expected = (60 * self.tariff.price_per_mwh + 15 * self.tariff.price_per_kw) / 12
        # a monetary amount: rounded to the cent once
        self.assertAlmostEqual(self.subscription.installment_amount, round(expected, 2))
        self.subscription.billing_mode = "actual"
        self.assertEqual(self.subscription.installment_amount, 0)

    def test_installments_then_an_invoice_for_the_rest(self):
        self._consume(20000.0)
        self._installment_runs()
        installment = self.subscription.installment_amount
        lines = self.env["heat.billing.run.line"].search(
            [("subscription_id", "=", self.subscription.id)]
        )
        self.assertTrue(all(lines.mapped("is_installment")))
        self.assertAlmostEqual(sum(lines.mapped("installment_amount")), 2 * installment)
        self.assertEqual(
            lines.move_id.invoice_line_ids.product_id,
            self.env.ref("heat_billing.product_heat_installment"),
        )
        run = self._regularise()
        line = run.line_ids.filtered(lambda li: li.subscription_id == self.subscription)
        actual = 20 * 80.40 + 2 * 15 * 37.69 / 12
        self.assertAlmostEqual(line.installments_billed, 2 * installment)
        self.assertAlmostEqual(line.amount_untaxed, actual - 2 * installment)
        # the subscriber billed on actual consumption has nothing to regularise
        self.assertFalse(
            run.line_ids.filtered(lambda li: li.subscription_id == self.subscription2)
        )
        run.action_post()
        invoice = run.move_ids
        self.assertEqual(invoice.move_type, "out_invoice")
        # each invoice line rounded once, as Odoo does
        self.assertAlmostEqual(
            invoice.amount_untaxed,
            float_round(20 * 80.40, 2)
            + float_round(2 * 15 * 37.69 / 12, 2)
            - 2 * installment,
        )

    def test_negative_regularisation_is_a_credit_note(self):
        self._consume(5000.0)
        self._installment_runs()
        run = self._regularise()
        run.action_post()
        credit_note = run.move_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        due = 5 * 80.40 + 2 * 15 * 37.69 / 12 - 2 * self.subscription.installment_amount
        self.assertAlmostEqual(credit_note.amount_untaxed, -due, places=1)

    def test_climate_adjustment_outside_the_band(self):
        self._consume(20000.0)
        self._weather(normal_factor=1.10)  # a mild year: 9 % fewer degree-days
        self._installment_runs()
        run = self._regularise()
        school = run.line_ids.filtered(
            lambda li: li.subscription_id == self.subscription2
        )
        fixed = tariff_domain.r2_amount(
            [(date(2025, 1, 1), date(2025, 12, 31), 20.0)],
            37.69,
            date(2025, 1, 1),
            date(2025, 2, 28),
        )
        expected = fixed * ((1 - 0.04) - 1 / 1.10)
        self.assertGreater(expected, 0)
        self.assertAlmostEqual(school.climate_amount, expected)
        # billed on actual consumption: only the adjustment is left to bill
        self.assertEqual((school.energy_amount, school.power_amount), (0, 0))
        self.assertAlmostEqual(school.amount_untaxed, expected)
        self.assertIn("767", school.climate_note)
        run.action_post()
        invoice = run.move_ids.filtered(lambda m: m.partner_id == self.partner2)
        self.assertAlmostEqual(invoice.amount_untaxed, round(expected, 2))
        self.assertIn("767", invoice.invoice_line_ids.name)

    def test_no_adjustment_within_the_band(self):
        self._consume(20000.0)
        self._weather(normal_factor=1.03)
        self._installment_runs()
        run = self._regularise()
        self.assertFalse(any(run.line_ids.mapped("climate_amount")))
        self.network.heat_climate_band = 0.02
        run.action_compute()
        self.assertTrue(all(run.line_ids.mapped("climate_amount")))

    def test_climate_adjustment_needs_degree_days(self):
        self._consume(20000.0)
        self.network.heat_climate_adjustment = True
        with self.assertRaisesRegex(UserError, "degree-days"):
            self._regularise()

    def test_regularisation_and_monthly_bill_coexist(self):
        """The unique index counts each kind of bill once per period."""
        self._consume(20000.0)
        self._installment_runs()
        self._regularise().action_post()
        with self.assertRaisesRegex(UserError, "Already billed"):
            self._regularise()
