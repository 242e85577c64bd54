# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatTariffRevision(HeatBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Series = cls.env["heat.index.series"]
        cls.wood = Series.create({"name": "Plaquettes forestières CEEB"})
        cls.labour = Series.create({"name": "ICHT-E", "company_id": False})
        for series, values in (
            (cls.wood, {date(2024, 9, 1): 100.0, date(2025, 9, 1): 110.0}),
            (cls.labour, {date(2024, 9, 1): 120.0, date(2025, 9, 1): 126.0}),
        ):
            series.value_ids = [
                Command.create({"date": day, "value": value})
                for day, value in values.items()
            ]
        Formula = cls.env["heat.tariff.formula"]
        cls.r1_formula = Formula.create(
            {
                "network_id": cls.network.id,
                "company_id": cls.company.id,
                "component": "r1",
                "fixed_part": 0.15,
                "term_ids": [
                    Command.create(
                        {"series_id": cls.wood.id, "weight": 0.85, "base_value": 100.0}
                    )
                ],
            }
        )
        Formula.create(
            {
                "network_id": cls.network.id,
                "company_id": cls.company.id,
                "component": "r22",
                "fixed_part": 0.2,
                "term_ids": [
                    Command.create(
                        {"series_id": cls.labour.id, "weight": 0.8, "base_value": 120.0}
                    )
                ],
            }
        )

    def test_revision_from_the_latest_values_r24_frozen(self):
        new = self.tariff._heat_revise(date(2025, 10, 1))
        # R1: 0.15 + 0.85 × 110 / 100 = 1.085
        self.assertAlmostEqual(new.r1, 80.40 * 1.085, places=4)
        # R22: 0.2 + 0.8 × 126 / 120 = 1.04
        self.assertAlmostEqual(new.r22, 10.0 * 1.04, places=4)
        # no formula: unchanged; R24 (financing) is never revalued
        self.assertEqual((new.r21, new.r23, new.r24), (3.0, 5.0, 19.69))
        self.assertEqual(new.date_start, date(2025, 10, 1))
        self.assertEqual(new.revised_from_id, self.tariff)
        self.assertIn("110 (2025-09-01) / 100", new.revision_note)
        self.assertIn("1.08500", new.revision_note)

    def test_values_after_the_revision_date_are_not_used(self):
        new = self.tariff._heat_revise(date(2025, 8, 1))
        self.assertAlmostEqual(new.r1, 80.40, places=4)  # 2024-09 values = base

    def test_missing_index_value_lists_every_series(self):
        with self.assertRaises(UserError) as caught:
            self.tariff._heat_revision(date(2024, 8, 1))
        message = str(caught.exception)
        self.assertIn("Plaquettes forestières CEEB", message)
        self.assertIn("ICHT-E", message)
        self.assertFalse(
            self.env["heat.tariff"].search(
                [
                    ("network_id", "=", self.network.id),
                    ("date_start", ">", "2024-01-01"),
                ]
            )
        )

    def test_weights_must_sum_to_one(self):
        with self.assertRaisesRegex(ValidationError, "instead of 1"):
            self.r1_formula.fixed_part = 0.2

    def test_no_formula_for_r24(self):
        components = dict(
            self.env["heat.tariff.formula"]._fields["component"].selection
        )
        self.assertNotIn("r24", components)

    def test_wizard_previews_then_creates_the_version(self):
        wizard = Form(
            self.env["heat.tariff.revise"].with_context(
                active_model="heat.tariff", active_id=self.tariff.id
            )
        )
        wizard.date_start = date(2025, 10, 1)
        record = wizard.save()
        record.action_preview()
        self.assertAlmostEqual(record.r1, 80.40 * 1.085, places=4)
        self.assertIn("R24: 19.6900 → 19.6900", record.computation)
        action = record.action_apply()
        new = self.env["heat.tariff"].browse(action["res_id"])
        self.assertEqual(new.revised_from_id, self.tariff)

    def test_billing_period_straddling_a_revision_is_split(self):
        self.tariff._heat_revise(date(2025, 10, 16))
        for meter in (self.meter, self.meter2):
            self._read(meter, date(2025, 10, 1), 0.0)
            self._read(meter, date(2025, 11, 1), 31000.0)
        run = self._run(date(2025, 10, 1), date(2025, 10, 31))
        run.action_compute()
        lines = run.line_ids.filtered(
            lambda li: li.subscription_id == self.subscription
        ).sorted("date_from")
        self.assertEqual(
            [(li.date_from, li.date_to) for li in lines],
            [
                (date(2025, 10, 1), date(2025, 10, 15)),
                (date(2025, 10, 16), date(2025, 10, 31)),
            ],
        )
        # prorated on time, hour by hour: October 2025 lasts 745 hours in Paris (the
        # 26th has 25), of which 360 before the revision: 14,979.9 and 16,020.1 kWh,
        # billed in whole kWh
        self.assertEqual(lines.mapped("mwh"), [14.980, 16.020])
        self.assertAlmostEqual(lines[0].energy_amount, 14.980 * 80.40, places=2)
        self.assertAlmostEqual(lines[1].energy_amount, 16.020 * 80.40 * 1.085, places=2)

    def test_access(self):
        user = new_test_user(
            self.env,
            login="billing_user_rev",
            groups="heat_billing.heat_billing_group_user",
            company_id=self.company.id,
        )
        self.assertTrue(self.r1_formula.with_user(user).fixed_part)
        with self.assertRaises(AccessError):
            self.r1_formula.with_user(user).fixed_part = 0.15
        other = self.env["res.company"].create({"name": "Other operator"})
        stranger = new_test_user(
            self.env,
            login="billing_other_rev",
            groups="heat_billing.heat_billing_group_manager",
            company_id=other.id,
        )
        env = self.env(
            user=stranger, context=dict(self.env.context, allowed_company_ids=other.ids)
        )
        self.assertNotIn(self.r1_formula, env["heat.tariff.formula"].search([]))
        # a series shared by every operator is seen by all of them
        series = env["heat.index.series"].search([])
        self.assertIn(self.labour, series)
        self.assertNotIn(self.wood, series)
