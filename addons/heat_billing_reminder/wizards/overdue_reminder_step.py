# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..domain import winter_truce
from ..models.overdue_reminder_action import LEVELS


class OverdueReminderStep(models.TransientModel):
    _inherit = "overdue.reminder.step"

    heat_level = fields.Selection(
        LEVELS, string="Level", compute="_compute_heat_level", store=True
    )
    heat_truce_held = fields.Boolean(
        string="Held by the winter truce", compute="_compute_heat_level", store=True
    )

    @api.depends("counter", "commercial_partner_id", "company_id")
    def _compute_heat_level(self):
        """The level of the reminder: its count, capped at the formal notice, which
        waits for the end of the winter truce in a main residence."""
        today = fields.Date.context_today(self)
        sheltered = self.env["res.partner"]
        for company in self.company_id:
            sheltered |= self.env["heat.subscription"]._heat_main_residence_partners(
                self.filtered(
                    lambda s, c=company: s.company_id == c
                ).commercial_partner_id,
                company,
            )
        for step in self:
            main_residence = step.commercial_partner_id in sheltered
            level = winter_truce.reminder_level(step.counter, today, main_residence)
            step.heat_level = str(level)
            step.heat_truce_held = level < winter_truce.reminder_level(
                step.counter, today, False
            )

    def _heat_level_label(self):
        self.ensure_one()
        return dict(self._fields["heat_level"]._description_selection(self.env))[
            self.heat_level
        ]

    def _heat_level_text(self):
        """What the reminder says at its level, in the mail and in the letter."""
        self.ensure_one()
        if self.heat_level == "1":
            return self.env._(
                "Unless we are mistaken, the following heat invoices are still unpaid "
                "after their due date. It may be an oversight: please pay them at "
                "your earliest convenience."
            )
        if self.heat_level == "2":
            return self.env._(
                "Despite our first reminder, the following heat invoices are still "
                "unpaid. Please pay them within 15 days, or contact us if you meet "
                "difficulties: a payment plan can be agreed."
            )
        return self.env._(
            "Despite our reminders, the following heat invoices are still unpaid. "
            "We formally call upon you to pay them within 15 days of this notice. "
            "Failing payment, the supply of heat to your delivery point may be "
            "interrupted, as the terms of your subscription provide."
        )

    def _get_overdue_invoice_reminder_template(self):
        return "heat_billing_reminder.mail_template_heat_overdue_reminder"

    def _prepare_overdue_reminder_action(self, vals):
        result = super()._prepare_overdue_reminder_action(vals)
        vals.update(
            {"heat_level": self.heat_level, "heat_truce_held": self.heat_truce_held}
        )
        return result
