# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# Odoo's paper formats print at 90 DPI and ask wkhtmltopdf to zoom the body by 96/90;
# the patched 0.12.3 engine (ADR 0044) does not zoom the header, which then runs over
# the first lines of the following pages. At 96 DPI there is no zoom.
ODOO_DPI, ENGINE_DPI = 90, 96


class ReportPaperformat(models.Model):
    _inherit = "report.paperformat"

    @api.model
    def _heat_setup_dpi(self):
        """Paper formats left at Odoo's 90 DPI print at 96; others are kept."""
        self.search([("dpi", "=", ODOO_DPI)]).write({"dpi": ENGINE_DPI})
