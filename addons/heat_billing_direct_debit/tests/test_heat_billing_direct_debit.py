# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.heat_operator.tests.common import render_pdf

from .common import ICS, NS, HeatDirectDebitCommon


@tagged("post_install", "-at_install")
class TestHeatBillingDirectDebit(HeatDirectDebitCommon):
    """The Collect step: invoices under a valid mandate into SEPA direct debit
    orders (OCA's bank-payment stack), their pain.008 files, the debit date after
    the pre-notification delay, the mention on the invoice."""

    def test_a_subscription_s_mandate_goes_on_its_invoice(self):
        run = self._posted_run()
        town_hall = run.move_ids.filtered(lambda m: m.partner_id == self.partner)
        school = run.move_ids - town_hall
        self.assertEqual(town_hall.payment_mode_id, self.mode)
        self.assertEqual(town_hall.mandate_id, self.mandate)
        self.assertTrue(town_hall._heat_is_debited())
        self.assertFalse(school._heat_is_debited())
        self.assertEqual(self._counts(run), (1, 0, 0))

    @freeze_time("2025-02-03")
    def test_collect_builds_one_valid_pain008_per_debit_date(self):
        run = self._posted_run()
        town_hall = run.move_ids.filtered(lambda m: m.partner_id == self.partner)
        orders = self._collect(run)
        self.assertEqual(len(orders), 1)
        self.assertEqual(orders.state, "generated")
        # due 30 days after 31/01/2025, later than the 14 days of notice
        self.assertEqual(town_hall.invoice_date_due, date(2025, 3, 2))
        self.assertEqual(orders.date_scheduled, date(2025, 3, 2))
        tree = self._pain(orders)

        def text(path):
            return tree.xpath(path, namespaces=NS)[0].text

        self.assertEqual(
            text("//p:DrctDbtTxInf/p:InstdAmt"), f"{town_hall.amount_total:.2f}"
        )
        self.assertEqual(text("//p:GrpHdr/p:NbOfTxs"), "1")
        self.assertEqual(text("//p:PmtInf/p:ReqdColltnDt"), "2025-03-02")
        self.assertEqual(text("//p:PmtTpInf/p:SeqTp"), "FRST")
        self.assertEqual(
            text("//p:MndtRltdInf/p:MndtId"), self.mandate.unique_mandate_reference
        )
        self.assertEqual(text("//p:MndtRltdInf/p:DtOfSgntr"), "2024-12-01")
        self.assertEqual(text("//p:CdtrSchmeId//p:Othr/p:Id"), ICS)
        self.assertEqual(text("//p:DbtrAcct//p:IBAN"), "FR7630006000011234567890189")
        self.assertEqual(self._counts(run), (0, 1, 0))
        # nothing is collected twice
        with self.assertRaisesRegex(UserError, "no invoice left to collect"):
            run.action_collect()
        # the bank has the file: debited, and the mandate's next debits recurrent
        orders.generated2uploaded()
        self.assertEqual(self._counts(run), (0, 0, 1))
        self.assertEqual(town_hall.payment_state, "in_payment")
        self.assertEqual(self.mandate.recurrent_sequence_type, "recurring")

    @freeze_time("2025-02-03")
    def test_the_debit_waits_for_the_pre_notification_delay(self):
        self.subscription.payment_term_id = self.env.ref(
            "account.account_payment_term_immediate"
        )
        run = self._posted_run()
        town_hall = run.move_ids.filtered(lambda m: m.partner_id == self.partner)
        self.assertEqual(town_hall.invoice_date_due, date(2025, 1, 31))
        orders = self._collect(run)
        # 14 days after the invoice of 31/01/2025, which told the subscriber
        self.assertEqual(orders.date_scheduled, date(2025, 2, 14))
        self.company.heat_debit_notice_days = 5
        self.assertEqual(town_hall._heat_debit_date(), date(2025, 2, 14))  # ordered

    @freeze_time("2025-02-03")
    def test_the_invoice_says_when_and_from_which_account(self):
        run = self._posted_run()
        town_hall = run.move_ids.filtered(lambda m: m.partner_id == self.partner)
        text = render_pdf(self.env, "account.account_invoices", town_hall.ids)
        self.assertIn("Prélevé le 02/03/2025 sur le compte FR76 XXXX", text)
        self.assertIn("X189", text.replace(" ", ""))
        # the subscriber's account is nowhere in full
        self.assertNotIn("6000011234567890", text.replace(" ", ""))
        self.assertIn(self.mandate.unique_mandate_reference, text)
        self.assertIn(ICS, text)
        school = run.move_ids - town_hall
        self.assertNotIn(
            "Prélevé", render_pdf(self.env, "account.account_invoices", school.ids)
        )
        # and its e-mail, in the subscriber's language
        template = self.env.ref("heat_billing.mail_template_heat_invoice")
        bodies = template._render_field(
            "body_html", run.move_ids.ids, compute_lang=True
        )
        self.assertIn(
            "prélevé le 02/03/2025 sur le compte FR76 XXXX", bodies[town_hall.id]
        )
        self.assertNotIn("XXXX", bodies[school.id])

    def test_a_mandate_signed_by_someone_else_is_refused(self):
        other = self._mandate(self.partner2, "FR1420041010050500013M02606")
        with self.assertRaisesRegex(ValidationError, "not by the subscriber"):
            self.subscription.mandate_id = other

    def test_only_a_billing_manager_collects(self):
        run = self._posted_run()
        user = new_test_user(
            self.env,
            login="heat_billing_user_debit",
            groups="heat_billing.heat_billing_group_user",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            run.with_user(user).action_collect()
