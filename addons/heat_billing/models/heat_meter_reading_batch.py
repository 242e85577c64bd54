# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL


class HeatMeterReadingBatch(models.Model):
    _inherit = "heat.meter.reading.batch"

    def _heat_flag_batch_extra(self):
        # the readings of the batch inside a posted period (ADR 0036), in one query
        flagged = self.env["heat.meter.reading"]._heat_flag_after_posting(
            SQL("r.batch_id = %s", self.id), self
        )
        return super()._heat_flag_batch_extra() + flagged
