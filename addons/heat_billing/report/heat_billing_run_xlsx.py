# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

COLUMNS = [
    # (header, width, value of a run line, kind)
    ("Subscription", 16, lambda li: li.subscription_id.name, "text"),
    ("Subscriber", 30, lambda li: li.partner_id.name, "text"),
    ("Sub-station", 14, lambda li: li.substation_id.code, "text"),
    ("From", 11, lambda li: li.date_from, "date"),
    ("To", 11, lambda li: li.date_to, "date"),
    ("Meters", 14, lambda li: li.meters or "", "text"),
    ("Start index (kWh)", 16, lambda li: li.index_start, "kwh"),
    ("End index (kWh)", 16, lambda li: li.index_end, "kwh"),
    ("Energy (MWh)", 13, lambda li: li.mwh, "mwh"),
    ("Estimated", 10, lambda li: li.estimated, "bool"),
    ("Last year (MWh)", 14, lambda li: li.mwh_last_year or None, "mwh"),
    ("Subscribed power (kW)", 12, lambda li: li.power_kw, "kw"),
    ("Energy (€ HT)", 14, lambda li: li.energy_amount, "money"),
    ("Power (€ HT)", 14, lambda li: li.power_amount, "money"),
    ("Total (€ HT)", 14, lambda li: li.amount_untaxed, "money"),
    ("Invoice", 18, lambda li: li.move_id.name or "", "text"),
    ("Checks", 50, lambda li: li.warnings or "", "text"),
]
SUMMED = {"Energy (MWh)", "Energy (€ HT)", "Power (€ HT)", "Total (€ HT)"}


class HeatBillingRunXlsx(models.AbstractModel):
    """The lines of billing runs, one sheet per run, with totals as formulas."""

    _name = "report.heat_billing.heat_billing_run_xlsx"
    _description = "Billing run XLSX"
    _inherit = "report.report_xlsx.abstract"

    def _headers(self):
        """The column headers, in the user's language (literal for extraction)."""
        return {
            "Subscription": self.env._("Subscription"),
            "Subscriber": self.env._("Subscriber"),
            "Sub-station": self.env._("Sub-station"),
            "From": self.env._("From"),
            "To": self.env._("To"),
            "Meters": self.env._("Meters"),
            "Start index (kWh)": self.env._("Start index (kWh)"),
            "End index (kWh)": self.env._("End index (kWh)"),
            "Energy (MWh)": self.env._("Energy (MWh)"),
            "Estimated": self.env._("Estimated"),
            "Last year (MWh)": self.env._("Last year (MWh)"),
            "Subscribed power (kW)": self.env._("Subscribed power (kW)"),
            "Energy (€ HT)": self.env._("Energy (€ HT)"),
            "Power (€ HT)": self.env._("Power (€ HT)"),
            "Total (€ HT)": self.env._("Total (€ HT)"),
            "Invoice": self.env._("Invoice"),
            "Checks": self.env._("Checks"),
        }

    def get_workbook_options(self):
        # names and labels typed by users are text: "=HYPERLINK(...)" or a URL must
        # not become a live formula or link (formulas are written by write_formula)
        return {"strings_to_formulas": False, "strings_to_urls": False}

    def generate_xlsx_report(self, workbook, data, runs):
        headers = self._headers()
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "text_wrap": True, "border": 1}
            ),
            "text": workbook.add_format({"text_wrap": False}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
            "kwh": workbook.add_format({"num_format": "# ##0"}),
            "mwh": workbook.add_format({"num_format": "# ##0.000"}),
            "kw": workbook.add_format({"num_format": "# ##0.0"}),
            "money": workbook.add_format({"num_format": "# ##0.00 €"}),
            "bool": workbook.add_format({"align": "center"}),
            "total": workbook.add_format({"bold": True, "num_format": "# ##0.00"}),
        }
        for run in runs:
            sheet = workbook.add_worksheet(run.name[:31])
            sheet.write(0, 0, run.name, formats["title"])
            sheet.write(1, 0, run.network_id.display_name)
            for col, (header, width, _value, _kind) in enumerate(COLUMNS):
                sheet.set_column(col, col, width)
                sheet.write(3, col, headers[header], formats["header"])
            first = 4
            lines = run.line_ids.sorted(
                lambda li: (li.subscription_id.name, li.date_from)
            )
            for row, line in enumerate(lines, start=first):
                for col, (_header, _width, value, kind) in enumerate(COLUMNS):
                    cell = value(line)
                    if kind == "bool":
                        cell = self.env._("yes") if cell else ""
                    if cell is None or cell is False:
                        continue
                    sheet.write(row, col, cell, formats[kind])
            last = first + len(lines) - 1
            total_row = last + 1
            sheet.write(total_row, 0, self.env._("Total"), formats["header"])
            for col, (header, _width, _value, _kind) in enumerate(COLUMNS):
                if header in SUMMED and lines:
                    letter = chr(ord("A") + col)
                    sheet.write_formula(
                        total_row,
                        col,
                        f"=SUM({letter}{first + 1}:{letter}{last + 1})",
                        formats["total"],
                        sum(COLUMNS[col][2](li) for li in lines),
                    )
            sheet.freeze_panes(first, 2)
            sheet.autofilter(3, 0, max(last, first), len(COLUMNS) - 1)
