# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from odoo import models
from odoo.tools import formatLang

from ..domain import yearly_report


class HeatNetworkYearlySurveyXlsx(models.AbstractModel):
    _name = "report.heat_metering.network_yearly_survey"
    _inherit = "report.report_xlsx.abstract"
    _description = "Annual survey of a heat network (XLSX)"

    def get_workbook_options(self):
        # names typed by users stay text, never a live formula or link
        return {"strings_to_formulas": False, "strings_to_urls": False}

    def _selection(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    def _survey_lines(self, values):
        """The rows of the survey sheet: ``(label, value, unit, kind, note)`` where
        kind is a cell format (``text``, ``number``, ``percent``, ``date``,
        ``integer``, ``factor``) or ``section`` for a heading."""
        sectors = self._selection("heat.building.category", "survey_sector")
        fuels = self._selection("heat.boiler", "fuel")
        sources = {
            "deliveries": self.env._("from the wood deliveries (tonnes and PCI)"),
            "production": self.env._(
                "from the heat produced and the boiler's efficiency"
            ),
        }
        network = values["network"]
        backup = ", ".join(
            fuels.get(f, f) for f in dict.fromkeys(values["backup_fuels"])
        )
        lines = [
            (self.env._("Network name"), network.name, "", "text", ""),
            (self.env._("Network code"), network.code, "", "text", ""),
            (self.env._("Commune"), network.commune or "", "", "text", ""),
            (self.env._("Operator"), values["company"].name, "", "text", ""),
            (self.env._("SIREN"), values["siren"], "", "text", ""),
            (self.env._("Period from"), values["date_from"], "", "date", ""),
            (self.env._("Period to"), values["date_to"], "", "date", ""),
            (self.env._("Network"), None, "", "section", ""),
            (
                self.env._("Network length"),
                values["length_km"],
                self.env._("km"),
                "number",
                "",
            ),
            (
                self.env._("Delivery points (sub-stations)"),
                values["delivery_point_count"],
                "",
                "integer",
                "",
            ),
            (
                self.env._("Metered delivery points"),
                values["metered_count"],
                "",
                "integer",
                "",
            ),
            (self.env._("Heat delivered"), None, "", "section", ""),
        ]
        for sector in yearly_report.SECTORS:
            lines.append(
                (
                    self.env._("Delivered: %(sector)s", sector=sectors[sector]),
                    float(values["sectors_mwh"][sector]),
                    self.env._("MWh"),
                    "number",
                    "",
                )
            )
        lines += [
            (
                self.env._("Total delivered"),
                values["delivered_mwh"],
                self.env._("MWh"),
                "number",
                "",
            ),
            (self.env._("Heat produced"), None, "", "section", ""),
            (
                self.env._("Produced by wood"),
                values["produced_wood_mwh"],
                self.env._("MWh"),
                "number",
                "",
            ),
            (
                self.env._("Produced by backup"),
                values["produced_backup_mwh"],
                self.env._("MWh"),
                "number",
                backup,
            ),
            (
                self.env._("Total produced"),
                values["produced_mwh"],
                self.env._("MWh"),
                "number",
                "",
            ),
            (
                self.env._("Network losses"),
                values["losses_mwh"],
                self.env._("MWh"),
                "number",
                "",
            ),
            (
                self.env._("Network efficiency"),
                values["efficiency"] or 0,
                "",
                "percent",
                "",
            ),
            (
                self.env._("Wood burnt"),
                values["wood_tonnes"],
                self.env._("t"),
                "number",
                "",
            ),
            (self.env._("Renewable energy and CO2"), None, "", "section", ""),
            (
                self.env._("Renewable and recovered share"),
                float(values["renewable_share"] or 0),
                "",
                "percent",
                self.env._("wood over all the heat produced"),
            ),
        ]
        for fuel, mwh, source in values["burnt"]:
            factor = yearly_report.EMISSION_FACTORS[fuel]
            lines.append(
                (
                    self.env._("Energy burnt: %(fuel)s", fuel=fuels.get(fuel, fuel)),
                    float(mwh),
                    self.env._("MWh PCI"),
                    "number",
                    self.env._(
                        "%(factor)s kg CO2/kWh PCI; %(origin)s",
                        factor=formatLang(self.env, float(factor), digits=3),
                        origin=sources[source],
                    ),
                )
            )
        lines += [
            (
                self.env._("CO2 emitted"),
                float(values["emissions_t"]),
                self.env._("t CO2"),
                "number",
                "",
            ),
            (
                self.env._("CO2 content of the heat delivered"),
                float(values["co2_kg_per_kwh"] or 0),
                self.env._("kg CO2/kWh"),
                "factor",
                self.env._(
                    "emission factors: %(origin)s",
                    origin=yearly_report.EMISSION_FACTORS_SOURCE,
                ),
            ),
            (
                self.env._("Includes estimated consumption"),
                self.env._("Yes") if values["estimated"] else self.env._("No"),
                "",
                "text",
                "",
            ),
            (self.env._("Classement criteria"), None, "", "section", ""),
        ]
        lines += self._criteria_lines(values)
        return lines

    def _criteria_lines(self, values):
        labels = {
            "renewable_share": self.env._(
                "At least half of the heat renewable or recovered"
            ),
            "metering": self.env._("Every delivery point metered"),
            "balanced_accounts": self.env._("Balanced accounts"),
        }
        lines = []
        for code, met, figure in values["criteria"]:
            if code == "renewable_share":
                share = formatLang(self.env, float(figure or 0) * 100, digits=1)
                note = self.env._("%(share)s %%", share=share)
            elif code == "metering":
                note = self.env._(
                    "%(metered)s of %(count)s metered throughout the period",
                    metered=figure[0],
                    count=figure[1],
                )
            else:
                note = self.env._("as ticked on the report")
            lines.append(
                (
                    labels[code],
                    self.env._("Met") if met else self.env._("Not met"),
                    "",
                    "text",
                    note,
                )
            )
        return lines

    def generate_xlsx_report(self, workbook, data, wizards):
        for wizard in wizards:
            self._write_survey(workbook, wizard._prepare_survey_values())

    def _write_survey(self, workbook, values):
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        formats = {
            "number": workbook.add_format({"num_format": "#,##0.000"}),
            "integer": workbook.add_format({"num_format": "0"}),
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "factor": workbook.add_format({"num_format": "0.0000"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        }
        sheet = workbook.add_worksheet(self.env._("Annual survey"))
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, 1, 44)
        sheet.set_column(2, 2, 12)
        sheet.set_column(3, 3, 60)
        sheet.write(0, 0, self.env._("Annual survey of heat networks"), title)
        for col, head in enumerate(
            (
                self.env._("Figure"),
                self.env._("Value"),
                self.env._("Unit"),
                self.env._("Note"),
            )
        ):
            sheet.write(1, col, head, bold)
        row = 2
        for label, value, unit, kind, note in self._survey_lines(values):
            if kind == "section":
                row += 1
                sheet.write(row, 0, label, bold)
                row += 1
                continue
            sheet.write_string(row, 0, label)
            if kind == "text":
                sheet.write_string(row, 1, value or "")
            elif kind == "date":
                sheet.write_datetime(
                    row, 1, datetime.combine(value, time()), formats["date"]
                )
            else:
                sheet.write_number(row, 1, value or 0, formats[kind])
            if unit:
                sheet.write_string(row, 2, unit)
            if note:
                sheet.write_string(row, 3, note)
            row += 1
        self._write_delivery_points(workbook, values, bold, formats["number"])

    def _write_delivery_points(self, workbook, values, bold, number):
        sectors = self._selection("heat.building.category", "survey_sector")
        sheet = workbook.add_worksheet(self.env._("Delivery points"))
        heads = (
            self.env._("Sub-station"),
            self.env._("Building category"),
            self.env._("Survey sector"),
            self.env._("Delivered (MWh)"),
            self.env._("Delivery point in the period"),
            self.env._("Metered throughout"),
            self.env._("Estimated"),
        )
        for col, head in enumerate(heads):
            sheet.write(0, col, head, bold)
            sheet.set_column(col, col, 22 if col else 40)
        yes, no = self.env._("Yes"), self.env._("No")
        for row, point in enumerate(values["delivery_points"], 1):
            sheet.write_string(row, 0, point["substation"].display_name)
            sheet.write_string(row, 1, point["category"])
            sheet.write_string(row, 2, sectors[point["sector"]])
            sheet.write_number(row, 3, float(point["kwh"]) / 1000, number)
            sheet.write_string(row, 4, yes if point["active"] else no)
            sheet.write_string(row, 5, yes if point["metered"] else no)
            sheet.write_string(row, 6, yes if point["estimated"] else no)
