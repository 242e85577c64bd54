# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import formatLang

from odoo.addons.heat_metering.domain.consumption import (
    Point,
    consumption,
    local_midnight,
)

from .common import HeatMeteringCommon


def _paris(day, hours=0):
    """Naive UTC datetime of ``hours`` after local midnight of ``day`` in Paris."""
    return local_midnight(day, "Europe/Paris") + timedelta(hours=hours)


@tagged("post_install", "-at_install")
class TestHeatConsumption(HeatMeteringCommon):
    def _metered_substation(self, number):
        """Sub-station ``SST-<number>`` in a building of its own, and its meter."""
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
        return sub, self._meter(f"M-{number}", sub, date(2020, 1, 1))

    def test_contract_shape_and_linear_proration(self):
        # readings at local midnight, as French reading systems write them
        self._read(self.meter, _paris(date(2024, 1, 1)), 1000)
        self._read(self.meter, _paris(date(2024, 1, 11)), 2000)
        self._read(self.meter, _paris(date(2024, 1, 21)), 2500)
        result = self.substation._heat_consumption(date(2024, 1, 6), date(2024, 1, 15))
        value = result[self.substation.id]
        self.assertEqual(
            set(value),
            {
                "kwh",
                "estimated",
                "index_start",
                "date_start",
                "meter_start",
                "estimated_start",
                "reading_start",
                "index_end",
                "date_end",
                "meter_end",
                "estimated_end",
                "reading_end",
                "reading_ids",
                "meters",
                "warnings",
            },
        )
        # Jan 6 00:00 to Jan 16 00:00 (Paris): half of 1,000 + half of 500
        self.assertAlmostEqual(value["kwh"], 750.0, places=3)
        # no reading within 3 days of the bounds: both indexes are interpolated
        self.assertTrue(value["estimated"])
        self.assertEqual(value["meters"], ["M-0001"])
        self.assertEqual(value["date_start"], _paris(date(2024, 1, 6)))
        self.assertEqual(value["index_start"], 1500.0)
        self.assertEqual(value["index_end"], 2250.0)
        # the readings framing the period are the ones used
        self.assertEqual(
            self.Reading.browse(value["reading_ids"]).mapped("energy_kwh"),
            [1000.0, 2000.0, 2500.0],
        )

    def test_degree_day_proration_is_a_network_setting(self):
        # 13 DJU a day from Jan 1 to 5, 0 afterwards (tn=tx=18)
        self._weather(date(2024, 1, 1), date(2024, 1, 5))
        self._weather(date(2024, 1, 6), date(2024, 1, 11), tn=18.0, tx=18.0)
        self._read(self.meter, _paris(date(2024, 1, 1)), 0)
        self._read(self.meter, _paris(date(2024, 1, 11)), 1000)
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
            sub, meter = self._metered_substation(number)
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

    def test_only_the_readings_that_shape_the_curve_are_read_inside_a_period(self):
        # daily readings at local midnight, January 1 to February 10, 2024
        def daily(meter, first, last, index, step=100.0):
            readings = self.Reading
            day = first
            while day <= last:
                readings |= self._read(meter, _paris(day), index)
                index += step
                day += timedelta(days=1)
            return readings

        # one sub-station per case: a lower index, a meter swap, an estimate, and
        # readings that shape nothing inside the period (a rejected one among them)
        lower, swapped = self.substation, self.substation2
        (estimated, estimated_meter), (plain, plain_meter) = map(
            self._metered_substation, (3, 4)
        )
        for meter in (self.meter, estimated_meter, plain_meter):
            daily(meter, date(2024, 1, 1), date(2024, 2, 10), 1000.0)
        by_day = {
            (r.meter_id, r.timestamp): r
            for r in self.Reading.search([("substation_id", "!=", False)])
        }
        by_day[self.meter, _paris(date(2024, 1, 12))].energy_kwh = 500.0
        by_day[estimated_meter, _paris(date(2024, 1, 20))].is_estimate = True
        by_day[plain_meter, _paris(date(2024, 1, 25))].state = "rejected"
        self.meter2.installation_ids.date_start = date(2024, 1, 15)
        old = self._meter("OLD-2", swapped, date(2020, 1, 1), date(2024, 1, 14))
        daily(old, date(2024, 1, 1), date(2024, 1, 14), 7000.0)
        # the new meter starts above the old one: only the swap says it is not plain
        daily(self.meter2, date(2024, 1, 15), date(2024, 2, 10), 10000.0, 50.0)
        substations = lower | swapped | estimated | plain
        result = substations._heat_consumption(date(2024, 1, 5), date(2024, 1, 31))
        start, end = _paris(date(2024, 1, 5)), _paris(date(2024, 2, 1))
        tolerance = self.network._heat_tolerance()
        for substation in substations:
            readings = self.Reading.search(
                [("substation_id", "=", substation.id), ("state", "!=", "rejected")],
                order="timestamp, id",
            )
            every = [
                Point(
                    r.timestamp,
                    r.meter_id.id,
                    Decimal(str(r.energy_kwh)),
                    r.is_estimate,
                    r.id,
                )
                for r in readings
            ]
            # the same figures as from every reading of the sub-station
            expected = consumption(every, start, end, tolerance=tolerance)
            value = result[substation.id]
            self.assertEqual(value["kwh"], float(expected["kwh"]))
            for key in (
                "reading_ids",
                "reading_start",
                "reading_end",
                "index_start",
                "index_end",
                "date_start",
                "date_end",
                "estimated",
            ):
                self.assertEqual(value[key], expected[key], key)
            self.assertEqual(
                len(value["warnings"]), len(expected["warnings"]), substation.code
            )
            # read from every reading of the window, or from a few when nothing
            # between the readings near the bounds shapes the curve
            points, _rollovers = substation._heat_points(
                {substation.id: (start - tolerance, end + tolerance)},
                interiors={substation.id: (start + tolerance, end - tolerance)},
            )
            read = len(points[substation.id])
            if substation == plain:
                # before, 7 days around each bound, first and last in between, after
                self.assertEqual(read, 1 + 7 + 2 + 7 + 1)
            else:
                self.assertEqual(read, 1 + 34 + 1)
        self.assertEqual(len(result[lower.id]["warnings"]), 1)
        self.assertEqual(result[swapped.id]["meters"], ["OLD-2", "M-0002"])
        self.assertTrue(result[estimated.id]["estimated"])
        # January 5 to February 1 at midnight, the rejected one apart
        self.assertEqual(len(result[plain.id]["reading_ids"]), 27)

    def test_no_jit_for_the_readings_query_only(self):
        cr = self.env.cr

        def jit():
            cr.execute("SHOW jit")
            return cr.fetchone()[0]

        cr.execute("SET LOCAL jit = on")
        seen = []
        execute = type(cr).execute

        def spy(cursor, query, *args, **kwargs):
            if "unnest" in str(query):
                seen.append(jit())
            return execute(cursor, query, *args, **kwargs)

        with patch.object(type(cr), "execute", spy):
            self.substation._heat_consumption(date(2024, 1, 1), date(2024, 1, 31))
        # the period, then the same period last year for an estimate
        self.assertEqual(seen, ["off", "off"])
        self.assertEqual(jit(), "on")


