# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HeatPipeSegment(models.Model):
    _name = "heat.pipe.segment"
    _description = "Pipe segment"
    _order = "network_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    network_id = fields.Many2one(
        "heat.network",
        string="Network",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="network_id.company_id", store=True, precompute=True, index=True
    )
    length_m = fields.Float(
        string="Length (m)", digits=(16, 1), required=True, aggregator="sum"
    )
    nominal_diameter = fields.Integer(
        string="Nominal diameter (DN)", help="Nominal diameter of the pipe, e.g. 65."
    )
    year_laid = fields.Integer(string="Year laid")

    @api.constrains("length_m")
    def _check_length_m(self):
        for segment in self:
            if segment.length_m <= 0:
                raise ValidationError(
                    self.env._(
                        "The length of pipe segment %(name)s must be positive "
                        "(%(length)s m given).",
                        name=segment.display_name,
                        length=segment.length_m,
                    )
                )

    @api.constrains("nominal_diameter", "year_laid")
    def _check_diameter_year(self):
        for segment in self:
            if segment.nominal_diameter < 0:
                raise ValidationError(
                    self.env._(
                        "The nominal diameter of pipe segment %(name)s cannot be "
                        "negative.",
                        name=segment.display_name,
                    )
                )
            if segment.year_laid and not 1900 <= segment.year_laid <= 2200:
                raise ValidationError(
                    self.env._(
                        "The year laid of pipe segment %(name)s is not a valid year "
                        "(%(year)s).",
                        name=segment.display_name,
                        year=segment.year_laid,
                    )
                )
