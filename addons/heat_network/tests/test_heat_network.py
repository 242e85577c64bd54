# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import HeatNetworkCommon


@tagged("post_install", "-at_install")
class TestHeatNetwork(HeatNetworkCommon):
    def test_length_is_sum_of_segments(self):
        self.assertEqual(self.network.length_m, 1534.0)
        self.network.segment_ids[0].length_m = 900.0
        self.assertEqual(self.network.length_m, 1434.0)
        self.network.write(
            {"segment_ids": [Command.create({"name": "X", "length_m": 10})]}
        )
        self.assertEqual(self.network.length_m, 1444.0)

    def test_length_onchange_in_form(self):
        with Form(self.env["heat.network"]) as form:
            form.name = "New"
            form.code = "NEW"
            with form.segment_ids.new() as segment:
                segment.name = "A"
                segment.length_m = 12.5
            self.assertEqual(form.length_m, 12.5)

    def test_default_density_threshold(self):
        self.assertEqual(self.network.density_threshold, 2.5)

    def test_counts(self):
        self.assertEqual(self.network.building_count, 2)
        self.assertEqual(self.network.substation_count, 1)
        self.env["heat.meter.installation"].create(
            {
                "meter_id": self.meter.id,
                "substation_id": self.substation.id,
                "date_start": "2025-01-01",
            }
        )
        self.network.invalidate_recordset(["meter_count"])
        self.assertEqual(self.network.meter_count, 1)
        action = self.network.action_view_meters()
        self.assertEqual(action["domain"], [("id", "in", self.meter.ids)])
        self.assertEqual(
            self.env["heat.building"].search(
                self.network.action_view_buildings()["domain"]
            ),
            self.building | self.house,
        )

    def test_segment_length_must_be_positive(self):
        for length in (0.0, -5.0):
            with self.assertRefused("Bad segment"):
                self.env["heat.pipe.segment"].create(
                    {
                        "network_id": self.network.id,
                        "name": "Bad segment",
                        "length_m": length,
                    }
                )

    def test_boiler_power_must_be_positive(self):
        plant = self.network.plant_ids
        for power in (0.0, -330.0):
            with self.assertRefused("Bad boiler"):
                self.env["heat.boiler"].create(
                    {"plant_id": plant.id, "name": "Bad boiler", "power_kw": power}
                )

    def test_boiler_efficiency_is_a_ratio(self):
        with self.assertRefused("Wood 1"):
            self.network.plant_ids.boiler_ids.filtered(
                lambda b: b.name == "Wood 1"
            ).seasonal_efficiency = 85

    def test_plant_powers(self):
        plant = self.network.plant_ids
        self.assertEqual(plant.main_power_kw, 330)
        self.assertEqual(plant.backup_power_kw, 500)
        self.assertEqual(
            plant.boiler_ids.filtered("is_renewable").mapped("name"), ["Wood 1"]
        )

    def test_code_unique_per_operator(self):
        self.env["heat.network"].create(
            {"name": "Elsewhere", "code": "TST", "company_id": self.other_company.id}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["heat.network"].create({"name": "Twin", "code": "TST"})

    def test_display_name(self):
        self.assertEqual(self.network.display_name, "[TST] Test network")
