# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..domain import degree_days, meteofrance


class HeatWeatherStation(models.Model):
    _name = "heat.weather.station"
    _description = "Weather station"
    _order = "name"

    name = fields.Char(required=True)
    code = fields.Char(
        string="Météo-France id", required=True, help="NUM_POSTE, 8 digits."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    day_ids = fields.One2many("heat.weather.day", "station_id", string="Days")
    normal_ids = fields.One2many("heat.weather.normal", "station_id", string="Normals")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(company_id, code)",
            "This station already exists.",
        )
    ]

    def _heat_import_meteofrance(self, data):
        """Import a Météo-France daily file (API or bulk Q_*); upsert days of the
        stations whose code is in the file. Returns (days written, errors)."""
        try:
            result = meteofrance.parse_daily(data)
        except meteofrance.WeatherFileError as exc:
            raise UserError(str(exc)) from exc
        stations = {s.code: s for s in self}
        rows = [d for d in result.days if d.station in stations]
        if not rows:
            raise UserError(
                self.env._(
                    "The weather file has no day of station(s) %(codes)s.",
                    codes=", ".join(stations),
                )
            )
        days = self.env["heat.weather.day"]
        existing = {
            (d.station_id.id, d.date): d
            for d in days.search(
                [
                    ("station_id", "in", self.ids),
                    ("date", "in", list({r.day for r in rows})),
                ]
            )
        }
        to_create = []
        for row in rows:
            station = stations[row.station]
            vals = {"tn": float(row.tn), "tx": float(row.tx)}
            if (station.id, row.day) in existing:
                existing[(station.id, row.day)].write(vals)
            else:
                to_create.append({"station_id": station.id, "date": row.day, **vals})
        days.create(to_create)
        return len(rows), result.errors

    def action_compute_normals(self):
        """Monthly normals from the complete months of the station's history."""
        for station in self:
            days = [(d.date, str(d.tn), str(d.tx)) for d in station.day_ids]
            normals = degree_days.monthly_normals(days)
            station.normal_ids.unlink()
            self.env["heat.weather.normal"].create(
                [
                    {"station_id": station.id, "month": str(month), "dju": float(value)}
                    for month, value in normals.items()
                ]
            )
        return True

    @api.model
    def _heat_daily(self, station_ids, date_from, date_to, method="meteo"):
        """``{station_id: {date: dju}}`` in one query."""
        field = "dju_costic" if method == "costic" else "dju"
        out = {sid: {} for sid in station_ids}
        for station, day, value in self.env["heat.weather.day"]._read_group(
            [
                ("station_id", "in", list(station_ids)),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            ["station_id", "date:day"],
            [f"{field}:sum"],
        ):
            out[station.id][day] = value
        return out
