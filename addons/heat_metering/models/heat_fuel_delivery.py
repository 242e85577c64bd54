# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

KWH_PER_UNIT = {"heating_oil": 10.0, "propane": 12780.0, "natural_gas": 1.0}


class HeatFuelDelivery(models.Model):
    _name = "heat.fuel.delivery"
    _description = "Backup fuel delivery"
    _order = "date desc, id desc"
    _check_company_auto = True

    network_id = fields.Many2one(
        "heat.network", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(
        related="network_id.company_id", store=True, precompute=True, index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    partner_id = fields.Many2one("res.partner", string="Supplier")
    fuel = fields.Selection(
        [
            ("heating_oil", "Heating oil (litres)"),
            ("propane", "Propane (tonnes)"),
            ("natural_gas", "Natural gas (kWh PCI)"),
        ],
        required=True,
        default="heating_oil",
    )
    quantity = fields.Float(digits=(12, 3), required=True)
    energy_mwh = fields.Float(
        string="Energy (MWh PCI)", digits=(12, 3), compute="_compute_energy", store=True
    )

    @api.depends("fuel", "quantity")
    def _compute_energy(self):
        for delivery in self:
            delivery.energy_mwh = delivery.quantity * KWH_PER_UNIT[delivery.fuel] / 1000

    @api.constrains("quantity")
    def _check_quantity(self):
        for delivery in self:
            if delivery.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "Fuel delivery of %(date)s: the quantity must be positive.",
                        date=delivery.date,
                    )
                )
