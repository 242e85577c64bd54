# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# UN/ECE Recommendation 20 codes of the tariff's units, for the e-invoices (Factur-X
# and UBL) Odoo builds: megawatt hour, kilowatt hour, month
UNECE_CODES = {
    "heat_billing.uom_mwh": "MWH",
    "heat_billing.uom_kwh": "KWH",
    "heat_billing.uom_month": "MON",
}


class AccountEdiCommon(models.AbstractModel):
    _inherit = "account.edi.common"

    def _get_uom_unece_code(self, uom):
        xmlid = uom.get_external_id().get(uom.id) if uom else None
        return UNECE_CODES.get(xmlid) or super()._get_uom_unece_code(uom)
