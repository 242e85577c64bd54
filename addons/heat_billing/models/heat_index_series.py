# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatIndexSeries(models.Model):
    """A published price index (INSEE, CEEB wood chips, ...) used to revise tariffs."""

    _name = "heat.index.series"
    _description = "Price index series"
    _order = "name"

    name = fields.Char(required=True)
    code = fields.Char(help="The publisher's identifier, e.g. INSEE idBank 010534766.")
    publisher = fields.Char(help="e.g. INSEE, CEEB, Le Moniteur.")
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Empty: the series is shared by every operator of the database.",
    )
    active = fields.Boolean(default=True)
    value_ids = fields.One2many("heat.index.value", "series_id", string="Values")

    def _heat_latest_values(self, day):
        """``{series id: (date, value)}`` of the last value published on or before
        ``day``, in one query."""
        rows = self.env["heat.index.value"].search_read(
            [("series_id", "in", self.ids), ("date", "<=", day)],
            ["series_id", "date", "value"],
            order="series_id, date desc",
        )
        latest = {}
        for row in rows:
            latest.setdefault(row["series_id"][0], (row["date"], row["value"]))
        return latest
