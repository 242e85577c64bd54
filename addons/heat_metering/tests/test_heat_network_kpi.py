# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import HeatMeteringCommon

# share of the yearly heat of each month (sums to 1), a mountain village
MONTHLY = [0.16, 0.14, 0.12, 0.08, 0.05, 0.03, 0.02, 0.02, 0.04, 0.08, 0.12, 0.14]


@tagged("post_install", "-at_install")
class TestHeatNetworkKpi(HeatMeteringCommon):
    @classmethod
    def _year_of_readings(cls, meter, yearly_kwh, year=2024, start=0.0):
        index = start
        cls._read(meter, date(year, 1, 1), index)
        for month, share in enumerate(MONTHLY, start=1):
            index += yearly_kwh * share
            end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            cls._read(meter, end, round(index, 3))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the La Chaise-Dieu study: 1,723 MWh delivered, 2,036 MWh produced
        cls._year_of_readings(cls.meter, 723_000)
        cls._year_of_readings(cls.meter2, 1_000_000, start=51_234.567)
        cls._year_of_readings(cls.wood_meter, 2_036_000, start=1_000_000)
        cls._year_of_readings(cls.backup_meter, 0)
        for month in range(1, 13):
            cls.env["heat.wood.delivery"].create(
                {
                    "network_id": cls.network.id,
                    "date": date(2024, month, 10),
                    "tonnes": 53 if month == 12 else 57,
                    "moisture_pct": 30,
                }
            )

    def test_study_figures_from_readings(self):
        kpis = self.network._heat_kpis(date(2024, 1, 1), date(2024, 12, 31))[
            self.network.id
        ]
        self.assertAlmostEqual(kpis["delivered_mwh"], 1723.0, places=6)
        self.assertAlmostEqual(kpis["produced_mwh"], 2036.0, places=6)
        self.assertAlmostEqual(kpis["losses_mwh"], 313.0, places=6)
        self.assertEqual(round(kpis["efficiency"], 2), 0.85)
        self.assertEqual(round(kpis["density_mwh_per_m"], 2), 1.12)
        self.assertEqual(round(kpis["losses_kwh_per_m"]), 204)
        self.assertAlmostEqual(kpis["wood_tonnes"], 680.0, places=6)
        self.assertEqual(kpis["renewable_share"], 1.0)
        self.assertFalse(kpis["estimated"])
        for key in (
            "delivered_mwh",
            "produced_mwh",
            "renewable_share",
            "losses_mwh",
            "losses_kwh_per_m",
            "efficiency",
            "density_mwh_per_m",
            "wood_tonnes",
            "dju",
        ):
            self.assertIn(key, kpis)

    def test_comparison_with_the_previous_year(self):
        self._read(self.meter, date(2025, 7, 1), 723_000 * 1.1)
        self._read(self.meter2, date(2025, 7, 1), 51_234.567 + 1_000_000)
        self._read(self.wood_meter, date(2025, 7, 1), 1_000_000 + 2_036_000)
        self._read(self.backup_meter, date(2025, 7, 1), 0)
        result = self.network._heat_kpis_compared(date(2025, 1, 1), date(2025, 6, 30))[
            self.network.id
        ]
        # January to June 2025: 72,300 kWh on the first meter, nothing elsewhere
        self.assertAlmostEqual(result["current"]["delivered_mwh"], 72.3, places=6)
        previous = result["previous"]["delivered_mwh"]
        self.assertAlmostEqual(previous, 1723 * sum(MONTHLY[:6]), places=6)
        self.assertAlmostEqual(
            result["change"]["delivered_mwh"], (72.3 - previous) / previous
        )

    @freeze_time("2025-01-15")
    def test_refresh_action_opens_the_dashboard(self):
        action = self.network.action_heat_refresh_kpis()
        self.assertEqual(action["res_model"], "heat.network.kpi")
        self.assertEqual(
            self.env["heat.network.kpi"].search_count(
                [("network_id", "=", self.network.id)]
            ),
            12,
        )
        kpis = self.env["heat.network.kpi"].search(
            [("network_id", "=", self.network.id)]
        )
        self.assertEqual(min(kpis.mapped("date_from")), date(2024, 1, 1))
        self.assertAlmostEqual(sum(kpis.mapped("delivered_mwh")), 1723.0, places=3)

    def test_backup_share_and_production_per_boiler(self):
        self._read(self.backup_meter, date(2025, 2, 1), 0)
        self._read(self.backup_meter, date(2025, 3, 1), 100_000)
        self._read(self.wood_meter, date(2025, 3, 1), 3_136_000)
        production = self.network._heat_production(date(2025, 1, 1), date(2025, 2, 28))
        self.assertAlmostEqual(production[self.network.id]["wood"], 100_000, places=3)
        self.assertAlmostEqual(production[self.network.id]["backup"], 100_000, places=3)
        kpis = self.network._heat_kpis(date(2025, 1, 1), date(2025, 2, 28))[
            self.network.id
        ]
        self.assertEqual(kpis["renewable_share"], 0.5)

    def test_wood_energy_from_moisture(self):
        delivery = self.network.wood_delivery_ids.sorted("date")[:1]
        self.assertAlmostEqual(delivery.pci_mwh_t, 3.3936)
        self.assertAlmostEqual(delivery.energy_mwh, 3.3936 * 57, places=3)
        delivery.moisture_pct = 20
        self.assertGreater(delivery.pci_mwh_t, 3.3936)

    def test_monthly_dashboard_and_xlsx(self):
        kpis = self.env["heat.network.kpi"]._heat_refresh(
            self.network, date(2024, 1, 1), date(2024, 12, 31)
        )
        self.assertEqual(len(kpis), 12)
        self.assertAlmostEqual(sum(kpis.mapped("delivered_mwh")), 1723.0, places=3)
        self.assertAlmostEqual(
            kpis.filtered(lambda k: k.date_from == date(2024, 1, 1)).delivered_mwh,
            1723 * 0.16,
            places=3,
        )
        content, kind = self.env["ir.actions.report"]._render(
            "heat_metering.heat_network_kpi_xlsx_report", kpis.ids
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet.cell(1, 7).value, "Delivered (MWh)")
        self.assertEqual(sheet.cell(14, 1).value, "Total")
        self.assertAlmostEqual(sheet.cell(14, 7).value, 1723.0, places=3)
        self.assertAlmostEqual(sheet.cell(14, 9).value, 1723 / 2036, places=6)


