# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..domain import tariff as tariff_domain
from .common import HeatBillingCommon

END = date(2025, 3, 15)
# left of a 5-year commitment from 1 January 2025 after 15 March 2025
MONTHS_LEFT = 16 / 31 + 9 + 48


@tagged("post_install", "-at_install")
class TestHeatSubscriptionCompensation(HeatBillingCommon):
    """The network asks 5 years of commitment; the town hall, subscribed from 1
    January 2025, leaves on 15 March 2025."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.network.write(
            {
                "heat_commitment_years": 5,
                "heat_compensation_rule": "r2_share",
                "heat_compensation_rate": 0.5,
                "heat_compensation_amount": 800.0,
            }
        )
        cls.subscription.date_start = date(2025, 1, 1)
        cls._read(cls.meter, date(2025, 1, 1), 0.0)
        cls._read(cls.meter, date(2025, 3, 1), 18000.0)
        for month in (1, 3, 4):
            cls._read(cls.meter2, date(2025, month, 1), 5000.0 * month)
        cls.buyer = cls.env["res.partner"].create({"name": "Acquéreur de test"})
        cls.product = cls.env.ref("heat_billing.product_heat_compensation")

    def _end(self, **values):
        values.setdefault("date_end", END)
        values.setdefault("index_kwh", 23000.0)
        return super()._end(**values)

    def _march(self):
        run = self._run(date(2025, 3, 1), date(2025, 3, 31))
        run.action_compute()
        self._post(run)
        return run.line_ids.filtered(
            lambda li: li.subscription_id == self.subscription
        ).move_id

    def _compensation(self, invoice):
        return invoice.invoice_line_ids.filtered(
            lambda li: li.product_id == self.product
        )

    def test_share_of_the_remaining_r2(self):
        self._end(mode="terminate")
        invoice = self._march()
        line = self._compensation(invoice)
        expected = 15 * 37.69 / 12 * MONTHS_LEFT * 0.5
        self.assertAlmostEqual(line.price_subtotal, round(expected, 2))
        # the computation in the label (in the user's language): months left,
        # the end of the commitment, the power, the R2 and the rate
        for pattern in (r"57[.,]5 ", "2029", r"15[.,]0 kW", r"37[.,]69", "50 %"):
            self.assertRegex(line.name, pattern)
        # in the subscriber's language, French here
        self.assertIn("Facture de clôture", str(invoice.narration))
        # the rest of the invoice is the last period's bill, up to the end
        power = tariff_domain.r2_amount(
            [(date(2025, 3, 1), END, 15.0)], 37.69, date(2025, 3, 1), END
        )
        self.assertAlmostEqual(
            invoice.amount_untaxed,
            round(5 * 80.40, 2) + round(power, 2) + round(expected, 2),
            places=2,
        )

    def test_on_the_final_invoice_of_installments(self):
        self.subscription.billing_mode = "installments"
        self._end(mode="terminate")
        invoice = self._march()
        line = self._compensation(invoice)
        self.assertAlmostEqual(
            line.price_subtotal, round(15 * 37.69 / 12 * MONTHS_LEFT * 0.5, 2)
        )
        self.assertTrue(invoice.heat_billing_line_ids.filtered("is_final"))

    def test_fixed_amount(self):
        self.network.heat_compensation_rule = "fixed"
        self._end(mode="terminate")
        line = self._compensation(self._march())
        self.assertAlmostEqual(line.price_subtotal, 800.0)
        self.assertIn("montant forfaitaire", line.name)

    def test_none_after_the_commitment_or_without_a_rule(self):
        self.network.heat_commitment_years = 0
        self._end(mode="terminate")
        invoice = self._march()
        self.assertFalse(self._compensation(invoice))
        self.assertTrue(invoice)

    def test_none_once_the_commitment_is_over(self):
        self.subscription.date_start = date(2020, 1, 1)
        self._end(mode="terminate")
        self.assertFalse(self._compensation(self._march()))

    def test_none_for_a_change_of_holder(self):
        self._end(mode="holder", partner_id=self.buyer.id)
        invoice = self._march()
        self.assertTrue(invoice)
        self.assertFalse(self._compensation(invoice))

    def test_waived_with_its_reason_in_the_chatter(self):
        with self.assertRaisesRegex(UserError, "reason to waive"):
            self._end(mode="terminate", waive_compensation=True)
        self.assertEqual(self.subscription.state, "active")
        self._end(
            mode="terminate",
            waive_compensation=True,
            waive_reason="Moved out of the area",
        )
        self.assertTrue(self.subscription.compensation_waived)
        self.assertIn(
            "Moved out of the area",
            self.subscription.message_ids.mapped("body")[0],
        )
        invoice = self._march()
        self.assertTrue(invoice)
        self.assertFalse(self._compensation(invoice))
