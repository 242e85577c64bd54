# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.heat_operator.tests.common import pdf_text

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatBillingRunSend(HeatBillingCommon):
    """The Send step (ADR 0047): e-mails through Odoo's sending of invoices in the
    background, the paper invoices in one print in postal order, the bounces."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls._complete_seller()
        cls._read_january()
        cls.partner.write(
            {"email": "mairie@example.fr", "lang": "fr_FR", "zip": "43160"}
        )
        # the school chose paper; the bakery has no e-mail address
        cls.partner2.write({"email": "ecole@example.fr", "zip": "43160"})
        cls.partner2.with_company(cls.company).invoice_sending_method = "manual"
        cls.partner3 = cls.env["res.partner"].create(
            {"name": "Boulangerie de test", "zip": "43000"}
        )
        category = cls.env["heat.building.category"].search([], limit=1)
        _substation, meter3, _subscription = cls._connect(
            "1.03", "Boulangerie", cls.partner3, 10.0, category
        )
        cls._read(meter3, date(2025, 1, 1), 0.0)
        cls._read(meter3, date(2025, 2, 1), 3000.0)

    def setUp(self):
        super().setUp()
        self.run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        self.run.action_compute()
        self.run.action_post()

    def _invoice(self, partner):
        return self.run.move_ids.filtered(lambda m: m.partner_id == partner)

    def _mails(self, moves):
        """The e-mails posted on the invoices (their mail.mail is gone once sent)."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "account.move"),
                ("res_id", "in", moves.ids),
                ("message_type", "=", "comment"),
                ("partner_ids", "!=", False),
            ],
            order="id",
        )

    def _counts(self):
        self.run.invalidate_recordset()
        return (
            self.run.send_queued_count,
            self.run.sent_count,
            self.run.to_print_count,
            self.run.printed_count,
            self.run.send_failed_count,
        )

    def test_one_mail_per_email_subscriber_the_others_to_print(self):
        self.run.action_send()
        mailed = self._invoice(self.partner)
        paper = self.run.move_ids - mailed
        self.assertTrue(mailed.sending_data)
        self.assertEqual(set(paper.mapped("heat_sending")), {"paper"})
        self.assertEqual(self._counts(), (1, 0, 2, 0, 0))
        # Odoo's cron of invoice sending, as a cron worker runs it
        self.env["account.move"]._cron_account_move_send()
        self.assertFalse(mailed.sending_data)
        self.assertTrue(mailed.is_move_sent)
        mail = self._mails(mailed)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.partner_ids, self.partner)
        self.assertEqual(mail.notification_ids.notification_status, "sent")
        self.assertIn(mailed.name, mail.subject)
        # in the subscriber's language, with the period, the MWh and the due date
        body = mail.body
        for expected in ("Veuillez trouver", "10,000", "MWh", "02/03/2025"):
            self.assertIn(expected, body)
        self.assertIn(
            mailed._get_invoice_report_filename(), mail.attachment_ids.mapped("name")
        )
        self.assertFalse(self._mails(paper))
        self.assertEqual(self._counts(), (0, 1, 2, 0, 0))
        with self.assertRaisesRegex(UserError, "no posted invoice left to send"):
            self.run.action_send()

    def test_paper_invoices_in_one_print_in_postal_order(self):
        self.run.action_send()
        paper = self.run.move_ids.filtered(lambda m: m.heat_sending == "paper")
        self.run.action_print_paper()
        # prepared in the background, not in the request
        self.assertTrue(self.run.paper_print_requested)
        self.assertFalse(self.run.paper_print_id)
        self.assertEqual(self._counts()[2:4], (2, 0))
        self.env["heat.billing.run"]._heat_cron_print_paper()
        self.assertFalse(self.run.paper_print_requested)
        self.assertEqual(self.run.paper_print_id.mimetype, "application/pdf")
        text = pdf_text(self.run.paper_print_id.raw)
        bakery = self._invoice(self.partner3).name
        school = self._invoice(self.partner2).name
        # 43000 before 43160; one PDF of both
        self.assertLess(text.index(bakery), text.index(school))
        self.assertNotIn(self._invoice(self.partner).name, text)
        self.assertTrue(all(paper.mapped("is_move_sent")))
        self.assertEqual(self._counts()[2:4], (0, 2))
        with self.assertRaisesRegex(UserError, "no invoice left to print"):
            self.run.action_print_paper()

    def test_a_bounced_mail_is_counted_then_sent_again(self):
        self.run.action_send()
        self.env["account.move"]._cron_account_move_send()
        mailed = self._invoice(self.partner)
        notification = self.env["mail.notification"].search(
            [
                ("mail_message_id.model", "=", "account.move"),
                ("mail_message_id.res_id", "=", mailed.id),
            ]
        )
        self.assertTrue(notification)
        notification.notification_status = "bounce"
        self.assertEqual(self._counts()[4], 1)
        self.assertEqual(self.run.action_view_send_failed()["res_id"], mailed.id)
        self.partner.email = "mairie.corrigee@example.fr"
        self.run.action_send_failed_again()
        self.assertTrue(mailed.sending_data)
        self.assertEqual(self._counts()[4], 0)
        self.env["account.move"]._cron_account_move_send()
        self.assertEqual(self._counts(), (0, 1, 2, 0, 0))
        last = self._mails(mailed)[-1]
        self.assertEqual(last.notification_ids.notification_status, "sent")
        self.assertEqual(len(self._mails(mailed)), 2)

    def test_only_a_billing_manager_sends(self):
        """A billing user who may write invoices still does not send a run."""
        user = new_test_user(
            self.env,
            login="billing-user",
            groups="heat_billing.heat_billing_group_user,account.group_account_invoice",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        run = self.run.with_user(user)
        for action in (
            run.action_send,
            run.action_print_paper,
            run.action_send_failed_again,
        ):
            with self.assertRaises(AccessError):
                action()
        self.assertFalse(self.run.move_ids.filtered("sending_data"))
