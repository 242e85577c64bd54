# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

COLUMNS = [
    "network_id",
    "date_from",
    "wood_tonnes",
    "produced_wood_mwh",
    "produced_backup_mwh",
    "produced_mwh",
    "delivered_mwh",
    "losses_mwh",
    "efficiency",
    "renewable_share",
    "dju",
    "normal_dju",
]
TOTALS = {
    "wood_tonnes",
    "produced_wood_mwh",
    "produced_backup_mwh",
    "produced_mwh",
    "delivered_mwh",
    "losses_mwh",
    "dju",
    "normal_dju",
}


class HeatNetworkKpiXlsx(models.AbstractModel):
    _name = "report.heat_metering.network_kpi_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Operations follow-up (XLSX)"

    def get_workbook_options(self):
        # names and labels typed by users are text: "=HYPERLINK(...)" or a URL must
        # not become a live formula or link (formulas are written by write_formula)
        return {"strings_to_formulas": False, "strings_to_urls": False}

    def generate_xlsx_report(self, workbook, data, kpis):
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "#,##0.000"})
        percent = workbook.add_format({"num_format": "0.0%"})
        month = workbook.add_format({"num_format": "mm/yyyy"})
        sheet = workbook.add_worksheet(self.env._("Operations follow-up"))
        fields_ = kpis._fields
        for col, field in enumerate(COLUMNS):
            sheet.write(0, col, fields_[field]._description_string(self.env), bold)
            sheet.set_column(col, col, 16)
        for row, line in enumerate(
            kpis.sorted(lambda k: (k.network_id.name, k.date_from)), 1
        ):
            for col, field in enumerate(COLUMNS):
                value = line[field]
                if field == "network_id":
                    sheet.write(row, col, value.name)
                elif field == "date_from":
                    sheet.write_datetime(row, col, value, month)
                elif field in ("efficiency", "renewable_share"):
                    sheet.write_number(row, col, value, percent)
                else:
                    sheet.write_number(row, col, value, number)
        total = len(kpis) + 1
        sheet.write(total, 0, self.env._("Total"), bold)
        for col, field in enumerate(COLUMNS):
            if field in TOTALS:
                sheet.write_number(total, col, sum(kpis.mapped(field)), number)
        produced = sum(kpis.mapped("produced_mwh"))
        if produced:
            sheet.write_number(
                total, 8, sum(kpis.mapped("delivered_mwh")) / produced, percent
            )
            sheet.write_number(
                total, 9, sum(kpis.mapped("produced_wood_mwh")) / produced, percent
            )
