# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HeatSubscription(models.Model):
    _inherit = "heat.subscription"

    heat_main_residence = fields.Boolean(
        string="Main residence",
        tracking=True,
        help="The heat supplied is that of the subscriber's main residence: from 1 "
        "November to 31 March no interruption for non-payment is allowed (winter "
        "truce, code de l'action sociale et des familles, art. L115-3), and the "
        "formal notice is not sent.",
    )
    overdue_reminder_count = fields.Integer(
        string="Reminders", compute="_compute_overdue_reminder_count"
    )

    def _compute_overdue_reminder_count(self):
        groups = self.env["overdue.reminder.action"]._read_group(
            [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            ["commercial_partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for subscription in self:
            subscription.overdue_reminder_count = counts.get(
                subscription.commercial_partner_id.id, 0
            )

    def action_view_overdue_reminders(self):
        self.ensure_one()
        return (
            self.env["overdue.reminder.action"]
            .search([("commercial_partner_id", "=", self.commercial_partner_id.id)])
            ._get_records_action(name=self.env._("Reminders"))
        )

    @api.model
    def _heat_main_residence_partners(self, partners, company):
        """The commercial partners among ``partners`` with an active subscription of
        ``company`` that heats a main residence."""
        return self.search(
            [
                ("commercial_partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("state", "=", "active"),
                ("heat_main_residence", "=", True),
            ]
        ).commercial_partner_id

    @api.model
    def _heat_demo_reminders(self, partner_id):
        """Demo: the subscriber's home is a main residence; its January invoice got a
        courteous reminder a month ago and a firm one today."""
        partner = self.env["res.partner"].browse(partner_id)
        self.search([("partner_id", "=", partner.id)]).heat_main_residence = True
        for days_ago in (30, 0):
            wizard = self.env["overdue.reminder.start"].create(
                {"start_days": 0, "min_interval_days": 1, "interface": "mass"}
            )
            wizard.run()
            step = self.env["overdue.reminder.step"].search(
                [
                    ("commercial_partner_id", "=", partner.id),
                    ("user_id", "=", self.env.uid),
                ]
            )
            step.reminder_type = "mail"
            step.validate()
            action = self.env["overdue.reminder.action"].search(
                [("commercial_partner_id", "=", partner.id)], limit=1
            )
            action.date = fields.Date.subtract(fields.Date.today(), days=days_ago)