@tagged("post_install", "-at_install")
class TestHeatConsumptionLocalDays(HeatMeteringCommon):
    """Periods are local days of the network; readings at the bounds are the bounds
    (ADR 0034)."""

    def _consumption(self, substation, date_from, date_to):
        return substation._heat_consumption(date_from, date_to)[substation.id]

    def test_time_zone_and_tolerance_of_a_network(self):
        self.company.partner_id.tz = False
        network = self.env["heat.network"].create({"name": "Default", "code": "DEF"})
        self.assertEqual(network.tz, "Europe/Paris")
        self.assertEqual(network.heat_reading_tolerance_days, 3)
        self.company.partner_id.tz = "Indian/Reunion"
        network = self.env["heat.network"].create({"name": "Réunion", "code": "RUN"})
        self.assertEqual(network.tz, "Indian/Reunion")
        with self.assertRaisesRegex(ValidationError, "Réunion"):
            network.heat_reading_tolerance_days = -1

    def test_readings_at_local_midnight_in_winter_and_summer_are_the_bounds(self):
        # no tolerance at all: the local midnight itself must be the bound
        self.network.heat_reading_tolerance_days = 0
        for day, kwh in (
            (date(2025, 1, 1), "1070135.685"),
            (date(2025, 2, 1), "1076256.100"),
            (date(2025, 7, 1), "1080000.000"),
            (date(2025, 8, 1), "1080800.250"),
        ):
            self._read(self.meter, _paris(day), float(kwh))
        for date_from, date_to, kwh, start, end in (
            (date(2025, 1, 1), date(2025, 1, 31), 6120.415, 1070135.685, 1076256.1),
            (date(2025, 7, 1), date(2025, 7, 31), 800.25, 1080000.0, 1080800.25),
        ):
            value = self._consumption(self.substation, date_from, date_to)
            self.assertFalse(value["estimated"], value["warnings"])
            self.assertFalse(value["warnings"])
            self.assertEqual((value["index_start"], value["index_end"]), (start, end))
            self.assertAlmostEqual(value["kwh"], kwh, places=6)
            self.assertAlmostEqual(
                value["kwh"], value["index_end"] - value["index_start"], places=6
            )
            self.assertEqual(value["date_start"], _paris(date_from))
        # July starts at 22:00 UTC on June 30 (UTC+2), January at 23:00 UTC
        self.assertEqual(_paris(date(2025, 7, 1)), datetime(2025, 6, 30, 22))
        self.assertEqual(_paris(date(2025, 1, 1)), datetime(2024, 12, 31, 23))

    def test_daylight_saving_days(self):
        self.network.heat_reading_tolerance_days = 0
        for day, kwh in (
            (date(2025, 3, 30), 1000),
            (date(2025, 3, 31), 1230),
            (date(2025, 10, 26), 5000),
            (date(2025, 10, 27), 5250),
        ):
            self._read(self.meter, _paris(day), kwh)
        spring = self._consumption(
            self.substation, date(2025, 3, 30), date(2025, 3, 30)
        )
        autumn = self._consumption(
            self.substation, date(2025, 10, 26), date(2025, 10, 26)
        )
        self.assertEqual((spring["kwh"], spring["estimated"]), (230.0, False))
        self.assertEqual((autumn["kwh"], autumn["estimated"]), (250.0, False))
        # the 23-hour and the 25-hour day
        self.assertEqual(spring["date_end"] - spring["date_start"], timedelta(hours=23))
        self.assertEqual(autumn["date_end"] - autumn["date_start"], timedelta(hours=25))

    def test_networks_of_different_time_zones_in_one_call(self):
        network = self.env["heat.network"].create(
            {"name": "Saint-Denis", "code": "RUN", "tz": "Indian/Reunion"}
        )
        building = self.building.copy(
            {"network_id": network.id, "reference": "9.01", "name": "Lycée"}
        )
        substation = self.env["heat.substation"].create(
            {"code": "SST-RUN", "building_id": building.id, "exchanger_power_kw": 50}
        )
        meter = self._meter("M-RUN", substation, date(2020, 1, 1))
        (self.network | network).heat_reading_tolerance_days = 0
        # local midnights: 23:00 UTC in Paris, 20:00 UTC in Réunion (UTC+4)
        self._read(self.meter, datetime(2024, 12, 31, 23), 100)
        self._read(self.meter, datetime(2025, 1, 31, 23), 600)
        self._read(meter, datetime(2024, 12, 31, 20), 1000)
        self._read(meter, datetime(2025, 1, 31, 20), 1900)
        result = (self.substation | substation)._heat_consumption(
            date(2025, 1, 1), date(2025, 1, 31)
        )
        self.assertEqual(result[self.substation.id]["kwh"], 500.0)
        self.assertEqual(result[substation.id]["kwh"], 900.0)
        self.assertFalse(result[self.substation.id]["estimated"])
        self.assertFalse(result[substation.id]["estimated"])
        self.assertEqual(
            result[substation.id]["date_start"], datetime(2024, 12, 31, 20)
        )

    def test_nearest_reading_within_the_tolerance_is_the_bound(self):
        first = self._read(self.meter, _paris(date(2025, 10, 2), 8), 1000)
        inside = self._read(self.meter, _paris(date(2025, 10, 15)), 1400)
        last = self._read(self.meter, _paris(date(2025, 10, 29), 17), 2000)
        after = self._read(self.meter, _paris(date(2025, 11, 10)), 2500)
        value = self._consumption(
            self.substation, date(2025, 10, 1), date(2025, 10, 31)
        )
        self.assertFalse(value["estimated"])
        self.assertEqual(value["date_start"], first.timestamp)
        self.assertEqual(value["date_end"], last.timestamp)
        self.assertEqual(value["kwh"], 1000.0)
        self.assertEqual(value["reading_ids"], (first | inside | last).ids)
        self.assertEqual(
            (value["reading_start"], value["reading_end"]), (first.id, last.id)
        )
        # with a tolerance of one day, the end is interpolated towards the reading
        # after the period, which is then used too
        self.network.heat_reading_tolerance_days = 1
        value = self._consumption(
            self.substation, date(2025, 10, 1), date(2025, 10, 31)
        )
        self.assertTrue(value["estimated"])
        self.assertEqual(value["reading_end"], after.id)
        self.assertEqual(value["date_end"], _paris(date(2025, 11, 1)))

    def test_warnings_in_the_users_language_and_local_time(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self._weather(date(2025, 10, 1), date(2025, 10, 31))
        self.env["heat.weather.normal"].create(
            [
                {"station_id": self.station.id, "month": str(m), "dju": 200}
                for m in range(1, 13)
            ]
        )
        self._read(self.meter, _paris(date(2025, 10, 1)), 1000)
        self._read(self.meter, _paris(date(2025, 10, 27)), 9000)
        value = self.substation.with_context(lang="fr_FR")._heat_consumption(
            date(2025, 10, 1), date(2025, 10, 31)
        )[self.substation.id]
        self.assertTrue(value["estimated_end"])
        # 25 kWh per DJU (60 MWh over 2,400 DJU), 13 DJU a day, 5 local days
        self.assertAlmostEqual(value["kwh"], 8000 + 25 * 13 * 5, places=3)
        index = formatLang(self.env(context={"lang": "fr_FR"}), 10625.0, digits=3)
        self.assertEqual("".join(index.split()), "10625,000")
        self.assertEqual(
            value["warnings"],
            [
                "aucun relevé dans les 3 jours après le 31/10/2025 : index de fin "
                f"estimé à {index} kWh d'après le relevé du 27/10/2025"
            ],
        )
        value = self.substation.with_context(lang="en_US")._heat_consumption(
            date(2025, 10, 1), date(2025, 10, 31)
        )[self.substation.id]
        self.assertIn("no reading within 3 days after 10/31/2025", value["warnings"][0])
