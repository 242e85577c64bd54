# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Billing exactly once (ADR 0036): the database refuses overlapping periods, also
between two transactions; a posted run is never deleted; a reading that arrives
inside a posted period is flagged, locked and listed on the run."""

from contextlib import closing
from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..models.heat_billing_run_line import BILLED_ONCE
from .committed import CommittedNetworkCase
from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatBillingOnce(HeatBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._read_january()

    def _posted_january(self):
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        run.action_post()
        return run

    # ------------------------------------------------------------------ overlaps

    def test_overlapping_previews_are_refused_with_the_names(self):
        first = self._run(date(2025, 1, 1), date(2025, 1, 31))
        first.action_compute()
        second = self._run(date(2025, 1, 2), date(2025, 1, 31))
        with self.assertRaises(UserError) as caught:
            second.action_compute()
        message = str(caught.exception)
        for name in (self.subscription.name, self.subscription2.name, first.name):
            self.assertIn(name, message)
        self.assertNotIn("daterange", message)
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.line_ids)

    def test_database_refuses_an_overlapping_line(self):
        run = self._posted_january()
        other = self._run(date(2025, 1, 20), date(2025, 2, 28))
        values = dict(
            run.line_ids[0].copy_data()[0],
            run_id=other.id,
            date_from=date(2025, 1, 20),
            date_to=date(2025, 2, 28),
        )
        with self.assertRaises(IntegrityError) as caught, mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["heat.billing.run.line"].create(values)
                self.env.flush_all()
        self.assertEqual(caught.exception.diag.constraint_name, BILLED_ONCE)

    def test_adjacent_periods_and_credited_lines_do_not_clash(self):
        run = self._posted_january()
        february = self._run(date(2025, 2, 1), date(2025, 2, 28))
        february.action_compute()
        self.assertEqual(february.state, "computed")
        run.action_credit()
        overlapping = self._run(date(2025, 1, 2), date(2025, 1, 31))
        overlapping.action_compute()
        self.assertEqual(len(overlapping.line_ids), 2)

    def test_update_names_the_double_billing_it_cannot_protect(self):
        """A database that billed twice before the constraint: the update says which
        runs to credit instead of failing on SQL."""
        first = self._run(date(2025, 1, 1), date(2025, 1, 31))
        first.action_compute()
        second = self._run(date(2025, 1, 2), date(2025, 1, 31))
        lines = self.env["heat.billing.run.line"]
        self.env.cr.execute(
            SQL(
                "ALTER TABLE heat_billing_run_line DROP CONSTRAINT %s",
                SQL.identifier(BILLED_ONCE),
            )
        )
        lines.create(
            dict(
                first.line_ids[0].copy_data()[0],
                run_id=second.id,
                date_from=date(2025, 1, 2),
            )
        )
        lines.flush_model()
        with self.assertRaisesRegex(UserError, first.name) as caught:
            lines.init()
        self.assertIn(second.name, str(caught.exception))
        # once the preview is gone, the update puts the constraint back
        second.unlink()
        lines.init()
        self.env.cr.execute(
            SQL("SELECT contype FROM pg_constraint WHERE conname = %s", BILLED_ONCE)
        )
        self.assertEqual(self.env.cr.fetchone(), ("x",))

    def test_posting_reads_the_state_again_under_lock(self):
        """The state is read from the database once the run is locked, not from
        what this transaction read before."""
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        self.assertEqual(run.state, "computed")
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE heat_billing_run SET state = 'posted' WHERE id = %s", run.id)
        )
        with self.assertRaises(UserError):
            run.action_post()
        self.assertFalse(run.move_ids)

    # ------------------------------------------------------------------ deletion

    def test_posted_or_credited_run_cannot_be_deleted(self):
        run = self._posted_january()
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.company
        for env in (self.env, run.with_user(admin).env, self.env(su=True)):
            with self.assertRaisesRegex(UserError, "crediting"):
                run.with_env(env).unlink()
        run.action_credit()
        with self.assertRaisesRegex(UserError, run.name):
            run.unlink()
        self.assertTrue(run.exists())

    def test_invoiced_line_cannot_be_deleted(self):
        run = self._posted_january()
        with self.assertRaisesRegex(UserError, self.subscription.name):
            run.line_ids.unlink()
        self.assertEqual(len(run.line_ids), 2)

    def test_preview_can_be_deleted(self):
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        run.unlink()
        self.assertFalse(run.exists())

    # ------------------------------------------------------------------ readings

    def test_reading_entered_inside_a_posted_period_is_flagged(self):
        run = self._posted_january()
        late = self._read(self.meter, date(2025, 1, 15), 5000.0)
        after = self._read(self.meter, date(2025, 2, 15), 12000.0)
        self.assertEqual(late.state, "suspect")
        self.assertIn(run.name, late.state_reason)
        self.assertTrue(late.is_locked)
        self.assertEqual(late.heat_billing_run_id, run)
        self.assertEqual((after.state, after.is_locked), ("valid", False))
        self.assertFalse(after.heat_billing_run_id)
        self.assertEqual(run.late_reading_count, 1)
        action = run.action_view_late_readings()
        self.assertEqual(self.env["heat.meter.reading"].search(action["domain"]), late)
        # the reason is said in the language of whoever enters the reading
        french = (
            self.env["heat.meter.reading"]
            .with_context(lang="fr_FR")
            .create(
                {
                    "meter_id": self.meter2.id,
                    "timestamp": datetime(2025, 1, 10),
                    "energy_kwh": 8000.0,
                }
            )
        )
        self.assertIn("facturée", french.state_reason)
        self.assertIn(run.name, french.state_reason)

    def test_posted_period_is_the_network_s_local_days(self):
        """A line keeps the UTC instants of its local days (Paris: UTC+1 in
        January); a reading is inside a posted period by those, not by UTC days."""
        run = self._posted_january()
        line = run.line_ids.filtered(lambda li: li.subscription_id == self.subscription)
        self.assertEqual(
            (line.period_start, line.period_stop),
            (datetime(2024, 12, 31, 23), datetime(2025, 1, 31, 23)),
        )
        self.assertEqual(
            (line.period_start, line.period_stop),
            self.network._heat_bounds(line.date_from, line.date_to)[self.network.id],
        )
        # 23:30 on 31 January in Paris, then 00:30 on 1 February
        inside = self._read(self.meter, datetime(2025, 1, 31, 22, 30), 10900.0)
        after = self._read(self.meter, datetime(2025, 1, 31, 23, 30), 11100.0)
        self.assertEqual(inside.state, "suspect")
        self.assertEqual((after.state, after.is_locked), ("valid", False))

    def test_billing_user_sees_the_count_of_readings_after_posting(self):
        """A billing user without the metering rights opens the run's form."""
        run = self._posted_january()
        self._read(self.meter, date(2025, 1, 15), 5000.0)
        user = self.env["res.users"].create(
            {
                "name": "Billing clerk",
                "login": "billing.clerk.once",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("heat_billing.heat_billing_group_user").id,
                        ]
                    )
                ],
            }
        )
        self.assertFalse(user.has_group("heat_metering.heat_metering_group_user"))
        self.assertEqual(run.with_user(user).late_reading_count, 1)

    def test_reading_moved_into_a_posted_period_is_flagged(self):
        run = self._posted_january()
        reading = self._read(self.meter, date(2025, 2, 15), 12000.0)
        reading.timestamp = datetime(2025, 1, 20, 6, 0)
        self.assertEqual(reading.heat_billing_run_id, run)
        self.assertTrue(reading.is_locked)

    def test_reading_imported_inside_a_posted_period_is_flagged(self):
        run = self._posted_january()
        profile = self.env["heat.meter.reading.import.profile"].create(
            {"name": "GTC", "company_id": self.company.id}
        )
        batch = self.env["heat.meter.reading.batch"]._heat_import_file(
            b"compteur;date;index\n"
            b"M-1.01;15/01/2025 12:00;5 000,000\n"
            b"M-1.01;15/02/2025 12:00;12 000,000\n",
            profile,
            file_name="releves.csv",
        )
        self.assertEqual(batch.state, "done", batch.error)
        self.assertEqual((batch.lines_imported, batch.lines_flagged), (2, 1))
        late = batch.reading_ids.filtered(lambda r: r.timestamp.month == 1)
        self.assertEqual(late.state, "suspect")
        self.assertTrue(late.is_locked)
        self.assertEqual(late.heat_billing_run_id, run)
        report = batch.line_ids.filtered(lambda line: line.level == "flagged")
        self.assertEqual(report.line, 2)
        self.assertIn(run.name, report.message)
        self.assertEqual(run.late_reading_ids, late)

    def test_posted_period_runs_from_reading_to_reading(self):
        """March billed between readings of 20 February and 10 April: a reading of
        5 April changes what March used; crediting March unlocks it."""
        start = self._read(self.meter, date(2025, 2, 20), 12000.0)
        end = self._read(self.meter, date(2025, 4, 10), 20000.0)
        run = self._run(date(2025, 3, 1), date(2025, 3, 31))
        run.action_compute()
        self._post(run)  # both bounds estimated, beyond the tolerance
        line = run.line_ids.filtered(lambda li: li.subscription_id == self.subscription)
        self.assertEqual(line.reading_start_id | line.reading_end_id, start | end)
        late = self._read(self.meter, date(2025, 4, 5), 19000.0)
        self.assertEqual(late.heat_billing_run_id, run)
        self.assertTrue(late.is_locked)
        after = self._read(self.meter, date(2025, 4, 11), 20100.0)
        self.assertFalse(after.heat_billing_run_id)
        run.action_credit()
        self.assertFalse(late.is_locked)

    def test_credit_unlocks_the_readings_after_posting(self):
        run = self._posted_january()
        late = self._read(self.meter, date(2025, 1, 15), 5000.0)
        self.assertTrue(late.is_locked)
        run.action_credit()
        self.assertFalse(late.is_locked)
        # a credited period is free: a reading in it is no longer flagged
        free = self._read(self.meter2, date(2025, 1, 15), 9000.0)
        self.assertEqual((free.state, free.is_locked), ("valid", False))


