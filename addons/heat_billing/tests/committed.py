# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tests on committed data: concurrent users and background workers."""

import threading
from contextlib import closing
from datetime import date, datetime

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase
from odoo.tools import SQL

from .common import STUDY_TARIFF


class CommittedNetworkCase(TransactionCase):
    """Real transactions, each on its own connection, as users and workers of a
    server. The fixture (a network of ``SUBSCRIPTIONS`` sub-stations, meters,
    readings on 1 April and 1 May 2025 and active subscriptions, then the runs of
    ``_build_runs``) is committed by the test and removed afterwards: the row counts
    of every table are compared before and after."""

    CODE = "ONCE"
    SUBSCRIPTIONS = 2

    TIMEOUT = 60

    def setUp(self):
        super().setUp()
        # a real cursor on a connection of its own, not the test's cursor
        self.assertIsNone(self.registry.test_cr)
        self.counts_before = self._row_counts()
        self.made = {"accounts": []}
        self.marks = self._cron_marks()
        self.addCleanup(self._check_nothing_left)
        self.addCleanup(self._drop_fixture)
        with self._cursor() as cr:
            self._build_fixture(self._env(cr))

    def _cursor(self):
        return self.registry.cursor()

    def _env(self, cr):
        # the registry of the test, not looked up by name: that takes the registries'
        # lock, which the thread running the tests holds
        cr.transaction = cr.transaction or Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _row_counts(self):
        with closing(self._cursor()) as cr:
            cr.execute(
                """
                SELECT c.relname, (xpath('/row/n/text()', query_to_xml(
                           format('SELECT count(*) AS n FROM %I', c.relname),
                           false, true, '')))[1]::text::int
                  FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
                 WHERE s.nspname = 'public' AND c.relkind = 'r'
                """
            )
            return dict(cr.fetchall())

    def _cron_marks(self):
        """The last rows of the cron's triggers and progress: a test that posts in
        the background adds some, removed with the fixture."""
        with closing(self._cursor()) as cr:
            cr.execute(
                "SELECT (SELECT coalesce(max(id), 0) FROM ir_cron_trigger), "
                "(SELECT coalesce(max(id), 0) FROM ir_cron_progress)"
            )
            triggers, progress = cr.fetchone()
            return {"ir_cron_trigger": triggers, "ir_cron_progress": progress}

    def _check_nothing_left(self):
        counts = self._row_counts()
        changed = {
            table: (self.counts_before.get(table), count)
            for table, count in counts.items()
            if self.counts_before.get(table) != count
        }
        self.assertFalse(changed, "the test left rows behind (before, after)")

    def _build_fixture(self, env):
        network = self._build_network(env)
        self.made["runs"] = self._build_runs(env, network).ids

    def _build_runs(self, env, network):
        return env["heat.billing.run"]

    def _build_network(self, env):
        company = env.ref("base.main_company")
        tax = env["account.tax"].search(
            [
                ("company_id", "=", company.id),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", 5.5),
            ],
            limit=1,
        ) or env["account.tax"].search(
            [("company_id", "=", company.id), ("type_tax_use", "=", "sale")], limit=1
        )
        network = env["heat.network"].create(
            {
                "name": f"Committed network {self.CODE}",
                "code": self.CODE,
                "company_id": company.id,
                "heat_proration": "linear",
            }
        )
        self.made["network"] = network.id
        self.made["tariff"] = (
            env["heat.tariff"]
            .create(
                {
                    "network_id": network.id,
                    "company_id": company.id,
                    **STUDY_TARIFF,
                    "tax_id": tax.id,
                }
            )
            .id
        )
        category = env["heat.building.category"].search([], limit=1)
        for key in ("partners", "buildings", "substations", "meters", "subs"):
            self.made[key] = []
        for number in range(1, self.SUBSCRIPTIONS + 1):
            partner = env["res.partner"].create(
                {"name": f"{self.CODE} customer {number}"}
            )
            building = env["heat.building"].create(
                {
                    "network_id": network.id,
                    "reference": f"{self.CODE}.{number}",
                    "name": f"{self.CODE} building {number}",
                    "category_id": category.id,
                    "owner_id": partner.id,
                    "estimated_need_mwh": 60.0,
                }
            )
            substation = env["heat.substation"].create(
                {
                    "code": f"{self.CODE}-{number}",
                    "building_id": building.id,
                    "exchanger_power_kw": 200,
                    "power_ids": [
                        Command.create(
                            {
                                "date_start": date(2024, 1, 1),
                                "power_kw": 15.0,
                                "decision": "accepted",
                            }
                        )
                    ],
                }
            )
            meter = env["heat.meter"].create(
                {
                    "serial_number": f"{self.CODE}-M-{number}",
                    "installation_ids": [
                        Command.create(
                            {
                                "substation_id": substation.id,
                                "date_start": date(2024, 1, 1),
                            }
                        )
                    ],
                }
            )
            subscription = env["heat.subscription"].create(
                {
                    "name": f"{self.CODE}-SUB-{number}",
                    "substation_id": substation.id,
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "date_start": date(2024, 1, 1),
                    "state": "active",
                }
            )
            env["heat.meter.reading"].create(
                [
                    {
                        "meter_id": meter.id,
                        "timestamp": datetime(2025, 4, 1),
                        "energy_kwh": 1000.0,
                    },
                    {
                        "meter_id": meter.id,
                        "timestamp": datetime(2025, 5, 1),
                        "energy_kwh": 9000.0,
                    },
                ]
            )
            self.made["partners"].append(partner.id)
            self.made["buildings"].append(building.id)
            self.made["substations"].append(substation.id)
            self.made["meters"].append(meter.id)
            self.made["subs"].append(subscription.id)
        return network

    def _drop_fixture(self):
        """What the fixture and the runs committed, deleted in SQL: posted invoices
        cannot be deleted through the ORM, nor can posted runs (by design)."""
        made = self.made
        if not made.get("network"):
            return
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT id FROM account_move WHERE heat_billing_run_id = ANY(%s)",
                    made.get("runs", []),
                )
            )
            moves = [row[0] for row in cr.fetchall()]
            readings = SQL(
                "SELECT id FROM heat_meter_reading WHERE meter_id = ANY(%s)",
                made["meters"],
            )
            records = {
                "account.move": SQL("SELECT unnest(%s::int[])", moves),
                "heat.billing.run": SQL(
                    "SELECT unnest(%s::int[])", made.get("runs", [])
                ),
                "heat.subscription": SQL("SELECT unnest(%s::int[])", made["subs"]),
                "heat.meter.reading": readings,
                "res.partner": SQL("SELECT unnest(%s::int[])", made["partners"]),
            }
            for model, ids in records.items():
                for table in ("mail_followers", "mail_message"):
                    cr.execute(
                        SQL(
                            "DELETE FROM %s WHERE model = %s AND res_id IN (%s)"
                            if table == "mail_message"
                            else "DELETE FROM %s WHERE res_model = %s "
                            "AND res_id IN (%s)",
                            SQL.identifier(table),
                            model,
                            ids,
                        )
                    )
            for query in (
                SQL("DELETE FROM account_move WHERE id = ANY(%s)", moves),
                SQL(
                    "DELETE FROM heat_billing_run WHERE id = ANY(%s)",
                    made.get("runs", []),
                ),
                SQL("DELETE FROM heat_meter_reading WHERE id IN (%s)", readings),
                SQL("DELETE FROM heat_subscription WHERE id = ANY(%s)", made["subs"]),
                SQL(
                    "DELETE FROM heat_meter_installation WHERE meter_id = ANY(%s)",
                    made["meters"],
                ),
                SQL("DELETE FROM heat_meter WHERE id = ANY(%s)", made["meters"]),
                SQL(
                    "DELETE FROM heat_substation WHERE id = ANY(%s)",
                    made["substations"],
                ),
                SQL("DELETE FROM heat_building WHERE id = ANY(%s)", made["buildings"]),
                SQL("DELETE FROM heat_tariff WHERE id = %s", made["tariff"]),
                SQL("DELETE FROM heat_network WHERE id = %s", made["network"]),
                SQL("DELETE FROM res_partner WHERE id = ANY(%s)", made["partners"]),
                SQL("DELETE FROM account_account WHERE id = ANY(%s)", made["accounts"]),
                *(
                    SQL("DELETE FROM %s WHERE id > %s", SQL.identifier(table), mark)
                    for table, mark in self.marks.items()
                ),
            ):
                cr.execute(query)

    def _race(self, jobs):
        """Run each ``(name, job)`` in its own thread and transaction, all starting
        together, as Odoo runs a request (retried on a serialization failure,
        committed at the end); return ``{name: None or the UserError}``."""
        barrier = threading.Barrier(len(jobs), timeout=self.TIMEOUT)
        outcome = {}

        def run(name, job):
            threading.current_thread().dbname = self.registry.db_name
            with closing(self._cursor()) as cr:
                cr.execute("SET lock_timeout = '20s'")
                env = self._env(cr)
                barrier.wait()
                try:
                    self._request(env, job)
                    outcome[name] = None
                except UserError as error:
                    outcome[name] = error
                except Exception as error:  # noqa: BLE001 - reported by the test
                    outcome[name] = error

        threads = [
            threading.Thread(target=run, args=job, name=f"heat_once_{job[0]}")
            for job in jobs
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(self.TIMEOUT * 2)
            self.assertFalse(thread.is_alive(), "a transaction hangs")
        return outcome

    def _request(self, env, job):
        """Run ``job(env)`` as Odoo runs a request: again after a concurrency error
        (a serialization failure, a lock timeout), committed at the end. Odoo's own
        ``retrying`` reloads the registry by name, under the lock that the thread
        running the tests holds."""
        for _attempt in range(5):
            try:
                job(env)
                env.cr.commit()
                return
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                env.cr.rollback()
        raise AssertionError("5 concurrency errors in a row")
