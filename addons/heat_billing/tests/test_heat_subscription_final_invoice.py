# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import float_round

from ..domain import tariff as tariff_domain
from .common import HeatBillingCommon

# the days of the town hall's readings (local midnight starting each)
READ_ON = (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1))
END = date(2025, 3, 15)
MONTHS = (
    (date(2025, 1, 1), date(2025, 1, 31)),
    (date(2025, 2, 1), date(2025, 2, 28)),
    (date(2025, 3, 1), END),
)


@tagged("post_install", "-at_install")
class TestHeatSubscriptionFinalInvoice(HeatBillingCommon):
    """The town hall pays monthly installments from 1 January 2025 and its
    subscription ends on 15 March 2025: its final invoice regularises them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subscription.write(
            {"billing_mode": "installments", "date_start": date(2025, 1, 1)}
        )
        for month in range(1, 6):
            cls._read(cls.meter2, date(2025, month, 1), 5000.0 * month)
        cls.buyer = cls.env["res.partner"].create({"name": "Acquéreur de test"})

    def _town_hall(self, *indexes):
        for day, kwh in zip(READ_ON, indexes, strict=True):
            self._read(self.meter, day, kwh)

    def _month(self, month, post=True):
        start = date(2025, month, 1)
        end = tariff_domain.month_slices(start, start).__next__()[2]
        run = self._run(start, date(2025, month, end))
        run.action_compute()
        if post:
            self._post(run)
        return run

    def _lines(self, run, subscription=None):
        subscription = subscription or self.subscription
        return run.line_ids.filtered(lambda li: li.subscription_id == subscription)

    def _monthly(self, indexes):
        """What the town hall would pay billed monthly on its actual consumption:
        each month's R1 and R2 invoice lines, rounded once each."""
        total = 0.0
        for (start, end), (first, last) in zip(
            MONTHS, zip(indexes, indexes[1:], strict=False), strict=True
        ):
            total += float_round((last - first) / 1000 * 80.40, 2)
            total += float_round(
                tariff_domain.r2_amount([(start, end, 15.0)], 37.69, start, end), 2
            )
        return total

    def test_installments_and_final_invoice_are_the_monthly_bill(self):
        self._town_hall(0.0, 10000.0, 18000.0)
        self._month(1)
        self._month(2)
        installment = self.subscription.installment_amount
        self._end(mode="terminate", date_end=END, index_kwh=23000.0)
        march = self._month(3, post=False)
        final = self._lines(march)
        # no installment after the end: the final regularisation from the start
        self.assertTrue(final)
        self.assertTrue(all(final.mapped("is_final")))
        self.assertFalse(any(final.mapped("is_installment")))
        self.assertEqual(
            (min(final.mapped("date_from")), max(final.mapped("date_to"))),
            (date(2025, 1, 1), END),
        )
        self.assertAlmostEqual(sum(final.mapped("mwh")), 23.0)
        self.assertAlmostEqual(
            sum(final.mapped("installments_billed")), 2 * installment
        )
        self._post(march)
        invoice = final.move_id
        self.assertEqual(invoice.move_type, "out_invoice")
        # in the subscriber's language, French here
        self.assertIn("Facture de clôture", str(invoice.narration))
        installments = sum(
            self.env["heat.billing.run.line"]
            .search(
                [
                    ("subscription_id", "=", self.subscription.id),
                    ("is_installment", "=", True),
                ]
            )
            .move_id.mapped("amount_untaxed")
        )
        monthly = self._monthly([0.0, 10000.0, 18000.0, 23000.0])
        self.assertAlmostEqual(installments + invoice.amount_untaxed, monthly, places=2)
        self.assertEqual(
            self.env.ref("heat_billing.product_heat_installment"),
            invoice.invoice_line_ids.filtered(lambda li: li.price_unit < 0).product_id,
        )

    def test_installments_above_the_due_are_credited(self):
        self._town_hall(0.0, 2000.0, 4000.0)
        self._month(1)
        self._month(2)
        installment = self.subscription.installment_amount
        # an almost empty building: 5 MWh over the two and a half months
        self._end(mode="terminate", date_end=END, index_kwh=5000.0)
        march = self._month(3)
        credit_note = self._lines(march).move_id
        self.assertEqual(credit_note.move_type, "out_refund")
        due = self._monthly([0.0, 2000.0, 4000.0, 5000.0]) - 2 * installment
        self.assertLess(due, 0)
        self.assertAlmostEqual(credit_note.amount_untaxed, round(-due, 2), places=2)

    def test_an_installment_billed_after_the_end_is_credited(self):
        """The end is recorded late: March's installment was billed already."""
        self._town_hall(0.0, 10000.0, 18000.0)
        self._month(1)
        self._month(2)
        self._read(self.meter, date(2025, 4, 1), 26000.0)
        self._month(3)
        installment = self.subscription.installment_amount
        self._end(mode="terminate", date_end=date(2025, 2, 28))
        april = self._month(4)
        final = self._lines(april)
        self.assertTrue(all(final.mapped("is_final")))
        self.assertEqual(max(final.mapped("date_to")), date(2025, 2, 28))
        self.assertAlmostEqual(
            sum(final.mapped("installments_billed")), 3 * installment
        )
        # March billed no energy nor power: January and February are due
        due = float_round(18 * 80.40, 2) + float_round(2 * 15 * 37.69 / 12, 2)
        self.assertAlmostEqual(
            final.move_id.amount_untaxed_signed, due - 3 * installment, places=2
        )
        # billed once: the next run has nothing more for it
        may = self._month(5, post=False)
        self.assertFalse(self._lines(may))

    def test_no_yearly_regularisation_after_the_final_one(self):
        self._town_hall(0.0, 10000.0, 18000.0)
        self._month(1)
        self._month(2)
        self._end(mode="terminate", date_end=END, index_kwh=23000.0)
        self._month(3)
        year = self._run(date(2025, 1, 1), date(2025, 12, 31), kind="regularisation")
        # the town hall's months are regularised already; the school, billed on
        # its actual consumption, has nothing to regularise
        with self.assertRaisesRegex(UserError, "Nothing to regularise"):
            year.action_compute()

    def test_seller_and_buyer_add_up(self):
        self._town_hall(0.0, 10000.0, 18000.0)
        self._read(self.meter, date(2025, 4, 1), 30000.0)
        self._month(1)
        self._month(2)
        action = self._end(
            mode="holder", date_end=END, index_kwh=23000.0, partner_id=self.buyer.id
        )
        following = self.env["heat.subscription"].browse(action["res_id"])
        self.assertEqual(following.billing_mode, "installments")
        march = self._month(3)
        seller, buyer = self._lines(march), self._lines(march, following)
        self.assertTrue(all(seller.mapped("is_final")))
        self.assertTrue(all(buyer.mapped("is_installment")))
        self.assertEqual(
            (min(buyer.mapped("date_from")), max(buyer.mapped("date_to"))),
            (date(2025, 3, 16), date(2025, 3, 31)),
        )
        # the energy and the power of the three months, each day to one holder
        self.assertAlmostEqual(sum((seller | buyer).mapped("mwh")), 30.0)
        self.assertAlmostEqual(
            sum((seller | buyer).mapped("power_amount")), 3 * 15 * 37.69 / 12
        )
        self.assertFalse(any(seller.mapped("compensation_amount")))
        self.assertIn("transféré au titulaire suivant", str(seller.move_id.narration))
        self.assertNotIn("Final invoice", str(buyer.move_id.narration))
