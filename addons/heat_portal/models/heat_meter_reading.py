# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatMeterReading(models.Model):
    _inherit = "heat.meter.reading"

    source = fields.Selection(
        selection_add=[("portal", "Subscriber (online space)")],
        ondelete={"portal": "set default"},
    )
