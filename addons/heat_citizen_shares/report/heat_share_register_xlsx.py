# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

COLUMNS = [
    "date",
    "partner_id",
    "class_id",
    "movement_type",
    "signed_quantity",
    "share_number_from",
    "share_number_to",
    "certificate_number",
    "amount",
]


class HeatShareRegisterXlsx(models.AbstractModel):
    """The share register: the approved movements by date, then holdings per holder."""

    _name = "report.heat_citizen_shares.register_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Share register (XLSX)"

    def get_workbook_options(self):
        # names and labels typed by users are text: "=HYPERLINK(...)" or a URL must
        # not become a live formula or link (formulas are written by write_formula)
        return {"strings_to_formulas": False, "strings_to_urls": False}

    def generate_xlsx_report(self, workbook, data, lines):
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        lines = lines.filtered(lambda line: line.state == "done").sorted(
            lambda line: (line.date, line.id)
        )
        sheet = workbook.add_worksheet(self.env._("Register"))
        fields_ = lines._fields
        for col, field in enumerate(COLUMNS):
            sheet.write(0, col, fields_[field]._description_string(self.env), bold)
            sheet.set_column(col, col, 18)
        labels = dict(fields_["movement_type"]._description_selection(self.env))
        for row, line in enumerate(lines, 1):
            sheet.write_datetime(row, 0, line.date, day)
            sheet.write(row, 1, line.partner_id.display_name)
            sheet.write(row, 2, line.class_id.display_name)
            label = labels[line.movement_type]
            if line.reversal:
                label = self.env._("%(type)s (reversal)", type=label)
            sheet.write(row, 3, label)
            sheet.write_number(row, 4, line.signed_quantity)
            sheet.write(row, 5, line.share_number_from or "")
            sheet.write(row, 6, line.share_number_to or "")
            sheet.write(row, 7, line.certificate_number or "")
            sheet.write_number(row, 8, line.amount, money)
        total = len(lines) + 1
        sheet.write(total, 0, self.env._("Total"), bold)
        sheet.write_number(total, 4, sum(lines.mapped("signed_quantity")), bold)
        sheet.write_number(total, 8, sum(lines.mapped("amount")), money)

        holders = workbook.add_worksheet(self.env._("Holdings"))
        for col, title in enumerate(
            (self.env._("Holder"), self.env._("Class"), self.env._("Shares"))
        ):
            holders.write(0, col, title, bold)
            holders.set_column(col, col, 24)
        totals = {}
        for line in lines:
            key = (line.partner_id, line.class_id)
            totals[key] = totals.get(key, 0) + line.signed_quantity
        row = 1
        for (partner, share_class), shares in sorted(
            totals.items(), key=lambda item: (item[0][0].name, item[0][1].sequence)
        ):
            if shares:
                holders.write(row, 0, partner.display_name)
                holders.write(row, 1, share_class.display_name)
                holders.write_number(row, 2, shares)
                row += 1
