# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import Form, tagged

from .common import HeatMeteringCommon


@tagged("post_install", "-at_install")
class TestHeatSubstation(HeatMeteringCommon):
    """The readings taken at a sub-station, whatever meter took them, one click away
    from its form."""

    def test_readings_button(self):
        # the sub-station's meter is swapped on 1 March: the readings of both count
        self.meter.installation_ids.date_end = date(2025, 3, 1)
        new_meter = self._meter("M-0003", self.substation, date(2025, 3, 1))
        readings = (
            self._read(self.meter, date(2025, 1, 1), 1000)
            | self._read(self.meter, date(2025, 2, 28), 4000)
            | self._read(new_meter, date(2025, 3, 1), 0)
            | self._read(new_meter, date(2025, 4, 1), 2000)
        )
        self._read(self.meter2, date(2025, 1, 1), 500)
        substations = self.substation | self.substation2
        self.env.flush_all()
        substations.invalidate_recordset(["reading_count"])
        with self.assertQueryCount(1):
            self.assertEqual(substations.mapped("reading_count"), [4, 1])
        self.assertEqual(Form(self.substation).reading_count, 4)
        action = self.substation.action_view_readings()
        self.assertEqual(action["domain"], [("substation_id", "=", self.substation.id)])
        self.assertEqual(self.Reading.search(action["domain"]), readings)
        self.assertIn("SST-1", action["name"])
        views = self.Reading.get_views(action["views"])["views"]
        self.assertLessEqual({"list", "graph", "form"}, set(views))
        # one curve per meter (the swap does not join two indexes into one line)
        self.assertIn('<field name="meter_id"', views["graph"]["arch"])
        arch = self.substation.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_view_readings"', arch)
