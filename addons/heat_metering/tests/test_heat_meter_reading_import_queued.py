# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Large files imported in the background by Odoo's cron worker (ADR 0043): queued
by the wizard, imported whole by the cron in the name of the user who queued them,
one file per call."""

import base64
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from ..models import heat_meter_reading_batch as engine
from ..wizards import heat_meter_reading_import as wizard_module
from .test_heat_meter_reading_import_robust import HEADER, ImportCase, _xlsx


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15 12:00:00")
class TestQueuedImport(ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._user("queued_user", "heat_metering.heat_metering_group_user")
        cls.cron = cls.env.ref("heat_metering.ir_cron_heat_meter_reading_queued")

    def _queue(self, text, name="gros-fichier.csv"):
        """The wizard of the metering user, with a file above the threshold
        (``text``, or bytes)."""
        wizard = (
            self.env["heat.meter.reading.import"]
            .with_user(self.user)
            .create(
                {
                    "profile_id": self.profile.id,
                    "data_file": base64.b64encode(
                        text.encode() if isinstance(text, str) else text
                    ),
                    "file_name": name,
                }
            )
        )
        with patch.object(wizard_module, "BACKGROUND_BYTES", 10):
            return self.Batch.browse(wizard.action_import()["res_id"])

    def _cron_call(self):
        """One call of the cron's code as Odoo's worker makes it (as OdooBot, with a
        progress record); return the progress."""
        cron, progress = self.cron._add_progress()
        cron.ir_actions_server_id.run()
        return progress.done, progress.remaining

    def _due_triggers(self):
        return self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id)]
        )

    def test_a_large_file_is_queued_then_imported_by_the_cron(self):
        triggers = self._due_triggers()
        first = self._queue(
            HEADER + "M-0001;01/01/2024 00:00;100\nM-0001;02/01/2024 00:00;90\n"
        )
        second = self._queue(HEADER + "M-0001;03/01/2024 00:00;300\n", "second.csv")
        self.assertEqual((first.state, second.state), ("queued", "queued"))
        self.assertFalse(self._readings(), "nothing imported in the request")
        self.assertEqual(self._due_triggers(), triggers + 2, "a worker is woken up")
        # the oldest first, in the name of the user who queued it, the file let go
        self.assertEqual(self._cron_call(), (1, 1))
        self.assertEqual((first.state, second.state), ("done", "queued"))
        self.assertEqual(
            (first.lines_imported, first.lines_flagged), (2, 1), first.error
        )
        self.assertEqual(first.line_ids.create_uid, self.user)
        self.assertFalse(first.file_data)
        self.assertEqual(self._due_triggers(), triggers + 3, "called again")
        self.assertEqual(self._cron_call(), (1, 0))
        self.assertEqual(second.state, "done")
        self.assertEqual(len(self._readings()), 3)
        self.assertEqual(self._cron_call(), (0, 0), "nothing left")

    def test_a_queued_file_that_fails_keeps_its_file_and_reason(self):
        batch = self._queue(HEADER)
        self._cron_call()
        self.assertEqual(batch.state, "failed")
        self.assertIn("no data line", batch.error)
        self.assertTrue(batch.file_data, "kept to run it again")
        self.assertFalse(self._readings())

    def test_a_queued_workbook_reports_the_rows_its_reading_rejects(self):
        """The rows that reading a workbook rejects (here, after a long empty run)
        are reported as when the file is imported at once."""
        rows = [["compteur", "date", "index"], ["M-0001", datetime(2024, 1, 2), 5]]
        rows += [[None, None, None]] * 120
        rows += [["M-0001", datetime(2024, 1, 3), 6]]
        self.profile.file_type = "xlsx"
        batch = self._queue(_xlsx(rows), "gros-classeur.xlsx")
        with patch.object(engine, "XLSX_EMPTY_ROWS", 100):
            self._cron_call()
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 1))
        self.assertEqual(
            batch.line_ids.mapped("line"), [123], "the row after the empty run"
        )

    def test_a_small_file_is_imported_at_once(self):
        wizard = self.env["heat.meter.reading.import"].create(
            {
                "profile_id": self.profile.id,
                "data_file": base64.b64encode(
                    (HEADER + "M-0001;01/01/2024 00:00;100\n").encode()
                ),
                "file_name": "petit.csv",
            }
        )
        batch = self.Batch.browse(wizard.action_import()["res_id"])
        self.assertEqual(batch.state, "done")
