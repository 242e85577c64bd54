# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class HeatShareInterestXlsx(models.AbstractModel):
    """The yearly data of the tax return of the interest on shares (IFU, form 2561):
    one row per beneficiary with their identity, address, birth date when known, the
    gross interest and what was withheld."""

    _name = "report.heat_citizen_shares.interest_ifu_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Interest on shares, IFU data (XLSX)"

    def get_workbook_options(self):
        # names and addresses typed by users are text, never formulas or links
        return {"strings_to_formulas": False, "strings_to_urls": False}

    def _columns(self):
        return [
            self.env._("Beneficiary"),
            self.env._("Legal person"),
            self.env._("Street"),
            self.env._("Street 2"),
            self.env._("ZIP"),
            self.env._("City"),
            self.env._("Country"),
            self.env._("Birth date"),
            self.env._("Birthplace"),
            self.env._("Gross interest"),
            self.env._("PFNL withheld"),
            self.env._("Social levies withheld"),
            self.env._("Net interest"),
            self.env._("Exempt from the PFNL"),
        ]

    @staticmethod
    def _text(sheet, row, col, value):
        """Text typed by users, as text (never a formula); nothing when empty."""
        if value:
            sheet.write_string(row, col, value)

    def generate_xlsx_report(self, workbook, data, interests):
        not_posted = interests.filtered(lambda i: i.state != "posted")
        if not_posted:
            raise UserError(
                self.env._(
                    "%(name)s is not posted: its tax data cannot be exported.",
                    name=not_posted[0].display_name,
                )
            )
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True})
        for interest in interests:
            self._write_sheet(workbook, interest, bold, day, money, money_bold)

    def _write_sheet(self, workbook, interest, bold, day, money, money_bold):
        company = interest.company_id
        sheet = workbook.add_worksheet(
            self.env._("IFU %(year)s", year=interest.date.year)[:31]
        )
        sheet.write(0, 0, company.name, bold)
        sheet.write(0, 2, self.env._("SIRET"))
        sheet.write(0, 3, company.siret or "")
        sheet.write(1, 0, interest.display_name)
        sheet.write(1, 2, self.env._("Year of payment"))
        sheet.write_number(1, 3, interest.date.year)
        sheet.write(2, 0, self.env._("Rate voted (%)"))
        sheet.write_number(2, 1, interest.rate)
        header = 4
        for col, title in enumerate(self._columns()):
            sheet.write(header, col, title, bold)
            sheet.set_column(col, col, 16 if col else 28)
        yes, no = self.env._("Yes"), self.env._("No")
        row = header
        for row, line in enumerate(interest.line_ids, header + 1):
            partner = line.partner_id
            self._text(sheet, row, 0, partner.name)
            sheet.write(row, 1, yes if line.legal_person else no)
            self._text(sheet, row, 2, partner.street)
            self._text(sheet, row, 3, partner.street2)
            self._text(sheet, row, 4, partner.zip)
            self._text(sheet, row, 5, partner.city)
            self._text(sheet, row, 6, partner.country_id.name)
            birthdate = partner.share_birthdate
            if birthdate and not line.legal_person:
                sheet.write_datetime(row, 7, birthdate, day)
            self._text(sheet, row, 8, partner.share_birthplace)
            sheet.write_number(row, 9, line.gross, money)
            sheet.write_number(row, 10, line.pfnl, money)
            sheet.write_number(row, 11, line.social, money)
            sheet.write_number(row, 12, line.net, money)
            sheet.write(row, 13, yes if line.exempt else no)
        total = row + 1
        sheet.write(total, 0, self.env._("Total"), bold)
        for col, fname in ((9, "gross"), (10, "pfnl"), (11, "social"), (12, "net")):
            amount = interest.currency_id.round(sum(interest.line_ids.mapped(fname)))
            sheet.write_number(total, col, amount, money_bold)
