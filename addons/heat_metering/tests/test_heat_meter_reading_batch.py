# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import os
import tempfile
from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import config

from ..domain import reading_lines, validation
from ..models import heat_meter_reading_batch as engine
from .common import DATA, HeatMeteringCommon

HEADER = "compteur;date;index;volume;depart;retour\n"


@tagged("post_install", "-at_install")
@freeze_time("2024-06-01 12:00:00")
class TestHeatMeterReadingBatch(HeatMeteringCommon):
    def _import(self, text, profile=None, name="releves.csv"):
        data = text.encode() if isinstance(text, str) else text
        profile = profile or self.profile
        return self.env["heat.meter.reading.batch"]._heat_import_file(
            data, profile, file_name=name
        )

    def _report(self, batch):
        return {(line.line, line.level): line.message for line in batch.line_ids}

    def test_french_csv_defaults_and_utc(self):
        self.profile.write(
            {
                "column_volume": 4,
                "column_flow_temperature": 5,
                "column_return_temperature": 6,
            }
        )
        batch = self._import(
            HEADER
            + "M-0001;15/01/2024 08:30;1 234,567;12,5;75,2;50,1\n"
            + "M-0001;15/07/2023 08:30;1 000,000;;;\n"
        )
        self.assertEqual(batch.state, "done", batch.error)
        self.assertEqual((batch.lines_read, batch.lines_imported), (2, 2))
        winter, summer = batch.reading_ids.sorted("timestamp", reverse=True)
        # Europe/Paris: UTC+1 in January, UTC+2 in July
        self.assertEqual(winter.timestamp, datetime(2024, 1, 15, 7, 30))
        self.assertEqual(summer.timestamp, datetime(2023, 7, 15, 6, 30))
        self.assertEqual(winter.energy_kwh, 1234.567)
        self.assertEqual(winter.volume_m3, 12.5)
        self.assertEqual(winter.flow_temperature, 75.2)
        self.assertEqual(winter.substation_id, self.substation)
        self.assertEqual(winter.network_id, self.network)
        self.assertEqual(winter.source, "file")
        self.assertEqual(winter.import_line, 2)

    def test_midnight_of_the_installation_day_imported(self):
        """01/01/2020 00:00 in Paris is 31/12/2019 in UTC, yet the meter installed on
        01/01/2020 was there."""
        batch = self._import(HEADER + "M-0001;01/01/2020 00:00;50\n")
        self.assertEqual(batch.lines_imported, 1, self._report(batch))
        self.assertEqual(batch.reading_ids.substation_id, self.substation)
        self.assertEqual(batch.reading_ids.timestamp, datetime(2019, 12, 31, 23, 0))

    def test_units_and_point_profile(self):
        self.profile.write(
            {
                "delimiter": ",",
                "decimal_separator": ".",
                "date_format": "%Y-%m-%d %H:%M:%S",
                "tz": "UTC",
                "energy_unit": "mwh",
            }
        )
        batch = self._import("meter,ts,index\nM-0002,2024-01-01 00:00:00,1.5\n")
        self.assertEqual(batch.reading_ids.energy_kwh, 1500.0)
        self.profile.energy_unit = "gj"
        batch = self._import("meter,ts,index\nM-0002,2024-01-02 00:00:00,1\n")
        self.assertEqual(batch.reading_ids.energy_kwh, 277.778)

    def test_reimport_imports_nothing_new(self):
        text = HEADER + "M-0001;01/01/2024 00:00;100\nM-0001;01/02/2024 00:00;200\n"
        first = self._import(text)
        again = self._import(text)
        self.assertEqual(first.lines_imported, 2)
        self.assertEqual((again.lines_imported, again.lines_duplicate), (0, 2))
        self.assertEqual(again.state, "done")
        self.assertIn("already imported", self._report(again)[(2, "duplicate")])
        self.assertEqual(
            self.Reading.search_count([("meter_id", "=", self.meter.id)]), 2
        )
        # duplicate lines inside one file
        dup = self._import(
            HEADER + "M-0002;01/01/2024 00:00;1\nM-0002;01/01/2024 00:00;1\n"
        )
        self.assertEqual((dup.lines_imported, dup.lines_duplicate), (1, 1))

    def test_bad_lines_each_reported(self):
        batch = self._import(
            HEADER
            + "M-0001;01/01/2024 00:00;100\n"  # 2 ok
            + "NOPE;01/01/2024 00:00;100\n"  # 3 unknown meter
            + "M-0001;02/01/2024 00:00;douze\n"  # 4 text in a number
            + "M-0001;01/01/2030 00:00;100\n"  # 5 future
            + "M-0001;01/01/2019 00:00;100\n"  # 6 before installation
            + "M-0001;31/02/2024 00:00;100\n"  # 7 no such date
            + "M-0001;2024-01-03;100\n"  # 8 wrong date format
            + "M-0001\n"  # 9 missing columns
            + "M-0001;04/01/2024 00:00;90\n"  # 10 decreasing index
            + "M-0001;05/01/2024 00:00;-0,5\n"  # 11 negative index
            + "M-0001;06/01/2024 00:00;-0\n"  # 12 minus zero is zero, kept
        )
        report = self._report(batch)
        self.assertEqual(batch.state, "done")
        self.assertEqual(
            (batch.lines_read, batch.lines_imported, batch.lines_rejected), (11, 3, 8)
        )
        self.assertEqual(batch.lines_flagged, 2)
        self.assertEqual(report[(3, "rejected")], 'unknown meter "NOPE"')
        self.assertEqual(report[(4, "rejected")], 'energy "douze" is not a number')
        self.assertIn("in the future", report[(5, "rejected")])
        self.assertIn("before its installation", report[(6, "rejected")])
        self.assertEqual(
            report[(7, "rejected")], 'date "31/02/2024 00:00" does not exist'
        )
        self.assertIn("does not match the format", report[(8, "rejected")])
        self.assertIn("wrong separator?", report[(9, "rejected")])
        self.assertIn("index decreases from 100.000 to 90.000", report[(10, "flagged")])
        self.assertEqual(report[(11, "rejected")], "negative energy index")
        self.assertIn("index decreases from 90.000 to 0.000", report[(12, "flagged")])
        flagged = batch.reading_ids.filtered(lambda r: r.import_line == 10)
        self.assertEqual(flagged.state, "suspect")

    def test_only_the_meter_is_a_foreign_key(self):
        """Each foreign key costs PostgreSQL a check per imported row (ADR 0033)."""
        self.env.cr.execute(
            """
            SELECT a.attname FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             WHERE c.conrelid = 'heat_meter_reading'::regclass AND c.contype = 'f'
            """
        )
        self.assertEqual(
            {row[0] for row in self.env.cr.fetchall()} - {"create_uid", "write_uid"},
            {"meter_id"},
        )

    def test_deleting_a_batch_or_a_substation_keeps_the_readings(self):
        """What ON DELETE SET NULL did, without the foreign keys."""
        batch = self._import(HEADER + "M-0001;01/01/2024 00:00;100\n")
        reading = batch.reading_ids
        batch.unlink()
        self.assertTrue(reading.exists())
        self.assertFalse(reading.batch_id)
        reading.meter_id.installation_ids.filtered(
            lambda i: i.substation_id == self.substation
        ).unlink()
        self.substation.unlink()
        self.assertFalse(reading.substation_id)
        self.env.cr.execute(
            "SELECT batch_id, substation_id FROM heat_meter_reading WHERE id = %s",
            [reading.id],
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None))

    def test_reasons_in_the_users_language(self):
        """The test databases have French loaded (ADR 0003)."""
        text = (
            HEADER
            + "M-0001;01/01/2024 00:00;100\n"
            + "NOPE;01/01/2024 00:00;100\n"
            + "M-0001;02/01/2024 00:00;90\n"
            + "M-0001;01/01/2024 00:00;100\n"
        )
        batch = (
            self.env["heat.meter.reading.batch"]
            .with_context(lang="fr_FR")
            ._heat_import_file(text.encode(), self.profile, file_name="fr.csv")
        )
        report = self._report(batch)
        self.assertEqual(report[(3, "rejected")], "compteur « NOPE » inconnu")
        self.assertIn("l'index baisse de 100.000 à 90.000 kWh", report[(4, "flagged")])
        self.assertIn("déjà importé", report[(5, "duplicate")])

    def test_english_reasons_are_the_domains(self):
        """The model gives the translations of the domain's English reasons: the
        two copies of each text (one for the export of the terms) do not drift."""
        english = self.env["heat.meter.reading.batch"].with_context(lang="en_US")
        parser = english.create({"name": "en"})._heat_parser(self.profile)
        self.assertEqual(parser.messages, reading_lines.MESSAGES)
        self.assertEqual(
            english.env["heat.meter.reading"]._heat_flag_messages(),
            validation.MESSAGES,
        )

    def test_abort_profile_leaves_nothing(self):
        self.profile.on_error = "abort"
        batch = self._import(
            HEADER + "M-0001;01/01/2024 00:00;100\nNOPE;01/01/2024;1\n"
        )
        self.assertEqual(batch.state, "failed")
        self.assertFalse(self.Reading.search([("meter_id", "=", self.meter.id)]))
        self.assertIn("imports nothing", batch.error)
        self.assertEqual(batch.line_ids.mapped("line"), [3])

    def test_file_errors_fail_the_batch(self):
        empty = self._import(b"")
        self.assertEqual(empty.state, "failed")
        self.assertIn("is empty", empty.error)
        header_only = self._import(HEADER)
        self.assertIn("no data line", header_only.error)
        no_separator = self._import("compteur date index\nM-0001 01/01/2024 00:00\n")
        self.assertIn("no column separator found", no_separator.error)
        binary = self._import(HEADER.encode() + b"M-0001;01/01/2024 00:00;1\x81\n")
        self.assertEqual(binary.state, "failed")
        self.assertIn("line 2: neither UTF-8 nor Windows-1252", binary.error)
        self.assertFalse(self.Reading.search([("meter_id", "=", self.meter.id)]))

    def test_failure_inside_the_engine_is_atomic(self):
        """A database error on the second chunk undoes the first one."""
        batch_model = type(self.env["heat.meter.reading.batch"])
        original = batch_model._import_chunk
        calls = []

        def failing(self_batch, chunk, *args):
            calls.append(len(chunk))
            if len(calls) == 2:
                raise UserError(self_batch.env._("disk full"))
            return original(self_batch, chunk, *args)

        lines = HEADER + "".join(
            f"M-0001;{d:02d}/01/2024 00:00;{d}\n" for d in range(1, 5)
        )
        size = engine.CHUNK_LINES
        engine.CHUNK_LINES = 2
        batch_model._import_chunk = failing
        try:
            batch = self._import(lines)
        finally:
            batch_model._import_chunk = original
            engine.CHUNK_LINES = size
        self.assertEqual(batch.state, "failed")
        self.assertEqual(batch.error, "disk full")
        self.assertEqual(calls, [2, 2])
        self.assertFalse(self.Reading.search([("meter_id", "=", self.meter.id)]))

    def test_queries_per_chunk_are_constant(self):
        batch = self.env["heat.meter.reading.batch"].create({"name": "count"})
        parser = batch._heat_parser(self.profile)
        counts = dict.fromkeys(
            ("read", "imported", "duplicate", "rejected", "flagged"), 0
        )
        # creates the temporary table
        batch._import_lines(iter([(2, "M-0001;01/01/2024 00:00;1")]), self.profile)

        def run(size, offset, serial="M-0002"):
            chunk = [
                (
                    n,
                    f"{serial};"
                    f"{date(2021, 1, 1) + timedelta(days=n + offset):%d/%m/%Y}"
                    f" 00:00;{n + offset}",
                )
                for n in range(size)
            ]
            before = self.env.cr.sql_log_count
            batch._import_chunk(chunk, parser, counts)
            return self.env.cr.sql_log_count - before

        # the first chunk that names a meter looks it up, once for all its lines
        first, small, big = run(2, 1000), run(3, 0), run(600, 10)
        self.assertEqual(small, big)
        self.assertEqual(first, small + 1)
        self.assertLessEqual(big, 5)
        self.assertEqual(counts["imported"], 605)
        self.assertTrue(engine.CHUNK_LINES >= 10000)

    def test_xlsx_import(self):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["compteur", "date", "index"])
        sheet.append(["M-0001", datetime(2024, 1, 15, 8, 30), 1234.5])
        sheet.append(["M-0001", datetime(2024, 2, 15, 8, 30), "abc"])
        stream = io.BytesIO()
        book.save(stream)
        self.profile.file_type = "xlsx"
        batch = self._import(stream.getvalue(), name="releves.xlsx")
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 1))
        self.assertEqual(batch.reading_ids.energy_kwh, 1234.5)
        self.assertIn("is not a number", batch.line_ids.message)

    def test_mbus_frames(self):
        mbus_profile = self.env["heat.meter.reading.import.profile"].create(
            {
                "name": "M-Bus",
                "source": "mbus",
                "file_type": "mbus",
                "meter_match": "mbus",
            }
        )
        building = self.building2.copy({"reference": "1.03", "name": "Shop"})
        substation = self.env["heat.substation"].create(
            {"code": "SST-3", "building_id": building.id, "exchanger_power_kw": 20}
        )
        oms = self._meter("12345678", substation, date(2000, 1, 1))
        elster = self._meter(
            "X-ELSTER", self.substation, date(2014, 1, 1), date(2019, 1, 1)
        )
        elster.mbus_secondary_address = "00802657"
        frame = (DATA / "libmbus/oms_frame3.hex").read_text().strip()
        bad = frame[:-5] + "00 16"
        elster_frame = (DATA / "libmbus/Elster-F2.hex").read_text().strip()
        batch = self._import(
            "\n".join([frame, bad, elster_frame, frame[:30]]), mbus_profile, "bus.txt"
        )
        report = self._report(batch)
        self.assertEqual(batch.source, "mbus")
        self.assertEqual(batch.lines_imported, 1)
        reading = batch.reading_ids
        self.assertEqual(reading.meter_id, oms)
        self.assertEqual(reading.energy_kwh, 2850427.0)
        self.assertEqual(reading.volume_m3, 703.476)
        self.assertEqual(reading.flow_temperature, 44.3)
        self.assertIn("wrong checksum", report[(2, "rejected")])
        # matched by secondary address, but read in 2013 after the meter's removal
        self.assertIn("not installed", report[(3, "rejected")])
        self.assertIn("truncated frame", report[(4, "rejected")])

    def test_drop_folder_cron(self):
        with (
            tempfile.TemporaryDirectory() as folder,
            patch.dict(config.options, {"heat_drop_folder_root": folder}),
        ):
            self.registry.enter_test_mode(self.cr)
            self.addCleanup(self.registry.leave_test_mode)
            self.profile.drop_folder = folder
            with open(os.path.join(folder, "ok.csv"), "w") as handle:
                handle.write(HEADER + "M-0001;01/01/2024 00:00;100\n")
            with open(os.path.join(folder, "bad.csv"), "w") as handle:
                handle.write("")
            batches = self.env["heat.meter.reading.batch"]._cron_import_drop_folders()
            self.assertEqual(len(batches), 2)
            self.assertTrue(os.path.exists(os.path.join(folder, "done", "ok.csv")))
            self.assertTrue(os.path.exists(os.path.join(folder, "error", "bad.csv")))
            with open(os.path.join(folder, "done", "ok.csv.report.txt")) as report:
                self.assertIn("1 imported", report.read())
            self.assertFalse([f for f in os.listdir(folder) if f.endswith(".csv")])

    def test_command_line_progress_and_report(self):
        from odoo.cli.command import commands

        from ..cli.import_readings import progress_bar

        self.assertIn("heat_import_readings", commands)
        stream = io.StringIO()
        with patch("sys.stderr", stream):
            progress_bar(200)({"read": 100, "imported": 90, "rejected": 10})
        self.assertIn("[###############", stream.getvalue())
        self.assertIn("imported 90 rejected 10", stream.getvalue())
        batch = self._import(
            HEADER + "M-0001;01/01/2024 00:00;100\nNOPE;01/01/2024;1\n"
        )
        report = batch._report_text()
        self.assertIn(
            "2 lines read, 1 imported, 0 duplicates skipped, 1 rejected", report
        )
        self.assertIn('line 3: [Rejected] unknown meter "NOPE"', report)

    def test_flags_of_small_batches_are_in_the_report(self):
        """Below the ORM limit, the gaps (and spikes, frozen meters) are flagged by
        the ORM; the report lists them beside the decreases found in SQL."""
        self.network.heat_max_gap_days = 20
        batch = self._import(
            HEADER
            + "M-0001;01/01/2024 00:00;100\n"
            + "M-0001;05/01/2024 00:00;90\n"
            + "M-0001;01/03/2024 00:00;200\n"
        )
        report = self._report(batch)
        self.assertEqual(batch.lines_flagged, 2)
        self.assertIn("index decreases from 100.000 to 90.000", report[(3, "flagged")])
        self.assertIn("no reading for 56 days (more than 20)", report[(4, "flagged")])

    def test_large_batches_are_checked_in_sql(self):
        """Above the ORM limit, decreases and gaps are flagged by SQL."""
        self.network.heat_max_gap_days = 20
        size = engine.ORM_CHECK_LIMIT
        engine.ORM_CHECK_LIMIT = 0
        try:
            batch = self._import(
                HEADER
                + "M-0001;01/01/2024 00:00;100\n"
                + "M-0001;05/01/2024 00:00;90\n"
                + "M-0001;01/03/2024 00:00;200\n"
                + "M-0001;05/03/2024 00:00;210\n"
            )
        finally:
            engine.ORM_CHECK_LIMIT = size
        report = self._report(batch)
        self.assertEqual(batch.lines_flagged, 2)
        self.assertIn("index decreases from 100.000 to 90.000", report[(3, "flagged")])
        self.assertEqual(
            report[(4, "flagged")], "no reading for 56 days (more than 20)"
        )
