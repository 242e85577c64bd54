# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatNetwork(models.Model):
    _inherit = "heat.network"

    heat_co2_content = fields.Float(
        string="CO2 content (kg/kWh)",
        digits=(6, 3),
        help="The network's CO2 content per kWh delivered, as published yearly in the "
        "French DPE order (arrêté) for each network; printed on invoices.",
    )
    heat_dpe_identifier = fields.Char(
        string="DPE identifier", help="The network's identifier in the DPE order."
    )