@tagged("post_install", "-at_install")
class TestHeatDemoGenerator(HeatMeteringCommon):
    def test_generated_year_gives_the_study_figures(self):
        # a meter swap during the year on the second sub-station
        self.meter2.installation_ids.date_start = date(2024, 3, 12)
        self._meter("OLD-DEMO", self.substation2, date(2020, 1, 1), date(2024, 3, 12))
        self.assertTrue(
            self.env["heat.network"]._heat_demo_generate(self.network.id, "2023-10-01")
        )
        kpis = self.network._heat_kpis(date(2023, 10, 1), date(2024, 9, 30))[
            self.network.id
        ]
        self.assertAlmostEqual(kpis["delivered_mwh"], 1723.0, places=6)
        self.assertAlmostEqual(kpis["produced_mwh"], 2036.0, places=6)
        self.assertAlmostEqual(kpis["losses_mwh"], 313.0, places=6)
        self.assertAlmostEqual(kpis["wood_tonnes"], 680.0, places=6)
        self.assertEqual(round(kpis["efficiency"], 2), 0.85)
        swap = self.substation2._heat_consumption(date(2024, 3, 1), date(2024, 3, 31))
        self.assertEqual(swap[self.substation2.id]["meters"], ["OLD-DEMO", "M-0002"])
        lines = self.env["heat.network.kpi"].search(
            [("network_id", "=", self.network.id)]
        )
        self.assertEqual(len(lines), 12)
        self.assertAlmostEqual(sum(lines.mapped("delivered_mwh")), 1723.0, places=3)
        # a second call does not duplicate the year
        self.assertFalse(
            self.env["heat.network"]._heat_demo_generate(self.network.id, "2023-10-01")
        )
