# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import tagged

from .common import HeatMeteringCommon


@tagged("post_install", "-at_install")
class TestHeatConsumption(HeatMeteringCommon):
    def test_contract_shape_and_linear_proration(self):
        self._read(self.meter, date(2024, 1, 1), 1000)
        self._read(self.meter, date(2024, 1, 11), 2000)
        self._read(self.meter, date(2024, 1, 21), 2500)
        result = self.substation._heat_consumption(date(2024, 1, 6), date(2024, 1, 15))
        value = result[self.substation.id]
        self.assertEqual(
            set(value),
            {
                "kwh",
                "estimated",
                "index_start",
                "date_start",
                "index_end",
                "date_end",
                "meters",
                "warnings",
            },
        )
        # Jan 6 00:00 to Jan 16 00:00: half of 1,000 + half of 500
        self.assertAlmostEqual(value["kwh"], 750.0, places=3)
        self.assertFalse(value["estimated"])
        self.assertEqual(value["meters"], ["M-0001"])
        self.assertEqual(value["date_start"], datetime(2024, 1, 1))
        self.assertEqual(value["index_end"], 2500.0)

    def test_degree_day_proration_is_a_network_setting(self):
        # 13 DJU a day from Jan 1 to 5, 0 afterwards (tn=tx=18)
        self._weather(date(2024, 1, 1), date(2024, 1, 5))
        self._weather(date(2024, 1, 6), date(2024, 1, 11), tn=18.0, tx=18.0)
        self._read(self.meter, date(2024, 1, 1), 0)
        self._read(self.meter, date(2024, 1, 11), 1000)
        linear = self.substation._heat_consumption(date(2024, 1, 1), date(2024, 1, 5))
        self.assertAlmostEqual(linear[self.substation.id]["kwh"], 500.0, places=3)
        self.network.heat_proration = "degree_days"
        by_dju = self.substation._heat_consumption(date(2024, 1, 1), date(2024, 1, 5))
        self.assertAlmostEqual(by_dju[self.substation.id]["kwh"], 1000.0, places=3)

    def test_meter_swap(self):
        self.meter2.installation_ids.date_start = date(2024, 2, 1)
        old = self._meter(
            "OLD-2", self.substation2, date(2020, 1, 1), date(2024, 1, 31)
        )
        self._read(old, date(2024, 1, 1), 5000)
        self._read(old, datetime(2024, 1, 31, 22, 0), 5600)  # 23:00 in Paris
        self._read(self.meter2, datetime(2024, 2, 1, 8, 0), 12)
        self._read(self.meter2, date(2024, 3, 1), 412)
        value = self.substation2._heat_consumption(
            datetime(2024, 1, 1), datetime(2024, 3, 1)
        )[self.substation2.id]
        self.assertAlmostEqual(value["kwh"], 1000.0, places=3)
        self.assertEqual(value["meters"], ["OLD-2", "M-0002"])
        self.assertEqual(value["index_start"], 5000.0)
        self.assertEqual(value["index_end"], 412.0)

    def test_rollover(self):
        self.meter.heat_rollover_kwh = 100_000_000
        self._read(self.meter, date(2024, 1, 1), 99_999_900)
        self._read(self.meter, date(2024, 1, 2), 150)
        value = self.substation._heat_consumption(
            datetime(2024, 1, 1), datetime(2024, 1, 2)
        )[self.substation.id]
        self.assertAlmostEqual(value["kwh"], 250.0, places=3)

    def test_estimate_from_last_year_then_replaced_by_real_reading(self):
        self._weather(date(2023, 1, 1), date(2024, 2, 29))
        # last year: 3,100 kWh in January
        self._read(self.meter, date(2023, 1, 1), 10_000)
        self._read(self.meter, date(2023, 2, 1), 13_100)
        self._read(self.meter, date(2024, 1, 1), 20_000)
        self._read(self.meter, date(2024, 1, 16), 21_500)
        value = self.substation._heat_consumption(
            datetime(2024, 1, 1), datetime(2024, 2, 1)
        )[self.substation.id]
        self.assertTrue(value["estimated"])
        # 1,500 measured + 16 days of 100 kWh (same DJU per day as last year)
        self.assertAlmostEqual(value["kwh"], 3100.0, places=3)
        self._read(self.meter, date(2024, 2, 1), 23_000)
        value = self.substation._heat_consumption(
            datetime(2024, 1, 1), datetime(2024, 2, 1)
        )[self.substation.id]
        self.assertFalse(value["estimated"])
        self.assertAlmostEqual(value["kwh"], 3000.0, places=3)

    def test_estimate_from_building_need(self):
        self._weather(date(2024, 1, 1), date(2024, 1, 31))
        self.env["heat.weather.normal"].create(
            [
                {"station_id": self.station.id, "month": str(m), "dju": 200}
                for m in range(1, 13)
            ]
        )
        value = self.substation._heat_consumption(date(2024, 1, 1), date(2024, 1, 31))[
            self.substation.id
        ]
        # 60 MWh over 2,400 normal DJU: 25 kWh/DJU x 31 days x 13 DJU
        self.assertTrue(value["estimated"])
        self.assertAlmostEqual(value["kwh"], 25 * 31 * 13, places=3)

    def test_rejected_readings_are_ignored(self):
        self._read(self.meter, date(2024, 1, 1), 0)
        self._read(self.meter, date(2024, 1, 15), 99_999, state="rejected")
        self._read(self.meter, date(2024, 2, 1), 1000)
        value = self.substation._heat_consumption(
            datetime(2024, 1, 1), datetime(2024, 2, 1)
        )[self.substation.id]
        self.assertAlmostEqual(value["kwh"], 1000.0, places=3)

    def test_constant_queries_whatever_the_number_of_substations(self):
        substations = self.substation | self.substation2
        for meter in (self.meter, self.meter2):
            for month in range(1, 5):
                self._read(meter, date(2024, month, 1), month * 100)
        more = substations
        for number in range(3, 9):
            building = self.building.copy(
                {"reference": f"9.{number}", "name": f"B{number}"}
            )
            sub = self.env["heat.substation"].create(
                {
                    "code": f"SST-{number}",
                    "building_id": building.id,
                    "exchanger_power_kw": 10,
                }
            )
            meter = self._meter(f"M-{number}", sub, date(2020, 1, 1))
            for month in range(1, 5):
                self._read(meter, date(2024, month, 1), month * 100)
            more |= sub
        self.env.invalidate_all()
        substations._heat_consumption(date(2024, 1, 15), date(2024, 3, 15))
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        small = substations._heat_consumption(date(2024, 1, 15), date(2024, 3, 15))
        small_count = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        big = more._heat_consumption(date(2024, 1, 15), date(2024, 3, 15))
        big_count = self.env.cr.sql_log_count - before
        self.assertEqual(len(big), 8)
        self.assertEqual(small_count, big_count)
        self.assertAlmostEqual(
            small[self.substation.id]["kwh"], big[self.substation.id]["kwh"]
        )
