# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import float_round

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatBillingRunPost(HeatBillingCommon):
    """Posting with eyes open: the checks a billing manager confirms, and figures
    that are the invoices' to the cent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._read_january()
        # billing staff read the meters; posting locks the readings billed
        groups = "heat_metering.heat_metering_group_user,account.group_account_invoice"
        cls.manager = new_test_user(
            cls.env,
            login="heat_billing_post_manager",
            groups=f"heat_billing.heat_billing_group_manager,{groups}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.user = new_test_user(
            cls.env,
            login="heat_billing_post_user",
            groups=f"heat_billing.heat_billing_group_user,{groups}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _computed(self, date_from=date(2025, 1, 1), date_to=date(2025, 1, 31)):
        run = self._run(date_from, date_to)
        run.action_compute()
        return run

    def _flagged(self):
        """January with the school's end reading missing: its line is estimated."""
        self.env["heat.meter.reading"].search(
            [("meter_id", "=", self.meter2.id), ("timestamp", ">", "2025-01-15")]
        ).unlink()
        self._read(self.meter2, date(2025, 1, 20), 15000.0)
        run = self._computed()
        self.assertEqual(run.warning_count, 1)
        return run

    def _wizard(self, run, user, reason="Readings checked with the operator"):
        """The confirmation that posting the run opens, filled in its form."""
        action = run.with_user(user).action_post()
        self.assertEqual(action["res_model"], "heat.billing.run.post")
        wizard = Form(
            self.env["heat.billing.run.post"]
            .with_user(user)
            .with_context(action["context"])
        )
        wizard.reason = reason
        return wizard.save()

    # ------------------------------------------------------------- the checks

    def test_run_without_checks_posts_directly(self):
        run = self._computed()
        self.assertFalse(run.needs_post_confirmation)
        self.assertIs(run.with_user(self.manager).action_post(), True)
        self.assertEqual(run.state, "posted")
        self.assertFalse(run.post_confirmed_uid)

    def test_a_manager_without_metering_rights_posts_and_credits(self):
        """Locking the readings billed is part of posting, not a metering edit."""
        manager = new_test_user(
            self.env,
            login="heat_billing_post_no_metering",
            groups="heat_billing.heat_billing_group_manager,account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.assertFalse(manager.has_group("heat_metering.heat_metering_group_user"))
        run = self._computed()
        run.with_user(manager).action_post()
        self.assertEqual(run.state, "posted")
        self.assertTrue(all(run._readings().mapped("is_locked")))
        run.with_user(manager).action_credit()
        self.assertFalse(any(run._readings().mapped("is_locked")))

    def test_flagged_lines_open_the_confirmation_instead_of_posting(self):
        run = self._flagged()
        self.assertTrue(run.needs_post_confirmation)
        action = run.action_post()
        self.assertEqual(action["res_model"], "heat.billing.run.post")
        self.assertEqual(action["context"], {"default_run_id": run.id})
        self.assertEqual(run.state, "computed")
        self.assertFalse(run.move_ids)
        wizard = self.env["heat.billing.run.post"].create(
            {"run_id": run.id, "reason": "x"}
        )
        self.assertIn("1 of the 2 lines are flagged to check.", wizard.checks)
        self.assertEqual(wizard.warning_line_ids.subscription_id, self.subscription2)

    def test_a_manager_confirms_with_a_reason_kept_in_the_chatter(self):
        run = self._flagged()
        wizard = self._wizard(run, self.manager)
        self.assertTrue(wizard.is_manager)
        wizard.action_confirm()
        self.assertEqual(run.state, "posted")
        self.assertEqual(len(run.move_ids), 2)
        self.assertEqual(run.post_confirmed_uid, self.manager)
        self.assertEqual(run.post_reason, "Readings checked with the operator")
        message = run.message_ids[:1]
        self.assertEqual(message.author_id, self.manager.partner_id)
        self.assertIn("Readings checked with the operator", message.body)
        self.assertIn("1 of the 2 lines are flagged to check.", message.body)

    def test_a_billing_user_cannot_confirm(self):
        run = self._flagged()
        wizard = self._wizard(run, self.user)
        self.assertFalse(wizard.is_manager)
        with self.assertRaisesRegex(AccessError, "Only a billing manager"):
            wizard.action_confirm()
        self.assertEqual(run.state, "computed")
        self.assertFalse(run.post_confirmed_uid)

    def test_the_reason_is_required(self):
        run = self._flagged().with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Give the reason"):
            run._heat_confirm_post("   ")
        self.assertEqual(run.state, "computed")

    def test_the_model_refuses_a_confirmation_by_a_user(self):
        """Writing the confirmation directly does not go round the rule."""
        run = self._flagged()
        with self.assertRaisesRegex(ValidationError, "Give the reason"):
            run.write({"post_confirmed_uid": self.manager.id})
        with self.assertRaisesRegex(ValidationError, "Only a billing manager"):
            run.write({"post_confirmed_uid": self.user.id, "post_reason": "no"})

    def test_computing_again_needs_a_new_confirmation(self):
        run = self._flagged()
        run.with_user(self.manager)._heat_confirm_post("Checked")
        self.assertFalse(run.needs_post_confirmation)
        run.action_compute()
        self.assertFalse(run.post_confirmed_uid)
        self.assertEqual(run.action_post()["res_model"], "heat.billing.run.post")
        self.assertEqual(run.state, "computed")

    def test_unknown_renewable_share_with_the_reduced_vat_needs_a_manager(self):
        self.production_meter.reading_ids.unlink()
        run = self._computed()
        self.assertFalse(run.warning_count)
        self.assertIn("No production", run.renewable_warning)
        self.assertIn("unknown", run.renewable_warning)
        action = run.action_post()
        self.assertEqual(action["res_model"], "heat.billing.run.post")
        self.assertFalse(run.move_ids)
        # at the normal rate, the renewable share does not matter
        self.tariff.tax_id = (
            self.env["account.chart.template"]
            .with_company(self.company)
            .ref("tva_normale")
        )
        run.action_compute()
        self.assertFalse(run.renewable_warning)
        self.assertIs(run.action_post(), True)

    def test_low_renewable_share_with_the_reduced_vat_needs_a_manager(self):
        backup = self.env["heat.plant"].create(
            {
                "name": "Appoint",
                "network_id": self.network.id,
                "boiler_ids": [
                    Command.create(
                        {
                            "name": "Fioul",
                            "power_kw": 400,
                            "role": "backup",
                            "fuel": "heating_oil",
                        }
                    )
                ],
            }
        )
        meter = self.env["heat.meter"].create(
            {"serial_number": "P-FIOUL", "boiler_id": backup.boiler_ids.id}
        )
        # the wood meter gives 2,000 MWh over two years: about 85 MWh in January
        self._read(meter, date(2025, 1, 1), 0.0)
        self._read(meter, date(2025, 2, 1), 200_000.0)
        run = self._computed()
        self.assertLess(run.renewable_share, 0.5)
        wizard = self._wizard(run, self.manager, reason="Backup used in a cold spell")
        self.assertIn("not justified", wizard.checks)
        wizard.action_confirm()
        self.assertEqual(run.state, "posted")
        self.assertIn("not justified", run.message_ids[:1].body)

    # ---------------------------------------------------------- the figures

    def _more_subscribers(self):
        """Two more subscribers at 15 kW and 7 MWh (562.80 + 47.1125 € HT): the
        rounded lines of the run add up to a cent under the unrounded sum, and
        their VAT rounded per line is a cent under their VAT rounded globally."""
        category = self.substation.building_id.category_id
        for reference in ("1.03", "1.04"):
            partner = self.env["res.partner"].create({"name": f"Abonné {reference}"})
            _substation, meter, _sub = self._connect(
                reference, reference, partner, 15.0, category
            )
            self._read(meter, date(2025, 1, 1), 0.0)
            self._read(meter, date(2025, 2, 1), 7000.0)

    def _totals(self, run):
        return run.amount_untaxed, run.amount_tax, run.amount_total

    def _assert_totals_are_the_invoices(self, run):
        moves = run.move_ids
        self.assertTrue(moves)
        self.assertEqual(run.invoice_count, len(moves))
        for field in ("amount_untaxed", "amount_tax", "amount_total"):
            self.assertEqual(
                float_round(run[field], 2),
                float_round(sum(moves.mapped(f"{field}_signed")), 2),
                field,
            )

    def test_totals_before_and_after_posting_are_the_invoices(self):
        self._more_subscribers()
        run = self._computed()
        unrounded = float_round(sum(run.line_ids.mapped("amount_untaxed")), 2)
        preview = self._totals(run)
        # each invoice line rounded: 804 + 47.11 + 1353.13 + 62.82 + 2 × (562.80
        # + 47.11), one cent under the rounded sum of the unrounded lines
        self.assertAlmostEqual(run.amount_untaxed, 3486.88, places=2)
        self.assertAlmostEqual(unrounded, 3486.89, places=2)
        self.assertAlmostEqual(run.mwh, 10 + 16.83 + 2 * 7, places=6)
        self.assertEqual(run.invoice_count, 0)
        run.action_post()
        self._assert_totals_are_the_invoices(run)
        self.assertEqual(self._totals(run), preview)

    def test_preview_figures_are_computed_once_per_preview(self):
        """A list of previews reads their figures: no invoice is built again."""
        run = self._computed()
        preview = self._totals(run)
        self.env.invalidate_all()
        with patch.object(
            type(run), "_prepare_invoice", side_effect=AssertionError("built again")
        ):
            self.assertEqual(self._totals(run), preview)

    def test_figures_of_a_list_of_runs_in_constant_queries(self):
        """A list of runs reads its figures and checks (lines, flagged lines, MWh,
        what to confirm) without reading its lines (a run has 5,000): as many
        queries for 1 run of 2 lines as for 3 runs."""
        fields_read = [
            "line_count",
            "warning_count",
            "mwh",
            "post_checks",
            "needs_post_confirmation",
            "warning_line_ids",
            "post_progress",
        ]

        def queries(runs):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            runs.read(fields_read)
            return self.cr.sql_log_count - before

        january = self._flagged()
        one = queries(january)
        self._more_subscribers()
        runs = january | self._computed(date(2025, 2, 1), date(2025, 2, 28))
        runs |= self._computed(date(2025, 3, 1), date(2025, 3, 31))
        self.assertEqual(queries(runs), one)
        unflagged = self.env["heat.billing.run.line"].search(
            [("run_id", "in", runs.ids), ("has_warning", "=", False)]
        )
        mwh = unflagged._fields["mwh"]
        self.assertTrue(unflagged)
        self.assertFalse(
            [line for line in unflagged if self.env.cache.contains(line, mwh)],
            "the lines were read",
        )
        self.assertEqual(runs.mapped("line_count"), [2, 4, 4])
        self.assertEqual(january.post_checks, "1 of the 2 lines are flagged to check.")

    def test_preview_follows_the_company_tax_rounding(self):
        self._more_subscribers()
        taxes = {}
        for method in ("round_per_line", "round_globally"):
            with self.subTest(method=method):
                self.company.tax_calculation_rounding_method = method
                run = self._computed()
                preview = self._totals(run)
                run.action_post()
                self._assert_totals_are_the_invoices(run)
                self.assertEqual(self._totals(run), preview)
                taxes[method] = run.amount_tax
                # credited, the period can be billed again with the other method
                run.action_credit()
        # 2 × 33.54 against 2 × 33.55 for the new subscribers
        self.assertLess(taxes["round_per_line"], taxes["round_globally"])

    def test_credit_notes_count_negative(self):
        """A negative regularisation posts a credit note: the run's total is
        negative, as the credit note's signed amounts."""
        self.subscription.billing_mode = "installments"
        self.env["heat.meter.reading"].search(
            [("meter_id", "in", (self.meter | self.meter2).ids)]
        ).unlink()
        self._read(self.meter, date(2025, 1, 1), 0.0)
        self._read(self.meter, date(2025, 3, 1), 5000.0)
        self._read(self.meter2, date(2025, 1, 1), 0.0)
        self._read(self.meter2, date(2025, 3, 1), 30000.0)
        for start, end in (
            (date(2025, 1, 1), date(2025, 1, 31)),
            (date(2025, 2, 1), date(2025, 2, 28)),
        ):
            installments = self._computed(start, end)
            installments._heat_confirm_post("Installments: estimates expected")
            installments.action_post()
        run = self._run(date(2025, 1, 1), date(2025, 2, 28), kind="regularisation")
        run.action_compute()
        preview = run.amount_total
        self.assertLess(preview, 0)
        if run.needs_post_confirmation:
            run._heat_confirm_post("Regularisation checked")
        run.action_post()
        self.assertEqual(run.move_ids.move_type, "out_refund")
        self._assert_totals_are_the_invoices(run)
        self.assertEqual(run.amount_total, preview)

    def test_totals_of_many_runs_in_constant_queries(self):
        posted = self._computed()
        posted.action_post()
        previews = self._computed(date(2025, 2, 1), date(2025, 2, 28))
        previews |= self._run(date(2025, 3, 1), date(2025, 3, 31))
        previews[1:].action_compute()

        def queries(runs):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            runs.mapped("amount_total")
            return self.env.cr.sql_log_count - before

        queries(posted | previews)  # warm the caches that are not the records'
        self.assertEqual(queries(posted | previews), queries(posted | previews[:1]))

    # ------------------------------------------------------------- defaults

    @freeze_time("2025-03-10")
    def test_a_new_run_proposes_the_network_and_the_next_period(self):
        Run = self.env["heat.billing.run"]
        # first run: the previous calendar month
        form = Form(Run)
        self.assertEqual(form.network_id, self.network)
        self.assertEqual(
            (form.date_from, form.date_to), (date(2025, 2, 1), date(2025, 2, 28))
        )
        self._run(date(2025, 1, 1), date(2025, 1, 15))
        form = Form(Run)
        self.assertEqual(
            (form.date_from, form.date_to), (date(2025, 1, 16), date(2025, 1, 31))
        )
        # another frequency has its own sequence of runs
        form.frequency = "quarterly"
        self.assertEqual(
            (form.date_from, form.date_to), (date(2024, 10, 1), date(2024, 12, 31))
        )
        form.frequency = "monthly"
        self.assertEqual(form.date_from, date(2025, 1, 16))
        run = form.save()
        self.assertEqual(
            (Form(Run).date_from, Form(Run).date_to),
            (date(2025, 2, 1), date(2025, 2, 28)),
        )
        # a credited run leaves its period to bill again
        run.state = "credited"
        self.assertEqual(Form(Run).date_from, date(2025, 1, 16))

    def test_no_network_proposed_when_the_company_has_several(self):
        self.env["heat.network"].create(
            {"name": "Second network", "code": "SEC", "company_id": self.company.id}
        )
        form = Form(self.env["heat.billing.run"])
        self.assertFalse(form.network_id)
        self.assertFalse(form.date_from)
        form.network_id = self.network
        self.assertTrue(form.date_from)
