# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import ValidationError


class AccountBankingMandate(models.Model):
    _inherit = "account.banking.mandate"

    def _heat_check_signed_by(self, partner, document):
        """A mandate debits only the one who signed it: refuse it on ``document``
        (a subscription, a share subscription) of another ``partner``."""
        holder = self.partner_id.commercial_partner_id
        if self and holder != partner.commercial_partner_id:
            raise ValidationError(
                self.env._(
                    "Mandate %(mandate)s is signed by %(holder)s, not by the "
                    "subscriber of %(subscription)s.",
                    mandate=self.display_name,
                    holder=holder.display_name,
                    subscription=document,
                )
            )
