# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HeatPlant(models.Model):
    _name = "heat.plant"
    _description = "Heat plant"
    _order = "network_id, name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
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
    boiler_ids = fields.One2many("heat.boiler", "plant_id", string="Boilers")
    address = fields.Char()
    commissioning_date = fields.Date()
    main_power_kw = fields.Float(
        string="Main power (kW)",
        compute="_compute_power",
        digits=(16, 1),
        help="Total power of the main boilers.",
    )
    backup_power_kw = fields.Float(
        string="Backup power (kW)",
        compute="_compute_power",
        digits=(16, 1),
        help="Total power of the backup boilers.",
    )
    note = fields.Text()

    @api.depends("boiler_ids.power_kw", "boiler_ids.role")
    def _compute_power(self):
        for plant in self:
            plant.main_power_kw = sum(
                plant.boiler_ids.filtered(lambda b: b.role == "main").mapped("power_kw")
            )
            plant.backup_power_kw = sum(
                plant.boiler_ids.filtered(lambda b: b.role == "backup").mapped(
                    "power_kw"
                )
            )
