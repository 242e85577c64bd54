# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import HeatMeteringCommon


@tagged("post_install", "-at_install")
class TestHeatMeterReading(HeatMeteringCommon):
    def test_substation_from_installation_and_network(self):
        reading = self._read(self.meter, date(2024, 1, 1), 1000)
        self.assertEqual(reading.substation_id, self.substation)
        self.assertEqual(reading.network_id, self.network)
        plant = self._read(self.wood_meter, date(2024, 1, 1), 5)
        self.assertFalse(plant.substation_id)
        self.assertEqual(plant.network_id, self.network)

    def test_energy_has_three_decimals(self):
        reading = self._read(self.meter, date(2024, 1, 1), 1234.5678)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT energy_kwh::text FROM heat_meter_reading WHERE id = %s",
            [reading.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], "1234.568")

    def test_unique_meter_timestamp_in_database(self):
        self._read(self.meter, date(2024, 1, 1), 1000)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._read(self.meter, date(2024, 1, 1), 1001)
                self.env.flush_all()

    @freeze_time("2024-06-01 12:00:00")
    def test_future_and_not_installed_refused(self):
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self._read(self.meter, datetime(2024, 6, 2), 1000)
        with self.assertRaisesRegex(ValidationError, "before its installation"):
            self._read(self.meter, date(2019, 6, 1), 1000)

    def test_installation_day_is_a_local_day(self):
        """Midnight in Paris on the installation day is still the installation day,
        although it is the day before in UTC."""
        start = self.meter.installation_ids[:1].date_start
        reading = self._read(
            self.meter,
            datetime(start.year, start.month, start.day) - timedelta(hours=1),
            0,
        )
        self.assertEqual(
            reading.substation_id, self.meter.installation_ids.substation_id
        )

    def test_lock(self):
        reading = self._read(self.meter, date(2024, 1, 1), 1000)
        reading._heat_lock()
        self.assertTrue(reading.is_locked)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            reading.energy_kwh = 1001
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            reading.unlink()
        with self.assertRaisesRegex(UserError, "not by hand"):
            reading.is_locked = False
        reading._heat_unlock()
        reading.energy_kwh = 1001
        self.assertEqual(reading.energy_kwh, 1001)

    def test_review_accept_reject_in_chatter(self):
        readings = self._read(self.meter, date(2024, 1, 1), 1000) | self._read(
            self.meter, date(2024, 2, 1), 900
        )
        readings._heat_check()
        suspect = readings[1]
        self.assertEqual(suspect.state, "suspect")
        action = suspect.action_review()
        wizard_form = Form(
            self.env["heat.meter.reading.review"].with_context(**action["context"])
        )
        wizard_form.decision = "rejected"
        wizard_form.reason = "Typing error in the round"
        wizard_form.save().action_apply()
        self.assertEqual(suspect.state, "rejected")
        self.assertEqual(suspect.state_reason, "Typing error in the round")
        self.assertIn("Typing error in the round", suspect.message_ids[0].body)
        self.env["heat.meter.reading.review"].create(
            {"reading_ids": [(6, 0, suspect.ids)], "decision": "valid", "reason": "OK"}
        ).action_apply()
        self.assertEqual(suspect.state, "valid")

    def test_check_flags(self):
        self.network.heat_max_gap_days = 40
        self._weather(date(2024, 1, 1), date(2024, 4, 30))  # 13 DJU a day
        first = self._read(self.meter, date(2024, 1, 1), 10_000)
        # normal: 60 MWh/yr over a normal year of 2,400 DJU = 25 kWh/DJU, 31 days
        # x 13 DJU x 25 = 10 MWh expected
        self.env["heat.weather.normal"].create(
            [
                {"station_id": self.station.id, "month": str(m), "dju": 200}
                for m in range(1, 13)
            ]
        )
        normal = self._read(self.meter, date(2024, 2, 1), 20_000)
        spike = self._read(self.meter, date(2024, 3, 1), 60_000)
        frozen = self._read(self.meter, date(2024, 3, 31), 60_000)
        gap = self._read(self.meter, date(2024, 5, 31), 70_000)
        (first | normal | spike | frozen | gap)._heat_check()
        self.assertEqual(first.state, "valid")
        self.assertEqual(normal.state, "valid")
        self.assertEqual(spike.state, "suspect")
        self.assertIn("degree-days allow", spike.state_reason)
        self.assertEqual(frozen.state, "suspect")
        self.assertIn("unchanged", frozen.state_reason)
        self.assertIn("no reading for 61 days", gap.state_reason)

    def test_swap_is_not_a_decrease_but_rollover_must_be_near_maximum(self):
        self.meter2.installation_ids.date_start = date(2024, 2, 1)
        old = self._meter("OLD", self.substation2, date(2020, 1, 1), date(2024, 1, 31))
        readings = self._read(old, date(2024, 1, 31), 50_000) | self._read(
            self.meter2, date(2024, 2, 1), 10
        )
        readings._heat_check()
        self.assertEqual(set(readings.mapped("state")), {"valid"})
        self.meter.heat_rollover_kwh = 100_000
        roll = self._read(self.meter, date(2024, 1, 1), 99_500) | self._read(
            self.meter, date(2024, 1, 2), 20
        )
        roll._heat_check()
        self.assertEqual(roll[1].state, "valid")
        down = self._read(self.meter, date(2024, 1, 3), 10)
        down._heat_check()
        self.assertEqual(down.state, "suspect")
        self.assertIn("decreases", down.state_reason)
