# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..domain import kpi


class HeatWoodDelivery(models.Model):
    _name = "heat.wood.delivery"
    _description = "Wood delivery"
    _order = "date desc, id desc"
    _check_company_auto = True

    network_id = fields.Many2one(
        "heat.network", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(
        related="network_id.company_id", store=True, precompute=True, index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    partner_id = fields.Many2one("res.partner", string="Supplier")
    fuel_type = fields.Selection(
        [("chips", "Wood chips"), ("pellets", "Wood pellets")],
        required=True,
        default="chips",
    )
    tonnes = fields.Float(digits=(12, 3), required=True)
    moisture_pct = fields.Float(string="Moisture (%)", digits=(5, 1), required=True)
    pci_mwh_t = fields.Float(
        string="PCI (MWh/t)",
        digits=(8, 4),
        compute="_compute_energy",
        store=True,
        help="Lower heating value of the wood as delivered, from its moisture.",
    )
    energy_mwh = fields.Float(
        string="Energy (MWh)", digits=(12, 3), compute="_compute_energy", store=True
    )

    @api.depends("tonnes", "moisture_pct", "fuel_type")
    def _compute_energy(self):
        for delivery in self:
            if 0 <= delivery.moisture_pct < 100:
                pci = kpi.pci_mwh_per_tonne(
                    round(delivery.moisture_pct, 1), delivery.fuel_type
                )
            else:
                pci = 0
            delivery.pci_mwh_t = float(pci)
            delivery.energy_mwh = float(pci) * delivery.tonnes

    @api.constrains("tonnes", "moisture_pct")
    def _check_values(self):
        for delivery in self:
            if delivery.tonnes <= 0 or not 0 <= delivery.moisture_pct < 100:
                raise ValidationError(
                    self.env._(
                        "Wood delivery of %(date)s: tonnes must be positive and "
                        "moisture between 0 and 100 %%.",
                        date=delivery.date,
                    )
                )