@tagged("post_install", "-at_install")
class TestHeatBillingOnceConcurrent(CommittedNetworkCase):
    """Two real transactions, each on its own connection, as two users clicking at
    the same moment."""

    def _build_runs(self, env, network):
        return env["heat.billing.run"].create(
            [
                {
                    "network_id": network.id,
                    "company_id": network.company_id.id,
                    "date_from": start,
                    "date_to": date(2025, 4, 30),
                    "invoice_date": date(2025, 4, 30),
                }
                for start in (date(2025, 4, 1), date(2025, 4, 2))
            ]
        )

    def _bill(self, run_id):
        def job(env):
            run = env["heat.billing.run"].browse(run_id)
            run.action_compute()
            run.action_post()

        return job

    def _state(self):
        with closing(self._cursor()) as cr:
            cr.execute(
                SQL(
                    """
                    SELECT r.id, r.name, r.state, count(m.id)
                      FROM heat_billing_run r
                      LEFT JOIN account_move m
                        ON m.heat_billing_run_id = r.id AND m.state = 'posted'
                     WHERE r.id = ANY(%s) GROUP BY r.id ORDER BY r.id
                    """,
                    self.made["runs"],
                )
            )
            return {row[0]: row[1:] for row in cr.fetchall()}

    def test_overlapping_runs_billed_at_the_same_moment(self):
        """1-30 April and 2-30 April computed and posted by two users at once: one
        set of invoices, one clear error naming the subscriptions and the run."""
        april, second = self.made["runs"]
        outcome = self._race(
            [("april", self._bill(april)), ("second", self._bill(second))]
        )
        errors = {name: e for name, e in outcome.items() if e is not None}
        self.assertEqual(len(errors), 1, outcome)
        ((loser, error),) = errors.items()
        self.assertIsInstance(error, UserError, error)
        state = self._state()
        winner = second if loser == "april" else april
        self.assertEqual(state[winner][1:], ("posted", 2))
        self.assertEqual(state[april if winner == second else second][1:], ("draft", 0))
        message = str(error)
        for name in ("ONCE-SUB-1", "ONCE-SUB-2", state[winner][0]):
            self.assertIn(name, message)
        self.assertNotIn("daterange", message)

    def test_one_run_posted_twice_at_the_same_moment(self):
        """The same preview posted by two users at once: the second waits for the
        first, then finds the run posted."""
        april = self.made["runs"][0]
        with self._cursor() as cr:
            self._env(cr)["heat.billing.run"].browse(april).action_compute()

        def post(env):
            env["heat.billing.run"].browse(april).action_post()

        outcome = self._race([("first", post), ("second", post)])
        errors = [e for e in outcome.values() if e is not None]
        self.assertEqual(len(errors), 1, outcome)
        self.assertIsInstance(errors[0], UserError, errors[0])
        self.assertEqual(self._state()[april][1:], ("posted", 2))
