# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HeatNetworkCommon


@tagged("post_install", "-at_install")
class TestHeatMeter(HeatNetworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_substation = cls.env["heat.substation"].create(
            {"code": "SST-601", "building_id": cls.house.id, "exchanger_power_kw": 25}
        )
        cls.new_meter = cls.env["heat.meter"].create(
            {"serial_number": "M-0002", "manufacturer": "Kamstrup", "unit": "mwh"}
        )

    def _install(self, meter, substation, start, end=False):
        return self.env["heat.meter.installation"].create(
            {
                "meter_id": meter.id,
                "substation_id": substation.id,
                "date_start": start,
                "date_end": end,
            }
        )

    @freeze_time("2025-06-01")
    def test_meter_swap_keeps_history(self):
        self._install(self.meter, self.substation, "2024-01-01", "2025-03-01")
        self._install(self.new_meter, self.substation, "2025-03-01")
        self.assertEqual(self.substation.meter_id, self.new_meter)
        self.assertEqual(self.new_meter.substation_id, self.substation)
        self.assertFalse(self.meter.substation_id)
        self.assertEqual(len(self.substation.installation_ids), 2)
        self.assertEqual(
            self.env["heat.substation"].search([("meter_id", "=", self.new_meter.id)]),
            self.substation,
        )
        self.assertEqual(
            self.env["heat.meter"].search([("substation_id", "=", self.substation.id)]),
            self.new_meter,
        )

    def test_meter_in_two_substations_at_once(self):
        self._install(self.meter, self.substation, "2024-01-01")
        with self.assertRefused("M-0002|M-0001.*two places"):
            self._install(self.meter, self.other_substation, "2025-01-01")

    def test_meter_overlapping_periods(self):
        self._install(self.meter, self.substation, "2024-01-01", "2024-06-01")
        with self.assertRefused("M-0001.*two places"):
            self._install(self.meter, self.other_substation, "2024-05-01", "2024-12-01")
        # Installed elsewhere the day it is removed: refused, its readings of that
        # day would belong to two sub-stations.
        with self.assertRefused("M-0001.*two places"):
            self._install(self.meter, self.other_substation, "2024-06-01")
        moved = self._install(self.meter, self.other_substation, "2024-06-02")
        self.assertEqual(moved.meter_id, self.meter)

    def test_swap_within_a_day(self):
        """The successor is installed the day the old meter is removed."""
        old = self._install(self.meter, self.substation, "2024-01-01", "2025-03-01")
        new = self._install(self.new_meter, self.substation, "2025-03-01")
        self.assertEqual(self.substation.installation_ids, old | new)

    def test_substation_holds_one_meter_at_a_time(self):
        self._install(self.meter, self.substation, "2024-01-01")
        with self.assertRefused("SST-101.*two meters"):
            self._install(self.new_meter, self.substation, "2024-02-01")

    def test_overlap_on_write(self):
        first = self._install(self.meter, self.substation, "2024-01-01", "2024-06-01")
        self._install(self.new_meter, self.substation, "2024-06-01")
        with self.assertRefused("SST-101.*two meters"):
            first.date_end = "2024-07-01"

    def test_removal_before_installation(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self._install(self.meter, self.substation, "2024-06-01", "2024-01-01")

    def test_secondary_address_format(self):
        self.meter.mbus_secondary_address = "12345678"
        with self.assertRefused("M-0001"):
            self.meter.mbus_secondary_address = "12G45678"
