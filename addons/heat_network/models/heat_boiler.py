# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HeatBoiler(models.Model):
    _name = "heat.boiler"
    _description = "Boiler"
    _order = "plant_id, role desc, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    plant_id = fields.Many2one(
        "heat.plant",
        string="Plant",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    network_id = fields.Many2one(
        related="plant_id.network_id", store=True, string="Network"
    )
    company_id = fields.Many2one(
        related="plant_id.company_id", store=True, precompute=True, index=True
    )
    fuel = fields.Selection(
        [
            ("wood_chips_forest", "Forest wood chips"),
            ("wood_chips_sawmill", "Sawmill wood chips"),
            ("pellets", "Wood pellets"),
            ("heating_oil", "Heating oil"),
            ("natural_gas", "Natural gas"),
            ("propane", "Propane"),
            ("electricity", "Electricity"),
        ],
        required=True,
        default="wood_chips_forest",
    )
    role = fields.Selection(
        [("main", "Main"), ("backup", "Backup")], required=True, default="main"
    )
    power_kw = fields.Float(string="Power (kW)", digits=(16, 1), required=True)
    seasonal_efficiency = fields.Float(
        digits=(16, 4),
        default=0.85,
        help="Seasonal efficiency of the boiler, as a ratio of the fuel's lower "
        "heating value (0.85 for 85 %).",
    )
    flue_gas_filter = fields.Selection(
        [
            ("none", "None"),
            ("multicyclone", "Multicyclone"),
            ("electrostatic", "Electrostatic"),
            ("bag", "Bag filter"),
        ],
        string="Flue-gas filter",
    )
    commissioning_date = fields.Date()
    is_renewable = fields.Boolean(
        compute="_compute_is_renewable",
        store=True,
        help="Wood-fired boiler (chips or pellets).",
    )

    @api.depends("fuel")
    def _compute_is_renewable(self):
        for boiler in self:
            boiler.is_renewable = boiler.fuel in (
                "wood_chips_forest",
                "wood_chips_sawmill",
                "pellets",
            )

    @api.constrains("power_kw")
    def _check_power_kw(self):
        for boiler in self:
            if boiler.power_kw <= 0:
                raise ValidationError(
                    self.env._(
                        "The power of boiler %(name)s must be positive "
                        "(%(power)s kW given).",
                        name=boiler.display_name,
                        power=boiler.power_kw,
                    )
                )

    @api.constrains("seasonal_efficiency")
    def _check_seasonal_efficiency(self):
        for boiler in self:
            if not 0 < boiler.seasonal_efficiency <= 1.1:
                raise ValidationError(
                    self.env._(
                        "The seasonal efficiency of boiler %(name)s must be a ratio "
                        "between 0 and 1.1 (%(value)s given).",
                        name=boiler.display_name,
                        value=boiler.seasonal_efficiency,
                    )
                )
