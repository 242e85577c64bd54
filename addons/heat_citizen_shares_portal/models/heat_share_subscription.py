# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, fields, models

APPROVAL_ACTIVITY = "heat_citizen_shares_portal.mail_activity_type_heat_share_approve"


class HeatShareSubscription(models.Model):
    """A request may come from the public form: its consent, the payment asked and
    the account to debit are kept on it, and the board gets an activity to approve
    it (Odoo's way of asking a user to act on a record, as hr_expense does for an
    expense to approve)."""

    _name = "heat.share.subscription"
    _inherit = [
        "heat.share.subscription",
        "heat.web.form.consent.mixin",
        "mail.activity.mixin",
    ]

    request_origin = fields.Selection(
        [("office", "Back office"), ("web", "Web form")],
        string="Asked on",
        default="office",
        required=True,
        readonly=True,
        copy=False,
    )
    web_payment = fields.Selection(
        [("transfer", "Bank transfer"), ("mandate", "SEPA direct debit")],
        string="Payment asked on the web form",
        readonly=True,
        copy=False,
    )
    web_bank_id = fields.Many2one(
        "res.partner.bank",
        string="Account to debit",
        readonly=True,
        copy=False,
        help="The account given on the web form, for the mandate to sign.",
    )
    web_birth_date = fields.Date(
        string="Date of birth",
        readonly=True,
        copy=False,
        help="Given on the web form by a person subscribing in its own name.",
    )

    def action_approve(self):
        res = super().action_approve()
        self.activity_feedback(
            [APPROVAL_ACTIVITY], feedback=self.env._("Approved by the board.")
        )
        return res

    def action_cancel(self):
        res = super().action_cancel()
        self.activity_unlink([APPROVAL_ACTIVITY])
        return res

    def _heat_ask_the_board(self):
        """An activity "To approve" for each share manager of the request's
        company, who approves or cancels it; Odoo tells each of them by e-mail or
        in their inbox, as they chose."""
        activity_type = self.env.ref(APPROVAL_ACTIVITY)
        managers = (
            self.env.ref("heat_citizen_shares.heat_citizen_shares_group_manager")
            .sudo()
            .users
        )
        model = self.env["ir.model"]._get_id(self._name)
        # assigned by the system, not by the public user who sent the form
        self.env["mail.activity"].with_user(SUPERUSER_ID).create(
            [
                {
                    "res_model_id": model,
                    "res_id": subscription.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": activity_type.summary,
                    "date_deadline": activity_type._get_date_deadline(),
                    # closed by the approval or the cancellation (activity_feedback)
                    "automated": True,
                }
                for subscription in self
                for user in managers
                if not user.share and subscription.company_id in user.company_ids
            ]
        )
