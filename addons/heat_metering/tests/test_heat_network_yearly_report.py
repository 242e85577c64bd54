# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import HeatMeteringCommon
from .test_heat_network_kpi import MONTHLY

REPORT = "heat_metering.heat_network_yearly_survey_xlsx_report"
# arrêté of 31 March 2021 (DPE): forest chips, heating oil, natural gas (kg CO2/kWh)
CHIPS, OIL, GAS = 0.024, 0.324, 0.227


@tagged("post_install", "-at_install")
class TestHeatNetworkYearlyReport(HeatMeteringCommon):
    @classmethod
    def _year_of_readings(cls, meter, yearly_kwh, start=0.0):
        index = start
        cls._read(meter, date(2024, 1, 1), index)
        for month, share in enumerate(MONTHLY, start=1):
            index += yearly_kwh * share
            end = date(2025, 1, 1) if month == 12 else date(2024, month + 1, 1)
            cls._read(meter, end, round(index, 3))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.building.category_id = ref("heat_network.building_category_commune")
        cls.building2.category_id = ref(
            "heat_network.building_category_residential_collective"
        )
        (cls.substation | cls.substation2).state = "service"
        # the demo year of La Chaise-Dieu: 1,723 MWh delivered, 2,036 MWh produced,
        # 98 % by wood, 680 t of chips at 30 % moisture
        cls._year_of_readings(cls.meter, 723_000)
        cls._year_of_readings(cls.meter2, 1_000_000, start=51_234.567)
        cls._year_of_readings(cls.wood_meter, 1_995_280, start=1_000_000)
        cls._year_of_readings(cls.backup_meter, 40_720)
        cls.env["heat.wood.delivery"].create(
            [
                {
                    "network_id": cls.network.id,
                    "date": date(2024, month, 10),
                    "tonnes": 53 if month == 12 else 57,
                    "moisture_pct": 30,
                }
                for month in range(1, 13)
            ]
        )
        cls.kpis = cls.env["heat.network.kpi"]._heat_refresh(
            cls.network, date(2024, 1, 1), date(2024, 12, 31)
        )
        cls.user = cls._user("yearly_user", "heat_metering.heat_metering_group_user")
        cls.other_user = cls._user(
            "yearly_other",
            "heat_metering.heat_metering_group_manager",
            company=cls.other_company,
        )

    def _wizard(self, user=None, **values):
        model = self.env["heat.network.yearly.report"]
        if user:
            model = model.with_user(user)
        return model.create({"network_id": self.network.id, "year": 2024, **values})

    def _survey(self, wizard, user=None):
        """The survey sheet as ``{label: (value, unit, note)}``, and the workbook."""
        report = self.env["ir.actions.report"]
        if user:
            report = report.with_user(user)
        content, kind = report._render(REPORT, wizard.ids)
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        rows = {
            row[0]: row[1:4]
            for row in book.worksheets[0].iter_rows(min_row=3, values_only=True)
            if row[0]
        }
        return rows, book

    def _sum(self, field):
        return sum(self.kpis.mapped(field))

    def test_period_defaults_to_the_calendar_year(self):
        wizard = self._wizard()
        self.assertEqual(wizard.date_from, date(2024, 1, 1))
        self.assertEqual(wizard.date_to, date(2024, 12, 31))

    def test_workbook_figures_equal_the_kpis(self):
        survey, _book = self._survey(self._wizard())
        self.assertEqual(survey["Network name"][0], self.network.name)
        self.assertEqual(survey["Operator"][0], self.company.name)
        self.assertAlmostEqual(survey["Network length"][0], 1.534)
        self.assertEqual(survey["Network length"][1], "km")
        for label, field in (
            ("Total delivered", "delivered_mwh"),
            ("Total produced", "produced_mwh"),
            ("Produced by wood", "produced_wood_mwh"),
            ("Produced by backup", "produced_backup_mwh"),
            ("Network losses", "losses_mwh"),
            ("Wood burnt", "wood_tonnes"),
        ):
            self.assertAlmostEqual(survey[label][0], self._sum(field), places=6)
        self.assertAlmostEqual(survey["Total delivered"][0], 1723.0, places=6)
        self.assertAlmostEqual(survey["Total produced"][0], 2036.0, places=6)
        share = self._sum("produced_wood_mwh") / self._sum("produced_mwh")
        self.assertAlmostEqual(
            survey["Renewable and recovered share"][0], share, places=9
        )
        self.assertEqual(round(share, 2), 0.98)
        self.assertAlmostEqual(
            survey["Network efficiency"][0],
            self._sum("delivered_mwh") / self._sum("produced_mwh"),
            places=9,
        )
        self.assertEqual(survey["Delivery points (sub-stations)"][0], 2)
        self.assertEqual(survey["Includes estimated consumption"][0], "No")

    def test_sectors_add_up_to_the_twelve_monthly_kpis(self):
        survey, book = self._survey(self._wizard())
        sectors = {
            label: row[0] for label, row in survey.items() if label.startswith("Deli")
        }
        self.assertAlmostEqual(sectors["Delivered: Tertiary"], 723.0, places=6)
        self.assertAlmostEqual(sectors["Delivered: Residential"], 1000.0, places=6)
        self.assertEqual(sectors["Delivered: Industry"], 0)
        self.assertEqual(sectors["Delivered: Other"], 0)
        total = sum(
            value for label, value in sectors.items() if label.startswith("Delivered:")
        )
        # the KPIs' delivered comes from the same consumption per sub-station
        self.assertAlmostEqual(total, self._sum("delivered_mwh"), places=6)
        points = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(points), 2)
        self.assertAlmostEqual(sum(row[3] for row in points), total, places=6)

    def test_co2_content_and_share_from_the_factors(self):
        wood_pci_mwh = sum(self.network.wood_delivery_ids.mapped("energy_mwh"))
        self.assertAlmostEqual(wood_pci_mwh, 680 * 3.3936, places=1)
        oil_pci_mwh = 40.72 / self.backup_boiler.seasonal_efficiency
        survey, _book = self._survey(self._wizard())
        self.assertAlmostEqual(
            survey["Energy burnt: Forest wood chips"][0], wood_pci_mwh, places=6
        )
        self.assertAlmostEqual(
            survey["Energy burnt: Heating oil"][0], oil_pci_mwh, places=6
        )
        emissions_kg = wood_pci_mwh * 1000 * CHIPS + oil_pci_mwh * 1000 * OIL
        self.assertAlmostEqual(survey["CO2 emitted"][0], emissions_kg / 1000, places=6)
        content = survey["CO2 content of the heat delivered"]
        self.assertAlmostEqual(content[0], emissions_kg / 1_723_000, places=9)
        self.assertEqual(round(content[0], 3), 0.041)
        self.assertEqual(content[1], "kg CO2/kWh")
        self.assertIn("31 mars 2021", content[2])
        # the network's backup fuel is its backup boiler's: gas emits less
        self.backup_boiler.fuel = "natural_gas"
        survey, _book = self._survey(self._wizard())
        emissions_kg = wood_pci_mwh * 1000 * CHIPS + oil_pci_mwh * 1000 * GAS
        self.assertAlmostEqual(
            survey["CO2 content of the heat delivered"][0],
            emissions_kg / 1_723_000,
            places=9,
        )

    def test_wood_burnt_from_production_without_deliveries(self):
        self.network.wood_delivery_ids.unlink()
        survey, _book = self._survey(self._wizard())
        wood_pci_mwh = 1995.28 / self.wood_boiler.seasonal_efficiency
        self.assertAlmostEqual(
            survey["Energy burnt: Forest wood chips"][0], wood_pci_mwh, places=6
        )
        self.assertIn("efficiency", survey["Energy burnt: Forest wood chips"][2])

    def test_criteria_met(self):
        survey, _book = self._survey(self._wizard(accounts_balanced=True))
        self.assertEqual(
            survey["At least half of the heat renewable or recovered"][0], "Met"
        )
        self.assertEqual(survey["Every delivery point metered"][0], "Met")
        self.assertEqual(survey["Balanced accounts"][0], "Met")

    def test_accounts_not_ticked_fail_the_criterion(self):
        survey, _book = self._survey(self._wizard())
        self.assertEqual(survey["Balanced accounts"][0], "Not met")

    def test_substation_without_meter_fails_the_metering_criterion(self):
        building = self.building.copy({"reference": "1.03", "name": "Shop"})
        self.env["heat.substation"].create(
            {
                "code": "SST-3",
                "building_id": building.id,
                "exchanger_power_kw": 20,
                "state": "service",
            }
        )
        survey, _book = self._survey(self._wizard())
        criterion = survey["Every delivery point metered"]
        self.assertEqual(criterion[0], "Not met")
        self.assertIn("2 of 3", criterion[2])
        self.assertEqual(survey["Delivery points (sub-stations)"][0], 3)
        self.assertEqual(survey["Metered delivery points"][0], 2)

    def test_meter_installed_late_fails_and_planned_substation_does_not_count(self):
        late = self.building.copy({"reference": "1.04", "name": "Bakery"})
        substation = self.env["heat.substation"].create(
            {
                "code": "SST-4",
                "building_id": late.id,
                "exchanger_power_kw": 20,
                "state": "service",
            }
        )
        self._meter("M-0004", substation, date(2024, 3, 1))
        planned = self.building.copy({"reference": "1.05", "name": "Future hotel"})
        self.env["heat.substation"].create(
            {"code": "SST-5", "building_id": planned.id, "exchanger_power_kw": 20}
        )
        survey, _book = self._survey(self._wizard())
        self.assertEqual(survey["Delivery points (sub-stations)"][0], 3)
        self.assertEqual(survey["Metered delivery points"][0], 2)
        self.assertEqual(survey["Every delivery point metered"][0], "Not met")
        # commissioned on the day its meter was installed: metered throughout
        substation.commissioning_date = date(2024, 3, 1)
        survey, _book = self._survey(self._wizard())
        self.assertEqual(survey["Every delivery point metered"][0], "Met")

    def test_low_renewable_share_fails(self):
        self._read(self.backup_meter, date(2025, 7, 1), 40_720 + 3_000_000)
        self._read(self.wood_meter, date(2025, 7, 1), 2_995_280)
        self._read(self.meter, date(2025, 7, 1), 723_000)
        self._read(self.meter2, date(2025, 7, 1), 1_051_234.567)
        wizard = self._wizard(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
        survey, _book = self._survey(wizard)
        self.assertAlmostEqual(survey["Produced by backup"][0], 3000.0, places=6)
        self.assertEqual(
            survey["At least half of the heat renewable or recovered"][0], "Not met"
        )

    def test_custom_period_is_the_kpis_of_that_period(self):
        wizard = self._wizard(date_from=date(2024, 10, 1), date_to=date(2024, 12, 31))
        survey, _book = self._survey(wizard)
        kpis = self.kpis.filtered(lambda k: k.date_from >= date(2024, 10, 1))
        self.assertEqual(len(kpis), 3)
        self.assertAlmostEqual(
            survey["Total delivered"][0], sum(kpis.mapped("delivered_mwh")), places=6
        )
        self.assertEqual(survey["Period from"][0].date(), date(2024, 10, 1))

    def test_period_must_not_end_before_it_starts(self):
        with self.assertRaises(ValidationError):
            self._wizard(date_from=date(2024, 12, 1), date_to=date(2024, 1, 1))

    def test_metering_user_can_run_the_report(self):
        wizard = self._wizard(user=self.user)
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "heat_metering.network_yearly_survey")
        survey, _book = self._survey(wizard, user=self.user)
        self.assertAlmostEqual(survey["Total delivered"][0], 1723.0, places=6)

    def test_user_of_another_company_cannot_run_it_on_this_network(self):
        networks = self.env["heat.network"].with_user(self.other_user)
        self.assertFalse(networks.search([("id", "=", self.network.id)]))
        with self.assertRaises(AccessError):
            self._wizard(user=self.other_user).action_print()
