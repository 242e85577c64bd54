# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Imports that never crash or lie (issue 13): bad lines are reasons, numbers and
local times are read strictly, encodings and separators are recognised, a metering
user imports whatever flags the readings raise, drop folders stay under their root
and import each file in its own transaction."""

import base64
import io
import logging
import os
import re
import tempfile
import tracemalloc
import zipfile
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.sql_db import TestCursor
from odoo.tests import tagged
from odoo.tools import config, mute_logger

from ..models import heat_meter_reading_batch as engine
from .common import HeatMeteringCommon

_logger = logging.getLogger(__name__)
HEADER = "compteur;date;index\n"
BATCH_LOG = "odoo.addons.heat_metering.models.heat_meter_reading_batch"


class ImportCase(HeatMeteringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Batch = cls.env["heat.meter.reading.batch"]

    def _import(self, data, profile=None, name="releves.csv", env=None):
        data = data.encode() if isinstance(data, str) else data
        batch_model = (env or self.env)["heat.meter.reading.batch"]
        return batch_model._heat_import_file(
            data, (profile or self.profile).with_env(batch_model.env), file_name=name
        )

    def _report(self, batch):
        return {(line.line, line.level): line.message for line in batch.line_ids}

    def _readings(self, meter=None):
        return self.Reading.search([("meter_id", "=", (meter or self.meter).id)])


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15 12:00:00")
class TestBadLinesAreReasons(ImportCase):
    def test_values_that_crashed_reject_their_line_only(self):
        """A date of year 1, an index of 30 digits, a NUL in a meter cell crashed the
        whole file (OverflowError, InvalidOperation, ValueError)."""
        batch = self._import(
            HEADER
            + "M-0001;01/01/2024 00:00;100\n"  # 2
            + "M-0001;01/01/0001 00:00;100\n"  # 3
            + "M-0001;02/01/2024 00:00;"
            + "1" * 30
            + "\n"  # 4
            + "M-\x000001;03/01/2024 00:00;100\n"  # 5
            + "M-0001;04/01/2024 00:00;"
            + "9" * 24
            + "\n"  # 6
            + "M-0001;05/01/2024 00:00;101\n"  # 7
        )
        report = self._report(batch)
        self.assertEqual(batch.state, "done", batch.error)
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (2, 4))
        self.assertEqual(
            self._readings().mapped("import_line"), [7, 2], "the good lines"
        )
        self.assertEqual(
            report[(3, "rejected")], 'date "01/01/0001 00:00" is before 1970'
        )
        self.assertEqual(
            report[(4, "rejected")],
            f'energy "{"1" * 30}" is out of range (0 to 100,000,000,000 kWh)',
        )
        self.assertEqual(
            report[(5, "rejected")],
            '"M-\\x000001" contains a NUL character: binary data, not text',
        )
        self.assertIn("out of range", report[(6, "rejected")])

    def test_numbers_are_read_strictly(self):
        """With the comma-decimal profile, 12.5 was 125 kWh, 13.75 was 1,375 and
        1 5 was 15."""
        batch = self._import(
            HEADER
            + "M-0001;01/01/2024 00:00;12.5\n"
            + "M-0001;02/01/2024 00:00;13.75\n"
            + "M-0001;03/01/2024 00:00;1 5\n"
            + "M-0001;04/01/2024 00:00;1 234,5\n"
        )
        report = self._report(batch)
        self.assertEqual(batch.lines_imported, 1)
        self.assertEqual(self._readings().energy_kwh, 1234.5)
        self.assertEqual(
            report[(2, "rejected")],
            'energy "12.5": the decimal separator of the profile is ","',
        )
        self.assertIn('energy "13.75": the decimal separator', report[(3, "rejected")])
        self.assertIn('energy "1 5": digits grouped wrongly', report[(4, "rejected")])


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15 12:00:00")
class TestDaylightSavingAndConflicts(ImportCase):
    def test_nonexistent_local_time_is_rejected(self):
        """30/03/2025 02:30 does not exist in Paris: it was moved onto 03:30 and then
        dropped as already imported."""
        batch = self._import(
            HEADER
            + "M-0001;30/03/2025 02:00;10\n"
            + "M-0001;30/03/2025 02:30;11\n"
            + "M-0001;30/03/2025 03:30;12\n"
        )
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 2))
        self.assertEqual(self._readings().import_line, 4)
        self.assertEqual(
            self._report(batch)[(3, "rejected")],
            'date "30/03/2025 02:30" does not exist in the time zone Europe/Paris: '
            "the clocks go forward at this hour",
        )

    def test_repeated_local_times_are_kept_in_file_order(self):
        text = (
            HEADER
            + "M-0001;26/10/2025 01:30;9\n"
            + "M-0001;26/10/2025 02:30;10\n"
            + "M-0001;26/10/2025 02:30;11\n"
            + "M-0001;26/10/2025 03:30;12\n"
        )
        batch = self._import(text)
        self.assertEqual(batch.lines_imported, 4, self._report(batch))
        self.assertEqual(
            [(r.timestamp, r.energy_kwh) for r in self._readings().sorted("timestamp")],
            [
                (datetime(2025, 10, 25, 23, 30), 9),
                (datetime(2025, 10, 26, 0, 30), 10),  # 02:30 summer time
                (datetime(2025, 10, 26, 1, 30), 11),  # 02:30 winter time
                (datetime(2025, 10, 26, 2, 30), 12),
            ],
        )
        self.assertFalse(batch.lines_flagged)
        again = self._import(text)
        self.assertEqual((again.lines_imported, again.lines_duplicate), (0, 4))

    def test_a_different_index_at_the_same_time_is_a_conflict(self):
        self._import(HEADER + "M-0001;01/01/2025 00:00;100\n")
        batch = self._import(
            HEADER
            + "M-0001;01/01/2025 00:00;100\n"  # 2 the same again: duplicate
            + "M-0001;01/01/2025 00:00;105\n"  # 3 another index: conflict
            + "M-0002;01/01/2025 00:00;7\n"  # 4 imported
            + "M-0002;01/01/2025 00:00;7\n"  # 5 duplicate of the line above
            + "M-0002;01/01/2025 00:00;8\n"  # 6 conflict with the line above
        )
        report = self._report(batch)
        self.assertEqual(
            (
                batch.lines_imported,
                batch.lines_duplicate,
                batch.lines_rejected,
            ),
            (1, 2, 2),
        )
        self.assertIn("already imported", report[(2, "duplicate")])
        self.assertIn("already imported", report[(5, "duplicate")])
        self.assertEqual(
            report[(3, "conflict")],
            "meter M-0001 at 2024-12-31 23:00:00 UTC: index 105.000 conflicts with "
            "the index 100.000 already imported for that time",
        )
        self.assertIn(
            "index 8.000 conflicts with the index 7.000", report[(6, "conflict")]
        )
        self.assertEqual(self._readings().energy_kwh, 100)
        self.assertEqual(self._readings(self.meter2).energy_kwh, 7)

    def test_a_conflict_fails_an_abort_profile(self):
        self._import(HEADER + "M-0001;01/01/2025 00:00;100\n")
        self.profile.on_error = "abort"
        batch = self._import(
            HEADER + "M-0002;01/01/2025 00:00;1\nM-0001;01/01/2025 00:00;101\n"
        )
        self.assertEqual(batch.state, "failed")
        self.assertFalse(self._readings(self.meter2))
        self.assertEqual(batch.line_ids.level, "conflict")


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15 12:00:00")
class TestEncodingAndSeparator(ImportCase):
    def test_french_excel_csv_in_windows_1252(self):
        data = "Relevé;Compteur;Énergie\nM-0001;01/01/2024 00:00;1 234,5\n".encode(
            "cp1252"
        )
        self.assertIn(b"\xe9", data)
        batch = self._import(data)
        self.assertEqual(batch.lines_imported, 1, batch.error)
        self.assertEqual(
            (batch.file_encoding, batch.file_delimiter, batch.file_columns),
            ("cp1252", ";", "Relevé | Compteur | Énergie"),
        )
        self.assertEqual(self.profile.encoding, "utf-8", "the profile is unchanged")

    def test_utf8_with_or_without_byte_order_mark(self):
        text = "Relevé;Compteur;Énergie\nM-0001;01/01/2024 00:00;1\n"
        plain = self._import(text.encode())
        bom = self._import(
            b"\xef\xbb\xbf"
            + text.replace("01/01", "02/01").replace(";1\n", ";2\n").encode()
        )
        self.assertEqual((plain.file_encoding, plain.lines_imported), ("utf-8", 1))
        self.assertEqual((bom.file_encoding, bom.lines_imported), ("utf-8-sig", 1))
        self.assertEqual(bom.file_columns, "Relevé | Compteur | Énergie")

    def test_separators_recognised_whatever_the_profile(self):
        tab = self._import("compteur\tdate\tindex\nM-0001\t01/01/2024 00:00\t1,5\n")
        comma = self._import('compteur,date,index\nM-0001,02/01/2024 00:00,"2,5"\n')
        self.assertEqual((tab.file_delimiter, tab.lines_imported), ("\t", 1))
        self.assertEqual((comma.file_delimiter, comma.lines_imported), (",", 1))
        self.assertEqual(sorted(self._readings().mapped("energy_kwh")), [1.5, 2.5])
        self.assertEqual(self.profile.delimiter, ";")

    def test_wizard_shows_the_expected_columns_and_what_it_found(self):
        self.profile.write({"column_volume": 4})
        wizard = self.env["heat.meter.reading.import"].create(
            {
                "profile_id": self.profile.id,
                "data_file": base64.b64encode(
                    "a,b,c\nM-0001,01/01/2024 00:00,1\n".encode("cp1252")
                ),
                "file_name": "x.csv",
            }
        )
        self.assertIn("3: energy index (kWh)", wizard.expected_columns)
        self.assertIn("4: volume (m³)", wizard.expected_columns)
        self.assertIn("%d/%m/%Y %H:%M", wizard.expected_columns)
        action = wizard.action_import()
        batch = self.Batch.browse(action["res_id"])
        self.assertEqual((batch.file_delimiter, batch.file_columns), (",", "a | b | c"))


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15 12:00:00")
class TestMeteringUserImport(ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._user("metering_user", "heat_metering.heat_metering_group_user")
        cls.other_user = cls._user(
            "other_metering_user",
            "heat_metering.heat_metering_group_user",
            cls.other_company,
        )
        cls.other_profile = cls.env["heat.meter.reading.import.profile"].create(
            {"name": "Other operator", "company_id": cls.other_company.id}
        )

    def test_user_imports_a_file_that_raises_flags(self):
        """The report lines were created through the ORM, which users may not do:
        a file with a flag failed with an access error."""
        self.network.heat_max_gap_days = 20
        wizard = (
            self.env["heat.meter.reading.import"]
            .with_user(self.user)
            .create(
                {
                    "profile_id": self.profile.id,
                    "data_file": base64.b64encode(
                        (
                            HEADER
                            + "M-0001;01/01/2024 00:00;100\n"
                            + "M-0001;05/01/2024 00:00;90\n"
                            + "M-0001;01/03/2024 00:00;200\n"
                            + "NOPE;01/03/2024 00:00;200\n"
                        ).encode()
                    ),
                    "file_name": "releves.csv",
                }
            )
        )
        batch = self.Batch.browse(wizard.action_import()["res_id"]).with_user(self.user)
        self.assertEqual(batch.state, "done", batch.error)
        self.assertEqual(
            (batch.lines_imported, batch.lines_flagged, batch.lines_rejected), (3, 2, 1)
        )
        self.assertEqual(
            sorted(batch.line_ids.mapped("level")), ["flagged", "flagged", "rejected"]
        )
        self.assertEqual(batch.line_ids.create_uid, self.user)
        # the report stays the user's to read, not to write
        with self.assertRaises(AccessError):
            batch.line_ids[0].message = "changed"
        with self.assertRaises(AccessError):
            batch.sudo().with_user(self.other_user).line_ids.mapped("message")

    def test_user_reads_only_within_their_companies(self):
        # the other operator's profile, hence its meters, cannot be used
        with self.assertRaises(AccessError):
            self._import(
                HEADER + "M-0001;01/01/2024 00:00;1\n",
                profile=self.other_profile,
                env=self.env(user=self.user),
            )
        # a meter of another operator is unknown to this one's file
        self.env["heat.meter"].create(
            {"serial_number": "B-0001", "company_id": self.other_company.id}
        )
        batch = self._import(
            HEADER + "B-0001;01/01/2024 00:00;1\n", env=self.env(user=self.user)
        )
        self.assertEqual(batch.line_ids.message, 'unknown meter "B-0001"')
        other = self._import(
            HEADER + "M-0001;01/01/2024 00:00;1\n",
            profile=self.other_profile,
            env=self.env(user=self.other_user),
        )
        self.assertEqual(other.line_ids.message, 'unknown meter "M-0001"')
        self.assertFalse(
            self.env["heat.meter.reading.batch.line"]
            .with_user(self.user)
            .search([("batch_id", "=", other.id)])
        )


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15 12:00:00")
class TestDropFolder(ImportCase):
    def setUp(self):
        super().setUp()
        self.root = self.enterContext(tempfile.TemporaryDirectory())
        self.enterContext(
            patch.dict(config.options, {"heat_drop_folder_root": self.root})
        )
        self.folder = os.path.join(self.root, "gtc")
        os.mkdir(self.folder)

    def _write(self, name, text):
        with open(os.path.join(self.folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)

    def _run_cron(self):
        self.registry.enter_test_mode(self.cr)
        try:
            return self.Batch._cron_import_drop_folders()
        finally:
            self.registry.leave_test_mode()

    def test_folder_only_under_the_configured_root(self):
        outside = self.enterContext(tempfile.TemporaryDirectory())
        os.symlink(outside, os.path.join(self.root, "link"))
        for folder in ("/etc", outside, "../", "gtc/../../etc", "link", "link/sub"):
            with self.subTest(folder=folder), self.assertRaises(ValidationError):
                self.profile.drop_folder = folder
        self.profile.drop_folder = "gtc"
        self.assertEqual(self.profile._heat_drop_path(), os.path.realpath(self.folder))
        self.profile.drop_folder = self.folder
        with (
            patch.dict(config.options, {"heat_drop_folder_root": ""}),
            self.assertRaises(ValidationError),
        ):
            self.profile.drop_folder = "gtc"

    def test_only_system_administrators_set_the_folder(self):
        manager = self._user(
            "metering_manager", "heat_metering.heat_metering_group_manager"
        )
        with self.assertRaises(AccessError):
            self.profile.with_user(manager).drop_folder = "gtc"
        with self.assertRaises(AccessError):
            self.profile.with_user(manager).read(["drop_folder"])
        manager.groups_id += self.env.ref("base.group_system")
        self.profile.with_user(manager).drop_folder = "gtc"
        self.assertEqual(self.profile.drop_folder, "gtc")

    def test_root_checked_again_when_the_cron_runs(self):
        """A folder accepted once is not read when the root has moved, and a link
        to a file out of the root is not read."""
        self.profile.drop_folder = "gtc"
        secret = os.path.join(self.enterContext(tempfile.TemporaryDirectory()), "s")
        with open(secret, "w") as handle:
            handle.write("admin_passwd = secret\n")
        os.symlink(secret, os.path.join(self.folder, "odoo.conf"))
        self.assertFalse(self._run_cron())
        self.assertTrue(os.path.islink(os.path.join(self.folder, "odoo.conf")))
        self._write("ok.csv", HEADER + "M-0001;01/01/2024 00:00;100\n")
        self.profile.drop_folder = self.folder
        elsewhere = self.enterContext(tempfile.TemporaryDirectory())
        with (
            patch.dict(config.options, {"heat_drop_folder_root": elsewhere}),
            self.assertLogs(BATCH_LOG, "WARNING") as logs,
        ):
            self.assertFalse(self._run_cron())
        self.assertIn("is not under the server's heat_drop_folder_root", logs.output[0])
        self.assertTrue(os.path.exists(os.path.join(self.folder, "ok.csv")))

    @mute_logger(BATCH_LOG)
    def test_each_file_in_its_own_transaction(self):
        """A file that crashes is rolled back and moved to error/ with its report;
        the files before and after it are imported and moved to done/."""
        self.profile.drop_folder = "gtc"
        self._write("a.csv", HEADER + "M-0001;01/01/2024 00:00;100\n")
        self._write("b.csv", HEADER + "M-0002;01/01/2024 00:00;5\n")
        self._write("c.csv", HEADER + "M-0001;02/01/2024 00:00;101\n")
        self._write("d.csv", "")
        batch_class = type(self.Batch)
        original = batch_class._report_text

        def crash_on_b(batch):
            if batch.file_name == "b.csv":
                raise RuntimeError("crash after the readings were written")
            return original(batch)

        with patch.object(batch_class, "_report_text", crash_on_b):
            batches = self._run_cron()
        self.assertEqual(
            sorted(batches.mapped("file_name")), ["a.csv", "c.csv", "d.csv"]
        )
        self.assertEqual(len(self._readings()), 2)
        self.assertFalse(self._readings(self.meter2), "b.csv rolled back")
        listing = {
            sub: sorted(os.listdir(os.path.join(self.folder, sub)))
            for sub in ("done", "error")
        }
        self.assertEqual(
            listing,
            {
                "done": ["a.csv", "a.csv.report.txt", "c.csv", "c.csv.report.txt"],
                "error": ["b.csv", "b.csv.report.txt", "d.csv", "d.csv.report.txt"],
            },
        )
        with open(os.path.join(self.folder, "error", "b.csv.report.txt")) as handle:
            self.assertEqual(
                handle.read(),
                "b.csv: FAILED, nothing imported: unexpected error (RuntimeError), "
                "see the server log\n",
            )
        with open(os.path.join(self.folder, "error", "d.csv.report.txt")) as handle:
            self.assertIn("is empty", handle.read())

    @mute_logger(BATCH_LOG)
    def test_file_moved_only_after_its_commit(self):
        """A commit that fails leaves the file out of done/: it goes to error/."""
        self.profile.drop_folder = "gtc"
        self._write("a.csv", HEADER + "M-0001;01/01/2024 00:00;100\n")
        calls = []

        def failing_commit(cursor):
            calls.append(os.listdir(self.folder))
            raise RuntimeError("could not serialize access")

        with patch.object(TestCursor, "commit", failing_commit):
            self.assertFalse(self._run_cron())
        self.assertIn("a.csv", calls[0], "still in the drop folder at commit time")
        self.assertEqual(
            sorted(os.listdir(os.path.join(self.folder, "error"))),
            ["a.csv", "a.csv.report.txt"],
        )
        self.assertFalse(os.path.exists(os.path.join(self.folder, "done")))
        self.assertFalse(self._readings())


def _xlsx(rows, dimension=None, far_cell=False):
    """An XLSX workbook of ``rows``; its sheet declares ``dimension`` (and holds a
    cell at XFD1048576 with ``far_cell``)."""
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    stream = io.BytesIO()
    book.save(stream)
    if not dimension and not far_cell:
        return stream.getvalue()
    source, target = zipfile.ZipFile(stream), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                if dimension:
                    text = re.sub(
                        r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', text
                    )
                if far_cell:
                    text = text.replace(
                        "</sheetData>",
                        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                        "</sheetData>",
                    )
                content = text.encode()
            out.writestr(item, content)
    return target.getvalue()


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15 12:00:00")
class TestXlsxBounded(ImportCase):
    def test_declared_dimension_does_not_cost_time_nor_memory(self):
        """A sheet declaring A1:XFD1048576 padded each row to 16,384 cells and read
        a million rows: 72 s and 2 GB for a 1.2 MB file."""
        rows = [["compteur", "date", "index"]] + [
            ["M-0001", datetime(2024, 1, 1, hour), 100 + hour] for hour in range(24)
        ]
        data = _xlsx(rows, dimension="A1:XFD1048576", far_cell=True)
        self.assertIn(
            b"XFD1048576",
            zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml"),
        )
        self.profile.file_type = "xlsx"
        tracemalloc.start()
        try:
            batch = self._import(data, name="releves.xlsx")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.assertEqual((batch.lines_imported, batch.lines_read), (24, 24))
        self.assertLess(peak, 20 * 1024 * 1024, f"peak {peak:,} bytes")
        _logger.info("XLSX declaring A1:XFD1048576: peak %s bytes", f"{peak:,}")

    def test_rows_after_a_long_empty_run_are_reported(self):
        rows = [["compteur", "date", "index"], ["M-0001", datetime(2024, 1, 2), 5]]
        rows += [[None, None, None]] * 1200
        rows += [["M-0001", datetime(2024, 1, 3), 6]]
        self.profile.file_type = "xlsx"
        with patch.object(engine, "XLSX_EMPTY_ROWS", 100):
            batch = self._import(_xlsx(rows), name="releves.xlsx")
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 1))
        self.assertEqual(
            self._report(batch)[(1203, "rejected")],
            "row 1203 and the rows after it are not read: they come after 100 empty "
            "rows",
        )

    def test_only_the_profiles_columns_are_read(self):
        rows = [["compteur", "date", "index", "note"]] + [
            ["M-0001", datetime(2024, 1, 2), 5.5, 'x;y"z'],
            [None, None, None, None],
            ["M-0001", datetime(2024, 1, 3), "12.5", None],
        ]
        self.profile.file_type = "xlsx"
        batch = self._import(_xlsx(rows), name="releves.xlsx")
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 1))
        self.assertIn("the decimal separator", self._report(batch)[(4, "rejected")])

    # the file is kept to run the batch again; Odoo's type guessing warns about a
    # broken zip
    @mute_logger("odoo.tools.mimetypes", "py.warnings")
    def test_not_a_workbook_fails_the_batch(self):
        self.profile.file_type = "xlsx"
        batch = self._import(b"PK\x03\x04 not a zip", name="releves.xlsx")
        self.assertEqual(batch.state, "failed")
        self.assertIn("is not an XLSX workbook", batch.error)


# The corpus of bad files: each bad line, and the reason that names it.
BAD_LINES = [
    ("M-0001;01/01/0001 00:00;5", 'date "01/01/0001 00:00" is before 1970'),
    ("M-0001;{d};" + "1" * 30, "is out of range"),
    ("M-0001;{d};" + "9" * 24, "is out of range"),
    ("M-\x0001;{d};5", "contains a NUL character"),
    ("M-0001;{d};\x00", 'energy "\\x00" is not a number'),
    ("\x00\x00\x00", "1 column(s) instead of at least 3"),
    ("M-0001;{d};12.5", 'energy "12.5": the decimal separator of the profile is ","'),
    ("M-0001;{d};13.75", 'energy "13.75": the decimal separator'),
    ("M-0001;{d};1 5", 'energy "1 5": digits grouped wrongly'),
    ("M-0001;{d};1,2,3", 'energy "1,2,3": digits grouped wrongly'),
    ("M-0001;{d};1.234.5", 'energy "1.234.5": digits grouped wrongly'),
    ("M-0001;30/03/2025 02:30;5", "the clocks go forward at this hour"),
    ("M-0001;31/02/2024 00:00;5", 'date "31/02/2024 00:00" does not exist'),
    ("M-0001;01/01/2024 25:00;5", 'date "01/01/2024 25:00" does not exist'),
    ("M-0001;00/00/0000 00:00;5", 'date "00/00/0000 00:00" does not exist'),
    ("M-0001;99/99/2024 00:00;5", 'date "99/99/2024 00:00" does not exist'),
    ("M-0001;31/12/9999 23:59;5", "is in the future"),
    ("M-0001;01/01/2099 00:00;5", "is in the future"),
    ("M-0001;2024-01-01;5", "does not match the format %d/%m/%Y %H:%M"),
    ("M-0001;{d};abc", 'energy "abc" is not a number'),
    ("M-0001;{d};", 'energy "" is not a number'),
    ("M-0001;{d}; ", 'energy "" is not a number'),
    ("M-0001;{d};NaN", 'energy "NaN" is not a number'),
    ("M-0001;{d};inf", 'energy "inf" is not a number'),
    ("M-0001;{d};1e5", 'energy "1e5" is not a number'),
    ("M-0001;{d};0x1F", 'energy "0x1F" is not a number'),
    ("M-0001;{d};\u0661\u0662", "is not a number"),
    ("M-0001;{d};-5", "negative energy index"),
    ("M-0001", "1 column(s) instead of at least 3"),
    (";{d};5", "no meter on the line"),
    ("NOPE;{d};5", 'unknown meter "NOPE"'),
    ("X" * 5000 + ";{d};5", 'unknown meter "' + "X" * 60 + "\u2026"),
    ("M-0001;01/01/2019 00:00;5", "is not installed on 01/01/2019 00:00"),
]
BROKEN_FILES = [
    (b"", "is empty"),
    (b"\n\n  \n", "is empty"),
    (b"compteur;date;index\n", "has no data line"),
    (b"compteur date index\nM-0001 01/01/2024 00:00 5\n", "no column separator"),
    (b"compteur;date;index\nM-0001;\x81\x8d\x8f;5\n", "neither UTF-8 nor Windows-1252"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x8f\x81", "neither UTF-8 nor Windows-1252"),
]


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15 12:00:00")
class TestBadFilesCorpus(ImportCase):
    def _corpus(self):
        """``(name, data, bad lines {line: reason}, good lines)``: each bad line in
        a file of its own between two good lines (UTF-8, ';'), then the bad lines
        two by two in files separated by tabs, with a byte order mark, or in
        Windows-1252 separated by ',' (';' when a line holds a comma)."""
        files, hour = [], 0

        def good():
            nonlocal hour
            hour += 1
            stamp = datetime(2024, 1, 1) + timedelta(hours=hour)
            return f"M-0001;{stamp:%d/%m/%Y %H:%M};{1000 + hour}", stamp

        for number, (line, reason) in enumerate(BAD_LINES):
            first, stamp = good()
            bad = line.format(d=f"{stamp:%d/%m/%Y %H}:30")
            last, _stamp = good()
            text = "\n".join(["compteur;date;index", first, bad, last]) + "\n"
            files.append((f"bad-{number:02d}.csv", text.encode(), {3: reason}, 2))
        for number in range(0, len(BAD_LINES) - 1, 2):
            pairs = BAD_LINES[number : number + 2]
            first, stamp = good()
            lines = ["Relevé;Compteur;Énergie", first]
            lines += [line.format(d=f"{stamp:%d/%m/%Y %H}:30") for line, _r in pairs]
            if number % 4:
                text = "\r\n".join(lines).replace(";", "\t") + "\r\n"
                data = b"\xef\xbb\xbf" + text.encode()
            else:
                text = "\n".join(lines) + "\n"
                if "," not in text:
                    text = text.replace(";", ",")
                data = text.encode("cp1252", "replace")
            reasons = {3: pairs[0][1], 4: pairs[1][1]}
            files.append((f"pair-{number:02d}.csv", data, reasons, 1))
        return files

    def test_corpus_of_bad_files(self):
        corpus = self._corpus()
        self.assertGreaterEqual(len(corpus) + len(BROKEN_FILES), 50)
        for name, data, reasons, good in corpus:
            with self.subTest(file=name):
                batch = self._import(data, name=name)
                self.assertEqual(batch.state, "done", batch.error)
                report = {
                    line.line: line.message
                    for line in batch.line_ids
                    if line.level == "rejected"
                }
                self.assertEqual(set(report), set(reasons), report)
                for line, reason in reasons.items():
                    self.assertIn(reason, report[line])
                self.assertEqual(
                    (batch.lines_imported, batch.lines_rejected),
                    (good, len(reasons)),
                )
                self.assertEqual(len(batch.reading_ids), good, "nothing half-written")
                again = self._import(data, name=name)
                self.assertEqual(
                    (again.lines_imported, again.lines_duplicate), (0, good)
                )
        self.assertEqual(
            self.Reading.search_count([("meter_id", "=", self.meter.id)]),
            sum(good for _n, _d, _r, good in corpus),
        )

    def test_broken_files_fail_with_their_reason(self):
        for data, reason in BROKEN_FILES:
            with self.subTest(data=data[:20]):
                batch = self._import(data)
                self.assertEqual(batch.state, "failed")
                self.assertIn(reason, batch.error)
                self.assertFalse(batch.reading_ids)


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15 12:00:00")
class TestRejectedLinesAndRetry(ImportCase):
    def test_rejected_lines_in_the_files_own_format(self):
        data = (
            "Relevé,Compteur,Énergie\r\n"
            "M-0001,01/01/2024 00:00,100\r\n"
            "NOPE,01/01/2024 00:00,5\r\n"
            "M-0001,02/01/2024 00:00,12.5\r\n"
        ).encode("cp1252")
        batch = self._import(data, name="relevés.csv")
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 2))
        self.assertEqual(batch.rejected_file_name, "relevés-rejected.csv")
        self.assertEqual(
            base64.b64decode(batch.rejected_file),
            (
                "Relevé,Compteur,Énergie\r\n"
                "NOPE,01/01/2024 00:00,5\r\n"
                "M-0001,02/01/2024 00:00,12.5\r\n"
            ).encode("cp1252"),
        )
        # corrected, the file imports its lines
        corrected = base64.b64decode(batch.rejected_file).replace(b"NOPE", b"M-0002")
        again = self._import(corrected.replace(b"12.5", b"112,5"))
        self.assertEqual((again.lines_imported, again.lines_rejected), (2, 0))
        self.assertFalse(again.rejected_file)

    def test_rejected_rows_of_a_workbook_in_a_workbook(self):
        import openpyxl

        rows = [["compteur", "date", "index"]] + [
            ["M-0001", datetime(2024, 1, 2), 5.5],
            ["NOPE", datetime(2024, 1, 3), 6],
            ["=HYPERLINK(1)", "02/01/2024 00:00", "12.5"],
        ]
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.active["A4"].data_type = "s"  # a text that looks like a formula
        stream = io.BytesIO()
        book.save(stream)
        self.profile.file_type = "xlsx"
        batch = self._import(stream.getvalue(), name="releves.xlsx")
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 2))
        self.assertEqual(batch.rejected_file_name, "releves-rejected.xlsx")
        sheet = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(batch.rejected_file))
        ).active
        self.assertEqual(
            [list(row) for row in sheet.iter_rows(values_only=True)],
            [
                ["compteur", "date", "index"],
                ["NOPE", "03/01/2024 00:00", "6"],
                ["=HYPERLINK(1)", "02/01/2024 00:00", "12.5"],
            ],
        )
        self.assertEqual(sheet["A3"].data_type, "s", "text, not a formula")

    def test_utf8_with_bom_keeps_its_bom(self):
        batch = self._import(
            b"\xef\xbb\xbfcompteur\tdate\tindex\nNOPE\t01/01/2024 00:00\t1\n"
        )
        self.assertEqual(
            base64.b64decode(batch.rejected_file),
            b"\xef\xbb\xbfcompteur\tdate\tindex\nNOPE\t01/01/2024 00:00\t1\n",
        )

    def test_a_failed_batch_runs_again(self):
        user = self._user("retry_user", "heat_metering.heat_metering_group_user")
        self.profile.on_error = "abort"
        batch = self._import(
            HEADER + "M-0001;01/01/2024 00:00;100\nNOPE;01/01/2024 00:00;1\n",
            env=self.env(user=user),
        )
        self.assertEqual(batch.state, "failed")
        self.assertEqual(batch.file_encoding, "utf-8", "kept on failure")
        self.assertEqual(
            base64.b64decode(batch.rejected_file),
            (HEADER + "NOPE;01/01/2024 00:00;1\n").encode(),
        )
        self.assertTrue(batch.file_data)
        self.assertFalse(self._readings())
        self.profile.on_error = "skip"
        batch.action_retry()
        self.assertEqual(batch.state, "done", batch.error)
        self.assertEqual(
            (batch.lines_read, batch.lines_imported, batch.lines_rejected), (2, 1, 1)
        )
        self.assertEqual(batch.line_ids.mapped("line"), [3])
        self.assertEqual(self._readings().batch_id, batch)
        self.assertFalse(batch.file_data)
        with self.assertRaises(UserError):
            batch.action_retry()
