# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.heat_billing_run import MANAGER_GROUP


class HeatBillingRunPost(models.TransientModel):
    """A billing manager confirms, with a reason, the posting of a run whose checks
    (flagged lines, renewable share) need a look."""

    _name = "heat.billing.run.post"
    _description = "Confirm the posting of a billing run"

    run_id = fields.Many2one(
        "heat.billing.run", required=True, readonly=True, ondelete="cascade"
    )
    checks = fields.Text(related="run_id.post_checks")
    warning_line_ids = fields.Many2many(related="run_id.warning_line_ids")
    is_manager = fields.Boolean(compute="_compute_is_manager")
    reason = fields.Text(
        required=True,
        help="Why the run may be posted as it is; kept in the run's chatter.",
    )

    def _compute_is_manager(self):
        self.is_manager = self.env.user.has_group(MANAGER_GROUP)

    def action_confirm(self):
        self.ensure_one()
        self.run_id._heat_confirm_post(self.reason)
        return self.run_id.action_post()
