# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..domain import degree_days


class HeatWeatherDay(models.Model):
    _name = "heat.weather.day"
    _description = "Daily temperatures of a weather station"
    _order = "date desc"

    station_id = fields.Many2one(
        "heat.weather.station", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="station_id.company_id", store=True)
    date = fields.Date(required=True, index=True)
    tn = fields.Float(string="Tn (°C)", digits=(5, 1), required=True)
    tx = fields.Float(string="Tx (°C)", digits=(5, 1), required=True)
    dju = fields.Float(
        string="DJU (Météo-France)", digits=(6, 4), compute="_compute_dju", store=True
    )
    dju_costic = fields.Float(
        string="DJU (COSTIC)", digits=(6, 4), compute="_compute_dju", store=True
    )

    _sql_constraints = [
        (
            "station_date_uniq",
            "unique(station_id, date)",
            "One line per station and day.",
        )
    ]

    @api.depends("tn", "tx")
    def _compute_dju(self):
        for day in self:
            tn, tx = round(day.tn, 1), round(day.tx, 1)
            day.dju = float(degree_days.meteo_heating(tn, tx))
            day.dju_costic = float(degree_days.costic_heating(tn, tx))

    @api.constrains("tn", "tx")
    def _check_tn_tx(self):
        for day in self:
            if day.tn > day.tx:
                raise ValidationError(
                    self.env._(
                        "%(station)s on %(date)s: Tn %(tn)s is above Tx %(tx)s.",
                        station=day.station_id.name,
                        date=day.date,
                        tn=day.tn,
                        tx=day.tx,
                    )
                )
