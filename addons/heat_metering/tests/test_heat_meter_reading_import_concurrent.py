# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two imports of the same readings at once, each in its own transaction and
thread, on committed data, as two users or two workers of a server."""

import threading
from contextlib import closing
from datetime import date

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

FILE = (
    "compteur;date;index\n"
    "CONC-0001;01/01/2025 00:00;1000,000\n"
    "CONC-0001;02/01/2025 00:00;1100,000\n"
    "CONC-0001;03/01/2025 00:00;1250,000\n"
)


@tagged("post_install", "-at_install")
class TestConcurrentImport(TransactionCase):
    TIMEOUT = 60

    def setUp(self):
        super().setUp()
        self.assertIsNone(self.registry.test_cr)
        self.addCleanup(self._drop_fixture)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            network = env["heat.network"].create({"name": "Concurrent", "code": "CONC"})
            building = env["heat.building"].create(
                {
                    "network_id": network.id,
                    "reference": "C.01",
                    "name": "Mairie",
                    "category_id": env["heat.building.category"].search([], limit=1).id,
                }
            )
            substation = env["heat.substation"].create(
                {"code": "CONC-1", "building_id": building.id, "exchanger_power_kw": 40}
            )
            meter = env["heat.meter"].create(
                {
                    "serial_number": "CONC-0001",
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
            profile = env["heat.meter.reading.import.profile"].create(
                {"name": "Concurrent CSV"}
            )
            self.made = {
                "network": network.id,
                "building": building.id,
                "substation": substation.id,
                "meter": meter.id,
                "profile": profile.id,
            }

    def _env(self, cr):
        # the registry of the test, not looked up by name (its lock is held)
        cr.transaction = cr.transaction or Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _drop_fixture(self):
        made = self.made
        with self.registry.cursor() as cr:
            for query in (
                SQL(
                    "DELETE FROM heat_meter_reading WHERE meter_id = %s", made["meter"]
                ),
                SQL(
                    "DELETE FROM heat_meter_reading_batch WHERE profile_id = %s",
                    made["profile"],
                ),
                SQL(
                    "DELETE FROM heat_meter_reading_import_profile WHERE id = %s",
                    made["profile"],
                ),
                SQL(
                    "DELETE FROM heat_meter_installation WHERE meter_id = %s",
                    made["meter"],
                ),
                SQL("DELETE FROM heat_meter WHERE id = %s", made["meter"]),
                SQL("DELETE FROM heat_substation WHERE id = %s", made["substation"]),
                SQL("DELETE FROM heat_building WHERE id = %s", made["building"]),
                SQL("DELETE FROM heat_network WHERE id = %s", made["network"]),
            ):
                cr.execute(query)

    def _import_at_once(self, count):
        """``count`` imports of FILE, each in its own thread and transaction, all
        having taken their snapshot before any inserts; retried on a concurrency
        error and committed, as Odoo runs a request. Returns the batches' ids."""
        barrier = threading.Barrier(count, timeout=self.TIMEOUT)
        batches, errors = [], []

        def run():
            threading.current_thread().dbname = self.registry.db_name
            with closing(self.registry.cursor()) as cr:
                cr.execute("SET lock_timeout = '20s'")
                env = self._env(cr)
                env.cr.execute("SELECT count(*) FROM heat_meter_reading")
                barrier.wait()
                try:
                    for _attempt in range(5):
                        try:
                            batch = env["heat.meter.reading.batch"]._heat_import_file(
                                FILE.encode(),
                                env["heat.meter.reading.import.profile"].browse(
                                    self.made["profile"]
                                ),
                                file_name="releves.csv",
                            )
                            batch_id = batch.id
                            env.cr.commit()
                            batches.append(batch_id)
                            return
                        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                            env.cr.rollback()
                            env.invalidate_all()
                    errors.append("5 concurrency errors in a row")
                except Exception as error:  # noqa: BLE001 - reported by the test
                    errors.append(error)

        threads = [threading.Thread(target=run) for _index in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(self.TIMEOUT * 2)
            self.assertFalse(thread.is_alive(), "an import hangs")
        self.assertEqual(errors, [])
        return batches

    def test_the_same_file_imported_twice_at_once(self):
        # the second waits for the first's readings, then meets them: a
        # serialization failure, retried, which the cursor logs as a bad query
        with mute_logger("odoo.sql_db"):
            batch_ids = self._import_at_once(2)
        with closing(self.registry.cursor()) as cr:
            cr.execute(
                "SELECT count(*) FROM heat_meter_reading WHERE meter_id = %s",
                [self.made["meter"]],
            )
            self.assertEqual(cr.fetchone()[0], 3)
            cr.execute(
                "SELECT state, lines_imported, lines_duplicate, lines_rejected "
                "FROM heat_meter_reading_batch WHERE id = ANY(%s)",
                [batch_ids],
            )
            # one imports the readings, the other finds them there: no error, no
            # reading twice
            self.assertEqual(
                sorted(cr.fetchall()), [("done", 0, 3, 0), ("done", 3, 0, 0)]
            )
