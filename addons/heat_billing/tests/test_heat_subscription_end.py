# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatSubscriptionEnd(HeatBillingCommon):
    """The town hall's building changes hands on 16 January 2025 (its meter reads
    1,000 kWh on 1 January, 11,000 kWh on 1 February)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._read_january()
        cls.buyer = cls.env["res.partner"].create({"name": "Acquéreur de test"})

    def _january(self):
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        return run

    def _billed(self, run, subscription):
        lines = run.line_ids.filtered(lambda line: line.subscription_id == subscription)
        return lines

    def test_each_holder_pays_its_part_and_both_add_up_to_one_month(self):
        run = self._january()
        whole = self._billed(run, self.subscription)
        expected = (whole.mwh, whole.energy_amount, whole.power_amount)
        run.unlink()

        action = self._end(
            mode="holder",
            date_end=date(2025, 1, 15),
            index_kwh=5000.0,
            partner_id=self.buyer.id,
        )
        following = self.env["heat.subscription"].browse(action["res_id"])
        self.assertEqual(
            (following.partner_id, following.date_start, following.state),
            (self.buyer, date(2025, 1, 16), "active"),
        )
        self.assertEqual(
            (self.subscription.state, self.subscription.date_end),
            ("closed", date(2025, 1, 15)),
        )
        run = self._january()
        seller, buyer = (
            self._billed(run, self.subscription),
            self._billed(run, following),
        )
        self.assertEqual(
            [(seller.date_from, seller.date_to), (buyer.date_from, buyer.date_to)],
            [
                (date(2025, 1, 1), date(2025, 1, 15)),
                (date(2025, 1, 16), date(2025, 1, 31)),
            ],
        )
        # the final index frames both parts: 4 MWh, then 6 MWh, none estimated
        self.assertEqual((seller.mwh, buyer.mwh), (4.0, 6.0))
        self.assertFalse(seller.estimated or buyer.estimated)
        self.assertEqual(seller.reading_end_id, buyer.reading_start_id)
        self.assertAlmostEqual(seller.mwh + buyer.mwh, expected[0])
        self.assertAlmostEqual(
            seller.energy_amount + buyer.energy_amount, expected[1], places=2
        )
        self.assertAlmostEqual(
            seller.power_amount + buyer.power_amount, expected[2], places=2
        )
        self._post(run)
        self.assertEqual(
            {move.partner_id for move in (seller | buyer).move_id},
            {self.partner, self.buyer},
        )

    def test_a_termination_without_index_is_estimated_and_billed_once(self):
        self._end(mode="terminate", date_end=date(2025, 1, 15))
        run = self._january()
        line = self._billed(run, self.subscription)
        self.assertEqual(
            (line.date_from, line.date_to), (date(2025, 1, 1), date(2025, 1, 15))
        )
        self.assertTrue(line.estimated_end)
        self.assertIn("Estimated", line.warnings)
        self._post(run)
        february = self._run(date(2025, 2, 1), date(2025, 2, 28))
        self._read(self.meter2, date(2025, 3, 1), 30000.0)
        february.action_compute()
        self.assertFalse(self._billed(february, self.subscription))

    def test_an_end_is_refused_in_words(self):
        with self.assertRaisesRegex(UserError, "cannot end on"):
            self._end(date_end=date(2023, 12, 31))
        with self.assertRaisesRegex(UserError, "next holder"):
            self._end(mode="holder", date_end=date(2025, 1, 15))
        # a reading is there already (the meter's own): leave the index empty
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesRegex(UserError, "already has a reading"),
        ):
            self._end(date_end=date(2025, 1, 31), index_kwh=11000.0)
        self.assertEqual(self.subscription.state, "active")
        self._end(date_end=date(2025, 1, 31))
        with self.assertRaisesRegex(UserError, "not active"):
            self._end(date_end=date(2025, 2, 15))

    def test_only_a_billing_user_of_the_operator_ends_it(self):
        other = self._french_company("Autre opérateur fin")
        outsider = new_test_user(
            self.env,
            "fin_autre",
            groups="base.group_user,heat_billing.heat_billing_group_user",
            company_id=other.id,
            company_ids=[other.id],
        )
        no_billing = new_test_user(
            self.env,
            "fin_sans_droit",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        billing = new_test_user(
            self.env,
            "fin_facturation",
            groups="base.group_user,heat_billing.heat_billing_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        values = {
            "subscription_id": self.subscription.id,
            "date_end": date(2025, 1, 15),
        }
        Wizard = self.env["heat.subscription.end"]
        for user in (outsider, no_billing):
            with self.subTest(user.login), self.assertRaises(AccessError):
                Wizard.with_user(user).with_company(user.company_id).create(
                    values
                ).action_confirm()
        self.assertEqual(self.subscription.state, "active")
        Wizard.with_user(billing).with_company(self.company).create(
            values
        ).action_confirm()
        self.assertEqual(self.subscription.state, "closed")
