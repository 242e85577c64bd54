# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DATA, HeatMeteringCommon


@tagged("post_install", "-at_install")
class TestHeatWeatherStation(HeatMeteringCommon):
    def test_import_meteofrance_api_file_and_dju(self):
        rouen = self.env["heat.weather.station"].create(
            {"name": "Rouen-Boos", "code": "76116001"}
        )
        data = (DATA / "meteofrance/api_quotidiennes_sample_76116001.csv").read_bytes()
        wizard = self.env["heat.weather.import"].create(
            {"station_ids": [(6, 0, rouen.ids)], "data_file": base64.b64encode(data)}
        )
        wizard.action_import()
        self.assertIn("2 day(s) imported", wizard.result)
        self.assertEqual(rouen.day_ids.sorted("date").mapped("dju"), [6.0, 3.5])
        # re-import updates, never duplicates
        rouen._heat_import_meteofrance(data)
        self.assertEqual(len(rouen.day_ids), 2)
        with self.assertRaisesRegex(UserError, "no day of station"):
            self.station._heat_import_meteofrance(data)

    def test_costic_method_and_network_degree_days(self):
        self._weather(date(2024, 1, 1), date(2024, 1, 10), tn=10.0, tx=20.0)
        self.assertEqual(
            self.network._heat_degree_days(date(2024, 1, 1), date(2024, 1, 10)),
            {self.network.id: 30.0},
        )
        self.network.heat_dju_method = "costic"
        result = self.network._heat_degree_days("2024-01-01", "2024-01-10")
        self.assertAlmostEqual(result[self.network.id], 33.28, places=4)

    def test_monthly_normals(self):
        self._weather(date(2022, 1, 1), date(2023, 1, 31))
        self._weather(date(2023, 2, 1), date(2023, 2, 28), tn=2.0, tx=10.0)
        self.station.action_compute_normals()
        normals = {n.month: n.dju for n in self.station.normal_ids}
        self.assertEqual(normals["1"], 13 * 31)
        self.assertEqual(normals["2"], (13 * 28 + 12 * 28) / 2)
        result = self.network._heat_normal_degree_days(
            date(2025, 1, 1), date(2025, 1, 31)
        )
        self.assertAlmostEqual(result[self.network.id], 403.0)

    def test_tn_above_tx_refused(self):
        with self.assertRaisesRegex(ValidationError, "is above Tx"):
            self._weather(date(2024, 1, 1), date(2024, 1, 1), tn=5.0, tx=1.0)
