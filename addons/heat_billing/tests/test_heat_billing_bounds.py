# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Local days, readings at the bounds, estimates said and regularised, readings used
locked (ADR 0034)."""

from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.heat_metering.domain.consumption import local_midnight

from .common import HeatBillingCommon


def _paris(day, hours=0):
    return local_midnight(day, "Europe/Paris") + timedelta(hours=hours)


@tagged("post_install", "-at_install")
class TestHeatBillingBounds(HeatBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.partner.lang = "fr_FR"
        # the school always has its readings at local midnight: only the town hall's
        # readings vary from test to test
        for day, kwh in (
            (date(2024, 12, 1), 0.0),
            (date(2025, 1, 1), 1000.0),
            (date(2025, 2, 1), 2000.0),
            (date(2025, 3, 1), 3000.0),
            (date(2025, 4, 1), 4000.0),
            (date(2025, 7, 1), 5000.0),
            (date(2025, 8, 1), 6000.0),
        ):
            cls._read(cls.meter2, day, kwh)

    def _line(self, date_from, date_to, post=True):
        run = self._run(date_from, date_to)
        run.action_compute()
        if post:
            self._post(run)
        line = run.line_ids.filtered(lambda li: li.subscription_id == self.subscription)
        return run, line

    def _label(self, line):
        """The R1 line of the invoice, spaces made plain."""
        r1 = self.env.ref("heat_billing.product_heat_r1")
        name = line.move_id.invoice_line_ids.filtered(
            lambda li: li.product_id == r1
        ).name
        return " ".join(name.split())

    def _assert_billed_from_the_printed_indexes(self, line):
        """The MWh billed are the difference of the indexes printed, to the kWh."""
        printed = line.index_end - line.index_start
        self.assertLessEqual(abs(line.mwh * 1000 - printed), 0.5 + 1e-6)
        self.assertAlmostEqual(line.mwh * 1000, round(line.mwh * 1000), places=6)

    def test_readings_at_local_midnight_winter_summer_and_dst_are_not_estimates(self):
        # no tolerance at all: the local midnight must be the bound itself
        self.network.heat_reading_tolerance_days = 0
        for day, kwh in (
            (date(2025, 1, 1), 1070135.685),
            (date(2025, 2, 1), 1076256.1),
            (date(2025, 3, 1), 1080000.0),
            (date(2025, 4, 1), 1085000.5),  # summer time since March 30
            (date(2025, 7, 1), 1090000.0),
            (date(2025, 8, 1), 1090800.25),
        ):
            self._read(self.meter, day, kwh)
        # billed in whole kWh (ADR 0045): 6,120.415, 5,000.5 and 800.25 kWh read
        for date_from, date_to, mwh in (
            (date(2025, 1, 1), date(2025, 1, 31), 6.120),
            (date(2025, 3, 1), date(2025, 3, 31), 5.001),
            (date(2025, 7, 1), date(2025, 7, 31), 0.800),
        ):
            _run, line = self._line(date_from, date_to, post=False)
            self.assertFalse(line.estimated, line.warnings)
            self.assertFalse(line.warnings)
            self.assertAlmostEqual(line.mwh, mwh, places=9)
            self._assert_billed_from_the_printed_indexes(line)
            self.assertEqual(line.reading_date_start, _paris(date_from))
            self.assertEqual(line.reading_start_id.timestamp, _paris(date_from))

    def test_reading_within_the_tolerance_is_printed_with_its_date_and_index(self):
        self._read(self.meter, _paris(date(2025, 1, 2), 10), 1000.0)
        self._read(self.meter, _paris(date(2025, 1, 15)), 5000.0)
        self._read(self.meter, _paris(date(2025, 1, 30), 7), 11000.0)
        _run, line = self._line(date(2025, 1, 1), date(2025, 1, 31))
        self.assertFalse(line.estimated)
        self.assertEqual((line.index_start, line.index_end), (1000.0, 11000.0))
        self.assertAlmostEqual(line.mwh, 10.0, places=9)
        self.assertEqual(line.reading_date_start, _paris(date(2025, 1, 2), 10))
        label = self._label(line)
        self.assertIn("10,000 MWh mesurés", label)
        self.assertIn("index en kWh 1 000,000 (02/01/2025)", label)
        self.assertIn("11 000,000 (30/01/2025)", label)
        # the next period starts from the same reading: nothing lost, nothing twice
        self._read(self.meter, _paris(date(2025, 2, 27)), 17000.0)
        _run, february = self._line(date(2025, 2, 1), date(2025, 2, 28))
        self.assertEqual(february.reading_start_id, line.reading_end_id)
        self.assertAlmostEqual(line.mwh + february.mwh, 16.0, places=9)

    def _weather(self):
        station = self.env["heat.weather.station"].create(
            {"name": "Le Puy-Loudes", "code": "43062001"}
        )
        day, days = date(2025, 1, 1), []
        while day <= date(2025, 3, 31):
            days.append({"station_id": station.id, "date": day, "tn": 0, "tx": 10})
            day += timedelta(days=1)
        self.env["heat.weather.day"].create(days)
        station.normal_ids = [
            Command.create({"month": str(month), "dju": 200}) for month in range(1, 13)
        ]
        self.network.weather_station_id = station

    def test_estimated_end_said_in_words_then_regularised_next_period(self):
        # the back office works in French: the run's warnings are in French
        self.env = self.env(context=dict(self.env.context, lang="fr_FR"))
        self._weather()
        self._read(self.meter, date(2025, 1, 1), 1000.0)
        self._read(self.meter, date(2025, 1, 20), 5000.0)
        _run, january = self._line(date(2025, 1, 1), date(2025, 1, 31))
        # 12 local days of 13 DJU at 25 kWh per DJU (60 MWh over 2,400 DJU)
        self.assertTrue(january.estimated_end and january.estimated)
        self.assertFalse(january.estimated_start)
        self.assertEqual(january.index_end, 8900.0)
        self.assertAlmostEqual(january.mwh, 7.9, places=9)
        self.assertAlmostEqual(
            january.mwh, (january.index_end - january.index_start) / 1000, places=9
        )
        self.assertIn(
            "aucun relevé dans les 3 jours après le 31/01/2025", january.warnings
        )
        label = self._label(january)
        self.assertIn("7,900 MWh estimés", label)
        self.assertIn(
            "8 900,000 (index estimé le 31/01/2025 : aucun relevé dans les 3 jours)",
            label,
        )
        # the PDF's table says it too
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_qweb_html("account.account_invoices", january.move_id.ids)[0]
            .decode()
        )
        self.assertIn(
            "index estimé le 31/01/2025 : aucun relevé dans les 3 jours", html
        )
        self.assertIn("01/01/2025", html)
        # the readings come later; February starts from the index billed
        self._read(self.meter, date(2025, 2, 2), 9500.0)
        self._read(self.meter, date(2025, 3, 1), 15000.0)
        _run, february = self._line(date(2025, 2, 1), date(2025, 2, 28))
        self.assertTrue(february.start_regularised)
        self.assertFalse(february.estimated)
        self.assertEqual(february.index_start, 8900.0)
        self.assertEqual(february.reading_start_id, january.reading_end_id)
        self.assertAlmostEqual(february.mwh, 6.1, places=9)
        # both periods add up to the real index difference
        self.assertAlmostEqual(january.mwh + february.mwh, 14.0, places=9)
        self.assertIn("facturé sur la facture précédente", self._label(february))

    def test_estimated_end_on_a_meter_swapped_since_is_flagged(self):
        self._weather()
        self._read(self.meter, date(2025, 1, 1), 1000.0)
        self._read(self.meter, date(2025, 1, 20), 5000.0)
        _run, january = self._line(date(2025, 1, 1), date(2025, 1, 31))
        self.assertTrue(january.estimated_end)
        # the meter was replaced on February 1st; the new one starts at 0
        self.meter.installation_ids.date_end = date(2025, 1, 31)
        new_meter = self.env["heat.meter"].create(
            {
                "serial_number": "M-NEW",
                "installation_ids": [
                    Command.create(
                        {
                            "substation_id": self.substation.id,
                            "date_start": date(2025, 2, 1),
                        }
                    )
                ],
            }
        )
        self._read(new_meter, date(2025, 2, 1), 0.0)
        self._read(new_meter, date(2025, 3, 1), 5000.0)
        _run, february = self._line(date(2025, 2, 1), date(2025, 2, 28), post=False)
        self.assertFalse(february.start_regularised)
        self.assertAlmostEqual(february.mwh, 5.0, places=9)
        self.assertIn("M-1.01", february.warnings)
        self.assertIn("cannot be regularised on another meter", february.warnings)

    def test_regularisation_only_from_a_posted_and_not_credited_line(self):
        self._weather()
        self._read(self.meter, date(2025, 1, 1), 1000.0)
        self._read(self.meter, date(2025, 1, 20), 5000.0)
        january_run, _january = self._line(date(2025, 1, 1), date(2025, 1, 31))
        january_run.action_credit()
        self._read(self.meter, date(2025, 2, 2), 9500.0)
        self._read(self.meter, date(2025, 3, 1), 15000.0)
        _run, february = self._line(date(2025, 2, 1), date(2025, 2, 28), post=False)
        self.assertFalse(february.start_regularised)
        self.assertEqual(february.index_start, 9500.0)
        self.assertAlmostEqual(february.mwh, 5.5, places=9)

    def test_readings_used_are_locked_even_mid_month(self):
        self.network.heat_reading_tolerance_days = 2
        readings = {
            day: self._read(self.meter, day, kwh)
            for day, kwh in (
                (date(2025, 1, 20), 500.0),
                (date(2025, 1, 28), 1000.0),  # 4 days before February: frames it
                (date(2025, 2, 14), 2000.0),
                (date(2025, 3, 3), 3000.0),  # 2 days after: the end of February
                (date(2025, 3, 10), 3500.0),
                (date(2025, 4, 1), 4500.0),
            )
        }
        run, february = self._line(date(2025, 2, 1), date(2025, 2, 28))
        self.assertEqual(february.reading_start_id, readings[date(2025, 1, 28)])
        self.assertEqual(february.reading_end_id, readings[date(2025, 3, 3)])
        used = (
            readings[date(2025, 1, 28)]
            | readings[date(2025, 2, 14)]
            | readings[date(2025, 3, 3)]
        )
        self.assertEqual(
            run._readings().filtered(lambda r: r.meter_id == self.meter), used
        )
        self.assertTrue(all(used.mapped("is_locked")))
        self.assertFalse(readings[date(2025, 1, 20)].is_locked)
        self.assertFalse(readings[date(2025, 3, 10)].is_locked)
        with self.assertRaises(UserError):
            readings[date(2025, 1, 28)].energy_kwh = 999.0
        # March starts from the reading that ended February
        march_run, march = self._line(date(2025, 3, 1), date(2025, 3, 31))
        self.assertEqual(march.reading_start_id, readings[date(2025, 3, 3)])
        self.assertTrue(readings[date(2025, 3, 10)].is_locked)
        # crediting February frees its readings, but not the bound March still uses
        run.action_credit()
        self.assertFalse(readings[date(2025, 1, 28)].is_locked)
        self.assertFalse(readings[date(2025, 2, 14)].is_locked)
        self.assertTrue(readings[date(2025, 3, 3)].is_locked)
        march_run.action_credit()
        self.assertFalse(readings[date(2025, 3, 3)].is_locked)

    def test_readings_of_a_run_found_in_constant_queries(self):
        """The readings a run used take the same queries for 1 sub-station as for
        4: the run, its lines, their subscriptions and bounds read once each (the
        ORM's prefetch), then one query for the readings in their ranges."""
        category = self.substation.building_id.category_id
        meters = self.meter
        self._read(self.meter, date(2025, 1, 1), 1000.0)
        counts = []
        for month, houses in ((1, 0), (2, 3)):
            for index in range(houses):
                partner = self.env["res.partner"].create({"name": f"Abonné {index}"})
                meter = self._connect(
                    f"4.0{index}", f"Maison {index}", partner, 10.0, category
                )[1]
                self._read(meter, date(2025, month, 1), 1000.0)
                meters |= meter
            for meter in meters:
                self._read(meter, date(2025, month + 1, 1), 2000.0 * month)
            run, _line = self._line(
                date(2025, month, 1),
                date(2025, month + 1, 1) - timedelta(days=1),
                post=False,
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            readings = run._readings()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(
                len(readings.filtered(lambda r, m=meters: r.meter_id in m)),
                2 * len(meters),
            )
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[0], 6)

    def test_demo_january_run_has_no_estimate(self):
        network = self.env["heat.network"].create(
            {
                "name": "Demo-like network",
                "code": "DMO",
                "company_id": self.company.id,
                "segment_ids": [Command.create({"name": "Main", "length_m": 500.0})],
            }
        )
        self.tariff.copy({"network_id": network.id})
        category = self.env["heat.building.category"].search([], limit=1)
        for number in range(3):
            building = self.env["heat.building"].create(
                {
                    "network_id": network.id,
                    "reference": f"D.{number}",
                    "name": f"Demo building {number}",
                    "category_id": category.id,
                    "owner_id": self.partner.id,
                    "estimated_need_mwh": 40.0 + number,
                }
            )
            substation = self.env["heat.substation"].create(
                {
                    "code": f"SST-D{number}",
                    "building_id": building.id,
                    "exchanger_power_kw": 100,
                    "power_ids": [
                        Command.create(
                            {
                                "date_start": date(2024, 1, 1),
                                "power_kw": 20,
                                "decision": "accepted",
                            }
                        )
                    ],
                }
            )
            self.env["heat.meter"].create(
                {
                    "serial_number": f"M-D{number}",
                    "installation_ids": [
                        Command.create(
                            {
                                "substation_id": substation.id,
                                "date_start": date(2020, 1, 1),
                            }
                        )
                    ],
                }
            )
        # a wood plant, which the demo generator meters: renewable share 100 %
        self.env["heat.plant"].create(
            {
                "name": "Chaufferie bois",
                "network_id": network.id,
                "boiler_ids": [
                    Command.create({"name": "Bois", "power_kw": 500, "role": "main"})
                ],
            }
        )
        network.heat_reading_tolerance_days = 0  # the demo's readings are exact
        self.assertTrue(
            self.env["heat.network"]._heat_demo_generate(network.id, "2024-10-01")
        )
        self.assertTrue(self.env["heat.billing.run"]._heat_demo_bill(network.id))
        run = self.env["heat.billing.run"].search([("network_id", "=", network.id)])
        self.assertEqual(run.state, "posted")
        self.assertEqual(len(run.line_ids), 3)
        self.assertFalse(any(run.line_ids.mapped("estimated")))
        self.assertFalse(any(run.line_ids.mapped("warnings")))
        for line in run.line_ids:
            self.assertEqual(line.reading_date_start, _paris(date(2025, 1, 1)))
            self._assert_billed_from_the_printed_indexes(line)
