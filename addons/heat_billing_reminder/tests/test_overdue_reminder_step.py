# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.heat_billing.tests.common import HeatBillingCommon
from odoo.addons.heat_operator.tests.common import operator_company, render_pdf


@tagged("post_install", "-at_install")
class TestOverdueReminderStep(HeatBillingCommon):
    """Reminders of unpaid heat invoices (OCA's overdue reminders) at three levels in
    the network's words, and the winter truce: no formal notice to a main residence
    from 1 November to 31 March, local time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._complete_seller()
        cls._read_january()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env = cls.env(context=dict(cls.env.context, tz="Europe/Paris"))
        cls.env.user.tz = "Europe/Paris"
        (cls.partner | cls.partner2).write(
            {"email": "abonne@example.org", "lang": "fr_FR"}
        )
        cls.subscription.heat_main_residence = True
        run = cls._run(cls, date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        cls._post(cls, run)
        cls.town_hall = run.move_ids.filtered(lambda m: m.partner_id == cls.partner)
        cls.school = run.move_ids - cls.town_hall

    def _remind(self, partner):
        """Run OCA's wizard as a user does and send the reminder of ``partner`` by
        e-mail: its step."""
        wizard = self.env["overdue.reminder.start"].create(
            {"start_days": 0, "min_interval_days": 1, "interface": "mass"}
        )
        wizard.run()
        step = self.env["overdue.reminder.step"].search(
            [("commercial_partner_id", "=", partner.id), ("state", "=", "draft")]
        )
        self.assertEqual(len(step), 1)
        step.reminder_type = "mail"
        level, held, body = step.heat_level, step.heat_truce_held, step.mail_body
        step.validate()
        return level, held, body

    def _three_reminders(self, partner, days):
        return [self._at(day, partner) for day in days]

    def _at(self, instant, partner):
        with freeze_time(instant):
            return self._remind(partner)

    def test_levels_rise_with_the_reminders_outside_the_truce(self):
        levels = self._three_reminders(
            self.partner, ["2025-04-10 09:00", "2025-05-10 09:00", "2025-06-10 09:00"]
        )
        self.assertEqual([level for level, _held, _body in levels], ["1", "2", "3"])
        self.assertIn("Sauf erreur de notre part", levels[0][2])
        self.assertIn("Malgré notre première relance", levels[1][2])
        self.assertIn("mise en demeure", levels[2][2].lower())
        self.assertIn(self.town_hall.name, levels[2][2])
        actions = self.env["overdue.reminder.action"].search(
            [("commercial_partner_id", "=", self.partner.id)], order="date"
        )
        self.assertEqual(actions.mapped("heat_level"), ["1", "2", "3"])
        # the history is on the subscription
        self.assertEqual(self.subscription.overdue_reminder_count, 3)
        self.assertEqual(
            self.env["overdue.reminder.action"].search(
                self.subscription.action_view_overdue_reminders()["domain"]
            ),
            actions,
        )

    def test_no_formal_notice_to_a_main_residence_in_the_winter_truce(self):
        self._three_reminders(self.partner, ["2025-09-10 09:00", "2025-10-10 09:00"])
        # 1 November: the truce has begun
        level, held, body = self._at("2025-11-01 09:00", self.partner)
        self.assertEqual((level, held), ("2", True))
        self.assertNotIn("mise en demeure", body.lower())
        # 31 March 23:30 in Paris (21:30 UTC): still the truce
        level, held, _body = self._at("2026-03-31 21:30", self.partner)
        self.assertEqual((level, held), ("2", True))
        # 1 April 00:30 in Paris (31 March 22:30 UTC): the truce is over
        level, held, _body = self._at("2026-03-31 22:30", self.partner)
        self.assertEqual((level, held), ("3", False))

    def test_the_formal_notice_goes_on_31_october(self):
        self._three_reminders(self.partner, ["2025-08-10 09:00", "2025-09-10 09:00"])
        level, held, _body = self._at("2025-10-31 21:00", self.partner)
        self.assertEqual((level, held), ("3", False))

    def test_not_a_main_residence_gets_every_level_in_winter(self):
        self._three_reminders(self.partner2, ["2025-11-10 09:00", "2025-12-10 09:00"])
        level, held, _body = self._at("2026-01-10 09:00", self.partner2)
        self.assertEqual((level, held), ("3", False))

    def test_the_letter_says_the_level(self):
        with freeze_time("2025-04-10 09:00"):
            wizard = self.env["overdue.reminder.start"].create(
                {"start_days": 0, "min_interval_days": 1, "interface": "mass"}
            )
            wizard.run()
            step = self.env["overdue.reminder.step"].search(
                [("commercial_partner_id", "=", self.partner.id)]
            )
            text = render_pdf(
                self.env,
                "account_invoice_overdue_reminder.overdue_reminder_step_report",
                step.ids,
            )
        self.assertIn("Relance amiable", text)
        self.assertIn("Sauf erreur de notre part", text)

    def test_another_company_sees_no_reminder(self):
        self._at("2025-04-10 09:00", self.partner)
        other = operator_company(self.env, "Autre Chaleur", siret="44306184100047")
        user = new_test_user(
            self.env,
            login="heat_reminder_other",
            groups="account.group_account_manager",
            company_id=other.id,
        )
        self.assertFalse(
            self.env["overdue.reminder.action"]
            .with_user(user)
            .with_context(allowed_company_ids=other.ids)
            .search([("commercial_partner_id", "=", self.partner.id)])
        )
