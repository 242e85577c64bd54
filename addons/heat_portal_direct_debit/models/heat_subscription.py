# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.heat_billing_direct_debit.domain.direct_debit import mask_iban


class HeatSubscription(models.Model):
    _inherit = "heat.subscription"

    def _heat_portal_mandate(self):
        """What the subscriber sees of its mandate (mandates have no portal access
        right): its reference, signature date, state and account, masked as on the
        invoices; ``None`` without one."""
        self.ensure_one()
        mandate = self.sudo().mandate_id
        if not mandate:
            return None
        return {
            "reference": mandate.unique_mandate_reference,
            "signature_date": mandate.signature_date,
            "state": dict(
                mandate._fields["state"]._description_selection(self.env)
            ).get(mandate.state),
            "valid": mandate.state == "valid",
            "account": mask_iban(mandate.partner_bank_id.acc_number),
            "creditor": self.company_id.sudo().sepa_creditor_identifier,
        }
