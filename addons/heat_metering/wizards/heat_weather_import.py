# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import fields, models


class HeatWeatherImport(models.TransientModel):
    _name = "heat.weather.import"
    _description = "Import Météo-France daily temperatures"

    station_ids = fields.Many2many(
        "heat.weather.station", string="Stations", required=True
    )
    data_file = fields.Binary(string="File", required=True)
    file_name = fields.Char()
    result = fields.Text(readonly=True)

    def action_import(self):
        self.ensure_one()
        count, errors = self.station_ids._heat_import_meteofrance(
            base64.b64decode(self.data_file)
        )
        lines = [self.env._("%(count)s day(s) imported.", count=count)]
        lines += [
            self.env._("Line %(line)s: %(error)s", line=line, error=error)
            for line, error in errors
        ]
        self.result = "\n".join(lines)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
