# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import models
from odoo.exceptions import AccessError, UserError

from .heat_share_subscription import MANAGER


class HeatShareInterest(models.Model):
    _inherit = "heat.share.interest"

    def action_pay_by_transfer(self):
        """Pay each member its net interest by one SEPA credit transfer order per
        company, its pain.001 file generated; the members without a bank account
        are named in the chatter, to be paid another way."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only a share register manager pays the interest.")
            )
        Order = self.env["account.payment.order"]
        owed = Order._heat_lines_free(
            self.filtered(
                lambda interest: interest.state == "posted"
            ).line_ids.move_line_id.filtered(lambda aml: not aml.reconciled)
        )
        if not owed:
            raise UserError(self.env._("No interest is left to pay here."))
        without_account = owed.filtered(lambda aml: not aml.partner_id.bank_ids)
        if not owed - without_account:
            raise UserError(
                self.env._(
                    "Record the bank account of %(members)s before paying them.",
                    members=", ".join(
                        without_account.partner_id.mapped("display_name")
                    ),
                )
            )
        for interest in self:
            left = without_account.filtered(
                lambda aml, interest=interest: aml.move_id == interest.move_id
            )
            if left:
                interest.message_post(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Not in the transfer order, without a bank account: "
                        "%(members)s.",
                        members=", ".join(left.partner_id.mapped("display_name")),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        orders = Order._heat_pay_out(
            owed - without_account, self.env._("Interest on shares")
        )
        return orders._get_records_action(name=self.env._("Credit transfer orders"))
