# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .heat_share_subscription import MANAGER


class HeatShareLine(models.Model):
    _inherit = "heat.share.line"

    redemption_repaid = fields.Boolean(
        string="Repaid",
        compute="_compute_redemption_repaid",
        help="The redeemed capital was paid back to the member.",
    )

    def _compute_redemption_repaid(self):
        for line in self:
            owed = line._heat_owed_line()
            line.redemption_repaid = bool(owed) and owed.reconciled

    def action_pay_redemptions(self):
        """Repay the members their redeemed capital by one SEPA credit transfer order
        per company, its pain.001 file generated."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only a share register manager repays redemptions.")
            )
        Order = self.env["account.payment.order"]
        owed = Order._heat_lines_free(
            self.filtered(lambda line: line.state == "done")
            ._heat_owed_line()
            .filtered(lambda aml: not aml.reconciled)
        )
        if not owed:
            raise UserError(
                self.env._("None of these lines is a redemption left to repay.")
            )
        orders = Order._heat_pay_out(owed, self.env._("Redemptions"))
        return orders._get_records_action(name=self.env._("Credit transfer orders"))

    def _heat_owed_line(self):
        """The journal items of these redemptions on the member's current account:
        what the company owes."""
        owed = self.env["account.move.line"]
        for line in self.filtered(
            lambda line: line.movement_type == "redemption" and not line.reversal
        ):
            owed |= line.move_id.line_ids.filtered(
                lambda aml, account=line.class_id.account_redeemed_id: (
                    aml.account_id == account
                )
            )
        return owed
