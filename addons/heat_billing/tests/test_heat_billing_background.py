# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A large run posted in the background by Odoo's cron workers (ADR 0043): batches
committed one by one, the progress, a failing subscription set aside, stop and
resume, one run per network at a time, a worker killed in the middle of a batch."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL, config

from ..models import heat_billing_run_background as background
from .committed import CommittedNetworkCase

KILL_WORKER = Path(__file__).with_name("kill_worker.py")


@tagged("post_install", "-at_install")
class TestHeatBillingBackground(CommittedNetworkCase):
    """Five subscriptions, posted in the background by batches of two."""

    CODE = "BGR"
    SUBSCRIPTIONS = 5

    def setUp(self):
        for name, value in (("BACKGROUND_FROM", 3), ("INVOICE_CHUNK", 2)):
            patcher = patch.object(background, name, value)
            patcher.start()
            self.addCleanup(patcher.stop)
        super().setUp()
        self.cron_id = self.env.ref("heat_billing.ir_cron_heat_billing_post").id

    def _build_runs(self, env, network):
        # March is read too (1 March), for a second run of the network
        env["heat.meter.reading"].create(
            [
                {
                    "meter_id": meter_id,
                    "timestamp": datetime(2025, 3, 1),
                    "energy_kwh": 200.0,
                }
                for meter_id in self.made["meters"]
            ]
        )
        runs = env["heat.billing.run"].create(
            [
                {
                    "network_id": network.id,
                    "company_id": network.company_id.id,
                    "date_from": start,
                    "date_to": stop,
                    "invoice_date": stop,
                }
                for start, stop in (
                    (date(2025, 4, 1), date(2025, 4, 30)),
                    (date(2025, 3, 1), date(2025, 3, 31)),
                )
            ]
        )
        runs.action_compute()
        return runs

    # ------------------------------------------------------------------ helpers

    def _do(self, job):
        """``job(env)`` in a request of its own, committed."""
        with closing(self._cursor()) as cr:
            self._request(self._env(cr), job)

    def _post(self, run_id):
        self._do(lambda env: env["heat.billing.run"].browse(run_id).action_post())

    def _cron(self, env):
        return env.ref("heat_billing.ir_cron_heat_billing_post")

    def _one_batch(self):
        """One call of the cron's code, as Odoo's cron worker makes it (``_run_job``):
        a progress record committed, the call, a commit; return the progress."""
        with closing(self._cursor()) as cr:
            env = self._env(cr)
            cron, progress = self._cron(env)._add_progress()
            cr.commit()
            cron._callback(cron.cron_name, cron.ir_actions_server_id.id)
            cr.commit()
            return progress.done, progress.remaining

    def _work(self):
        """Odoo's cron worker: acquire the job when it is ready and process it
        (batches until done, ten at most), as many times as it is ready."""
        cron_class = self.registry["ir.cron"]
        for _attempt in range(20):
            with self._cursor() as cron_cr:
                job = cron_class._acquire_one_job(cron_cr, self.cron_id)
                if not job:
                    return
                cron_class._process_job(self.registry.db_name, cron_cr, job)
        raise AssertionError("the job is still ready after 20 passes")

    def _run(self, run_id):
        """What other connections see of the run: state, lines invoiced, in error,
        progress, and its invoices (number, state, subscription, amount)."""
        with closing(self._cursor()) as cr:
            run = self._env(cr)["heat.billing.run"].browse(run_id)
            moves = [
                (
                    line.move_id.name,
                    line.move_id.state,
                    line.subscription_id.name,
                    line.move_id.amount_untaxed,
                )
                for line in run.line_ids.sorted("subscription_id")
                if line.move_id
            ]
            return {
                "state": run.state,
                "done": run.post_done_count,
                "errors": run.post_error_count,
                "progress": run.post_progress,
                "moves": moves,
                "error_text": " ".join(run.error_line_ids.mapped("post_error")),
            }

    def _due_triggers(self):
        with closing(self._cursor()) as cr:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s "
                    "AND call_at <= now() at time zone 'UTC'",
                    self.cron_id,
                )
            )
            return cr.fetchone()[0]

    def _assert_numbers_follow(self, moves):
        """Invoice numbers without a gap, in the order of the subscriptions."""
        numbers = [int(name.rsplit("/", 1)[1]) for name, *_rest in moves]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + len(numbers))))

    # ------------------------------------------------------------------ tests

    def test_batches_commit_one_by_one_with_their_progress(self):
        april = self.made["runs"][0]
        self._post(april)
        state = self._run(april)
        self.assertEqual(
            (state["state"], state["done"], state["moves"]), ("posting", 0, [])
        )
        with closing(self._cursor()) as cr:
            self.assertTrue(
                self._env(cr)["ir.cron.trigger"].search_count(
                    [("cron_id", "=", self._cron(self._env(cr)).id)]
                ),
                "posting wakes a cron worker up",
            )
        seen = []
        for _batch in range(3):
            triggers = self._due_triggers()
            progress = self._one_batch()
            state = self._run(april)
            seen.append(
                (
                    progress,
                    state["state"],
                    state["done"],
                    state["progress"],
                    self._due_triggers() - triggers,
                )
            )
        self.assertEqual(
            seen,
            [
                # a call that leaves work wakes a worker up again
                ((2, 3), "posting", 2, 40.0, 1),
                ((4, 1), "posting", 4, 80.0, 1),
                ((5, 0), "posted", 5, 100.0, 0),
            ],
        )
        moves = state["moves"]
        self.assertEqual({move[1] for move in moves}, {"posted"})
        self.assertEqual(
            [move[2] for move in moves], [f"BGR-SUB-{n}" for n in range(1, 6)]
        )
        self._assert_numbers_follow(moves)
        self.assertEqual(self._one_batch(), (0, 0), "nothing left to post")

    def test_a_failing_subscription_is_listed_and_the_others_post(self):
        """The third customer's receivable account is deprecated: its invoice is
        refused, its lines say why, the four others post without a gap; mended and
        resumed, it posts with the next number."""

        def deprecate(env):
            company = env["heat.network"].browse(self.made["network"]).company_id
            account = env["account.account"].create(
                {
                    "code": "411999",
                    "name": "Anciens clients",
                    "account_type": "asset_receivable",
                    "reconcile": True,
                    "deprecated": True,
                    "company_ids": company.ids,
                }
            )
            self.made["accounts"].append(account.id)
            env["res.partner"].browse(self.made["partners"][2]).with_company(
                company
            ).property_account_receivable_id = account

        self._do(deprecate)
        april = self.made["runs"][0]
        self._post(april)
        self._work()
        state = self._run(april)
        self.assertEqual(
            (state["state"], state["done"], state["errors"]), ("posted", 4, 1)
        )
        self.assertEqual(
            [move[2] for move in state["moves"]],
            ["BGR-SUB-1", "BGR-SUB-2", "BGR-SUB-4", "BGR-SUB-5"],
        )
        self._assert_numbers_follow(state["moves"])
        self.assertIn("Anciens clients (411999)", state["error_text"])

        def mend_and_resume(env):
            env["account.account"].browse(self.made["accounts"]).deprecated = False
            env["heat.billing.run"].browse(april).action_resume_posting()

        self._do(mend_and_resume)
        state = self._run(april)
        self.assertEqual(
            (state["state"], state["done"], state["errors"]), ("posted", 5, 0)
        )
        numbers = sorted(move[0] for move in state["moves"])
        self._assert_numbers_follow([(number,) for number in numbers])
        self.assertEqual(
            [move[2] for move in state["moves"] if move[0] == numbers[-1]],
            ["BGR-SUB-3"],
        )

    def test_stop_then_resume(self):
        april = self.made["runs"][0]
        self._post(april)
        self._one_batch()
        self._do(
            lambda env: env["heat.billing.run"].browse(april).action_stop_posting()
        )
        self.assertEqual(self._one_batch(), (0, 0), "a stopped run is not posted")
        state = self._run(april)
        self.assertEqual((state["state"], state["done"]), ("stopped", 2))
        self._do(
            lambda env: env["heat.billing.run"].browse(april).action_resume_posting()
        )
        self._work()
        state = self._run(april)
        self.assertEqual((state["state"], state["done"]), ("posted", 5))
        self._assert_numbers_follow(state["moves"])

    def test_stop_before_the_first_batch_gives_the_preview_back(self):
        april = self.made["runs"][0]
        self._post(april)
        self._do(
            lambda env: env["heat.billing.run"].browse(april).action_stop_posting()
        )
        state = self._run(april)
        self.assertEqual((state["state"], state["moves"]), ("computed", []))
        self._work()
        self.assertEqual(self._run(april)["moves"], [])

    def test_two_runs_of_one_network_are_not_posted_at_the_same_time(self):
        april, march = self.made["runs"]

        def post(run_id):
            return lambda env: env["heat.billing.run"].browse(run_id).action_post()

        outcome = self._race([("april", post(april)), ("march", post(march))])
        errors = {name: error for name, error in outcome.items() if error}
        self.assertEqual(len(errors), 1, outcome)
        ((loser, error),) = errors.items()
        self.assertIsInstance(error, UserError)
        self.assertIn("is being posted", str(error))
        self.assertIn(f"Committed network {self.CODE}", str(error))
        winner = march if loser == "april" else april
        self.assertEqual(self._run(winner)["state"], "posting")
        self.assertEqual(
            self._run(april if loser == "april" else march)["state"], "computed"
        )
        self._work()
        self.assertEqual(self._run(winner)["state"], "posted")
        # the network is free again
        self._post(april if loser == "april" else march)
        self._work()
        self.assertEqual(self._run(april)["state"], "posted")
        self.assertEqual(self._run(march)["state"], "posted")

    def test_a_worker_killed_in_a_batch_is_resumed(self):
        """A cron worker (a process of its own) killed with SIGKILL after posting
        the invoices of its second batch, before committing them: the first batch
        stays, the second never happened; another worker resumes the run, which
        ends as one never killed: one invoice per subscription, the preview's
        amounts, numbers without a gap."""
        april = self.made["runs"][0]
        with closing(self._cursor()) as cr:
            run = self._env(cr)["heat.billing.run"].browse(april)
            preview = {
                line.subscription_id.name: run.currency_id.round(line.amount_untaxed)
                for line in run.line_ids
            }
            preview_totals = (run.preview_untaxed, run.preview_tax)
        self._post(april)
        with tempfile.TemporaryDirectory() as folder:
            marker = Path(folder, "posted")
            worker = self._start_worker(marker, Path(folder, "worker.log"))
            killed = self._kill_when_posted(worker, marker)
        state = self._run(april)
        self.assertEqual((state["state"], state["done"]), ("posting", 2))
        self.assertEqual([m[2] for m in state["moves"]], ["BGR-SUB-1", "BGR-SUB-2"])
        with closing(self._cursor()) as cr:
            cr.execute(SQL("SELECT id FROM account_move WHERE id = ANY(%s)", killed))
            self.assertFalse(cr.fetchall(), "the killed batch left nothing")
            cr.execute(
                SQL(
                    "SELECT count(*) FROM account_move WHERE heat_billing_run_id = %s",
                    april,
                )
            )
            self.assertEqual(cr.fetchone()[0], 2, "no draft left behind")
        self._resume_after_the_kill()
        state = self._run(april)
        self.assertEqual((state["state"], state["done"]), ("posted", 5))
        self.assertEqual(
            {subscription: amount for _n, _s, subscription, amount in state["moves"]},
            preview,
        )
        self._assert_numbers_follow(state["moves"])
        with closing(self._cursor()) as cr:
            run = self._env(cr)["heat.billing.run"].browse(april)
            self.assertEqual((run.amount_untaxed, run.amount_tax), preview_totals)
            self.assertTrue(all(run._readings().mapped("is_locked")))

    def _start_worker(self, marker, log):
        options = [
            f"--database={self.registry.db_name}",
            f"--addons-path={config['addons_path']}",
            f"--logfile={log}",
        ]
        for key in ("db_host", "db_port", "db_user", "db_password"):
            if config[key]:
                options.append(f"--{key}={config[key]}")
        options.append(f"--data-dir={config['data_dir']}")
        environment = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(
                [str(Path(sys.modules["odoo"].__path__[0]).parent)]
                + os.environ.get("PYTHONPATH", "").split(os.pathsep)
            ),
        )
        return subprocess.Popen(  # noqa: S603 - this interpreter, our script
            [
                sys.executable,
                str(KILL_WORKER),
                str(marker),
                str(self.cron_id),
                *options,
            ],
            env=environment,
        )

    def _kill_when_posted(self, worker, marker):
        """SIGKILL the worker once it says it posted its second batch; return the
        ids of the invoices it had posted."""
        deadline = time.monotonic() + 180
        while not marker.exists():
            self.assertIsNone(worker.poll(), "the worker ended before its batch")
            self.assertLess(time.monotonic(), deadline, "the worker never posted")
            time.sleep(0.2)
        time.sleep(0.2)  # the ids are written
        worker.send_signal(signal.SIGKILL)
        self.assertEqual(worker.wait(60), -signal.SIGKILL)
        return [int(move_id) for move_id in marker.read_text().split()]

    def _resume_after_the_kill(self):
        """Another worker takes the job once the database has ended the killed
        worker's connections (and released its lock on the job)."""
        deadline = time.monotonic() + 60
        while self._run(self.made["runs"][0])["state"] == "posting":
            self.assertLess(time.monotonic(), deadline, "the run was not resumed")
            self._work()
            time.sleep(0.2)
