# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import Form, tagged

from .common import HeatMeteringCommon


@tagged("post_install", "-at_install")
class TestHeatMeter(HeatMeteringCommon):
    """The readings of a meter, one click away from its form: the list and the index
    as a curve."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.readings = cls.Reading.browse(
            [
                cls._read(cls.meter, datetime(2025, 1, 1), 1000).id,
                cls._read(cls.meter, datetime(2025, 1, 1, 12), 1100).id,
                cls._read(cls.meter, datetime(2025, 2, 1), 3000).id,
            ]
        )
        cls._read(cls.meter2, date(2025, 1, 1), 500)

    def test_reading_count_in_one_query(self):
        meters = self.meter | self.meter2 | self.wood_meter
        self.env.flush_all()
        meters.invalidate_recordset(["reading_count"])
        with self.assertQueryCount(1):
            counts = meters.mapped("reading_count")
        self.assertEqual(counts, [3, 1, 0])

    def test_readings_button(self):
        form = Form(self.meter)
        self.assertEqual(form.reading_count, 3)
        action = self.meter.action_view_readings()
        self.assertEqual(action["res_model"], "heat.meter.reading")
        self.assertEqual(action["domain"], [("meter_id", "=", self.meter.id)])
        self.assertEqual(self.Reading.search(action["domain"]), self.readings)
        self.assertEqual(action["context"], {"default_meter_id": self.meter.id})
        self.assertIn("M-0001", action["name"])
        self.assertEqual(
            [mode for _view, mode in action["views"]], ["list", "graph", "form"]
        )
        # the views of the action load, the graph draws the index as a line
        views = self.Reading.get_views(action["views"])["views"]
        graph = views["graph"]["arch"]
        self.assertIn('type="line"', graph)
        self.assertIn('<field name="energy_kwh" type="measure"', graph)
        # one point per month, not stacked: days without a reading would read 0
        self.assertIn('<field name="timestamp" interval="month"', graph)
        self.assertIn('stacked="0"', graph)

    def test_index_curve_takes_the_day_maximum(self):
        """An index is not summed: the curve reads the last (highest) index of the
        period (the graph groups by month; by day here), as its read_group does."""
        groups = self.Reading.web_read_group(
            [("meter_id", "=", self.meter.id)],
            ["energy_kwh"],
            ["timestamp:day"],
            orderby="timestamp:day",
        )["groups"]
        self.assertEqual([group["energy_kwh"] for group in groups], [1100.0, 3000.0])

    def test_button_only_for_metering_users(self):
        network_user = self._user(
            "network_only", "heat_network.heat_network_group_user"
        )
        metering_user = self._user(
            "metering_reader", "heat_metering.heat_metering_group_user"
        )
        Meter = self.env["heat.meter"]
        arch = Meter.with_user(network_user).get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertNotIn("action_view_readings", arch)
        self.assertNotIn("reading_count", arch)
        arch = Meter.with_user(metering_user).get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn("action_view_readings", arch)
        self.assertEqual(self.meter.with_user(metering_user).reading_count, 3)
