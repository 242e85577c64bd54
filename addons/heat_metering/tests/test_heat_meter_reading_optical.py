# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Optical readouts (IEC 62056-21) and M-Bus frames through the import batch: every
bad readout or frame is a line of the report with its reason, the good ones are
imported."""

import struct
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from ..domain import iec62056
from ..models import heat_meter_reading_batch as engine
from .common import DATA, HeatMeteringCommon


def readout(lines, ident="/LUGCUH50", check=None):
    """A readout as an optical head saves it: identification, STX, data block, "!",
    ETX and the block check (computed unless ``check`` is given)."""
    block = (lines + "!\r\n").encode() + bytes([iec62056.ETX])
    bcc = iec62056.bcc(block) if check is None else check
    return (ident + "\r\n").encode() + bytes([iec62056.STX]) + block + bytes([bcc])


def wired(records):
    """A wired M-Bus long frame of meter 96000001 around ``records`` (hex)."""
    body = bytes.fromhex("08 01 72 01000096 2423 01 04 2A 00 0000" + records)
    frame = bytes([0x68, len(body), len(body), 0x68]) + body
    return (frame + bytes([sum(body) & 0xFF, 0x16])).hex(" ").upper()


class HeatReadingSourceCommon(HeatMeteringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meter.mbus_secondary_address = "66123456"
        cls.meter2.mbus_secondary_address = "12345678"
        # meters of the 1990s and 2010s, before M-0001 and M-0002 on their sub-stations
        cls.meter_1996 = cls._meter(
            "M-1996",
            cls.substation2,
            date(1990, 1, 1),
            date(2000, 1, 1),
            mbus_secondary_address="96000001",
        )
        cls.meter_edc = cls._meter(
            "M-EDC",
            cls.substation,
            date(2010, 1, 1),
            date(2015, 1, 1),
            mbus_secondary_address="11120895",
        )

    def _import(self, data, file_type, name):
        profile = self.env["heat.meter.reading.import.profile"].create(
            {"name": name, "file_type": file_type, "meter_match": "mbus"}
        )
        return self.env["heat.meter.reading.batch"]._heat_import_file(
            data, profile, file_name=name
        )

    def _report(self, batch):
        return {line.line: line.message for line in batch.line_ids}


@tagged("post_install", "-at_install")
@freeze_time("2024-06-01 12:00:00")
class TestHeatMeterReadingOptical(HeatReadingSourceCommon):
    def test_two_meter_readout_file(self):
        data = (
            readout(
                "6.8(0012.345*MWh)6.26(00123.45*m3)9.21(66123456)\r\n"
                "6.26*01(00100.00*m3)6.8*01(0010.000*MWh)\r\n"
                "6.6(0017.6*kW)6.33(001.780*m3ph)9.4(098.6*C&096.4*C)\r\n"
                "0.9.2(24-01-31)0.9.1(08:15:00)\r\n"
            )
            + b"\r\n"
            + readout("6.8(0044.444*GJ)6.26(00010.00*m3)9.21(12345678)\r\n")
        )
        batch = self._import(data, "iec62056", "ultraheat.txt")
        self.assertEqual(batch.state, "done", batch.error)
        self.assertEqual((batch.lines_read, batch.lines_imported), (2, 2))
        first = batch.reading_ids.filtered(lambda r: r.meter_id == self.meter)
        self.assertEqual(first.energy_kwh, 12345.0)  # 12.345 MWh, not the *01 value
        self.assertEqual(first.volume_m3, 123.45)
        self.assertEqual(first.timestamp, datetime(2024, 1, 31, 8, 15))
        self.assertEqual(first.import_line, 1)
        second = batch.reading_ids.filtered(lambda r: r.meter_id == self.meter2)
        self.assertEqual(second.energy_kwh, 12345.556)  # 44.444 GJ
        # no clock in the readout: the import time
        self.assertEqual(second.timestamp, datetime(2024, 6, 1, 12, 0))
        self.assertEqual(second.import_line, 8)
        again = self._import(data, "iec62056", "ultraheat.txt")
        self.assertEqual((again.lines_imported, again.lines_duplicate), (0, 2))

    def test_bad_readouts_reported(self):
        good = "6.8(0001.000*MWh)9.21(12345678)0.9.2(24-02-01)\r\n"
        data = b"\r\n".join(
            [
                readout("6.8(0012.345*MWh)9.21(66123456)\r\n", check=0x00),
                readout("6.26(00123.45*m3)9.21(66123456)\r\n"),
                readout("6.8(0012.345*Wh)9.21(66123456)\r\n"),
                readout(good),
                readout("6.8(0012.345*MWh)9.21(99999999)\r\n"),
            ]
        )
        batch = self._import(data, "iec62056", "bad.txt")
        self.assertEqual(batch.state, "done", batch.error)
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 4))
        self.assertEqual(batch.reading_ids.meter_id, self.meter2)
        self.assertEqual(batch.reading_ids.energy_kwh, 1000.0)
        report = self._report(batch)
        self.assertIn("wrong BCC: the readout says 00", report[1])
        self.assertIn("no heat energy register (6.8)", report[5])
        self.assertIn('unknown energy unit "Wh"', report[9])
        self.assertIn('unknown meter "99999999"', report[17])
        self.assertIn("rejected", batch._report_text())

    def test_not_a_readout(self):
        batch = self._import(b"compteur;date;index\n1;2;3\n", "iec62056", "x.csv")
        self.assertEqual(batch.lines_rejected, 1)
        self.assertIn("not an optical readout", self._report(batch)[1])


@tagged("post_install", "-at_install")
@freeze_time("2024-06-01 12:00:00")
class TestHeatMeterReadingMbusReasons(HeatReadingSourceCommon):
    def test_every_frame_imported_or_rejected_with_its_reason(self):
        nan = struct.pack("<f", float("nan")).hex()
        lines = [
            # 2,070.5 kWh as a 32-bit real with VIF 06 (kWh): not 2.071 kWh
            wired("05 06" + struct.pack("<f", 2070.5).hex() + " 04 6D 1E 0A 0F C1"),
            wired("05 06" + nan),
            wired("04 06 10000000 02 6C 5F 22"),  # 31/02/2018
            wired("04 06 10000000 04 6D 1E 19 0F 21"),  # 25:30
            wired("04 06 10000000 0D 78"),
            # Techem compact telegram (CI A2)
            "1744685036494118 45 43 A2 069F255900B029310000000306",
            wired("04 86 3C D1 01 00 00"),  # backward accumulation only
        ]
        batch = self._import("\n".join(lines).encode(), "mbus", "bus.txt")
        self.assertEqual(batch.state, "done", batch.error)
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 6))
        reading = batch.reading_ids
        self.assertEqual(reading.meter_id, self.meter_1996)
        self.assertEqual(reading.energy_kwh, 2070.5)
        # type F 15/01/96: 1996, not 2096
        self.assertEqual(reading.timestamp, datetime(1996, 1, 15, 10, 30))
        report = self._report(batch)
        self.assertIn("32-bit real value is nan, not a number", report[2])
        self.assertIn("invalid date 31/02/2018", report[3])
        self.assertIn("invalid date 15/01/2016 25:30", report[4])
        self.assertIn("variable-length value without its length byte", report[5])
        self.assertIn("manufacturer-specific format (CI A2)", report[6])
        self.assertIn("no current energy index", report[7])

    def test_forward_accumulation_is_the_index(self):
        """EDC's heat meter sends its energy only as forward and backward
        accumulation registers: the forward one is the index."""
        frame = (DATA / "libmbus_more/EDC.hex").read_bytes()
        batch = self._import(frame, "mbus", "edc.txt")
        self.assertEqual(batch.lines_imported, 1, self._report(batch))
        self.assertEqual(batch.reading_ids.meter_id, self.meter_edc)
        self.assertEqual(batch.reading_ids.energy_kwh, 35.0)
        self.assertEqual(batch.reading_ids.timestamp, datetime(2012, 7, 10, 15, 25))

    def test_decoder_failure_rejects_its_frame_only(self):
        good = wired("04 06 10000000 04 6D 1E 0A 0F C1")
        real_decode, calls = engine.mbus.decode, []

        def decode(line):
            calls.append(line)
            if len(calls) == 1:
                raise RuntimeError("boom")
            return real_decode(line)

        with (
            patch.object(engine.mbus, "decode", side_effect=decode),
            self.assertLogs(engine.__name__, level="WARNING"),
        ):
            batch = self._import(f"{good}\n{good}".encode(), "mbus", "bus.txt")
        self.assertEqual((batch.lines_imported, batch.lines_rejected), (1, 1))
        self.assertIn(
            "internal error of the M-Bus decoder: RuntimeError: boom",
            self._report(batch)[1],
        )
