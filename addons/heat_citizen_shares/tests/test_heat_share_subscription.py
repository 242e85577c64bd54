# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HeatSharesCommon


@tagged("post_install", "-at_install")
class TestHeatShareSubscription(HeatSharesCommon):
    def _called(self, quantity=5):
        subscription = self._subscription(quantity=quantity)
        subscription.action_approve()
        subscription.action_call()
        return subscription

    def test_amount_is_shares_times_nominal(self):
        subscription = self._subscription(quantity=5)
        self.assertEqual(subscription.amount, 250.0)
        self.assertTrue(subscription.name.startswith("SOUS/"))
        self.assertEqual(self.alice.share_status, "candidate")

    def test_more_than_the_maximum(self):
        with self.assertRaisesRegex(ValidationError, "Alice Vidal.*maximum of 20"):
            self._subscription(quantity=21)

    def test_messages_are_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        Subscription = self.env["heat.share.subscription"].with_context(lang="fr_FR")
        with self.assertRaisesRegex(
            ValidationError, "Alice Vidal détiendrait 21 parts .*maximum de 20"
        ):
            Subscription.create(
                {
                    "company_id": self.company.id,
                    "partner_id": self.alice.id,
                    "class_id": self.share_class.id,
                    "quantity": 21,
                }
            )
        subscription = self._subscription(quantity=2).with_context(lang="fr_FR")
        with self.assertRaisesRegex(UserError, "état « Demandée »"):
            subscription.action_call()

    def test_maximum_counts_shares_held_and_pending(self):
        self._line(self.alice, 12, date(2025, 1, 1))
        pending = self._subscription(quantity=5)
        pending.action_approve()
        with self.assertRaisesRegex(ValidationError, "12 held, 5 pending"):
            self._subscription(quantity=4)
        self.assertTrue(self._subscription(quantity=3))

    def test_minimum(self):
        self.share_class.min_shares = 4
        with self.assertRaisesRegex(ValidationError, "minimum of 4"):
            self._subscription(quantity=2)
        # a holder of 3 shares may add 1
        self._line(self.alice, 3, date(2025, 1, 1))
        self.assertEqual(self._subscription(quantity=1).quantity, 1)

    def test_class_reserved_to_a_college(self):
        with self.assertRaisesRegex(ValidationError, "reserved to the college"):
            self._subscription(partner=self.alice, share_class=self.class_authorities)
        subscription = self._subscription(
            partner=self.mairie, quantity=2, share_class=self.class_authorities
        )
        self.assertEqual(subscription.amount, 1000.0)

    def test_call_entry_accounts(self):
        subscription = self._called()
        move = subscription.call_move_id
        self.assertEqual(subscription.state, "called")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.move_type, "entry")
        debit = move.line_ids.filtered(lambda line: line.debit)
        credit = move.line_ids.filtered(lambda line: line.credit)
        self.assertEqual(debit.account_id.code[:4], "4562")
        self.assertEqual(debit.partner_id, self.alice)
        self.assertEqual(debit.debit, 250.0)
        self.assertEqual(credit.account_id.code[:4], "1012")
        self.assertEqual(credit.credit, 250.0)

    def test_payment_makes_it_paid_and_moves_capital_to_1013(self):
        subscription = self._called()
        self._pay(subscription, day=date(2026, 2, 3))
        self.assertEqual(subscription.state, "paid")
        self.assertEqual(subscription.payment_date, date(2026, 2, 3))
        self.assertTrue(subscription._call_receivable_line().reconciled)
        paid = subscription.paid_move_id
        self.assertEqual(paid.state, "posted")
        self.assertEqual(
            paid.line_ids.filtered(lambda line: line.debit).account_id.code[:4], "1012"
        )
        self.assertEqual(
            paid.line_ids.filtered(lambda line: line.credit).account_id.code[:4],
            "1013",
        )
        # 1012 is back to zero for this member, 1013 holds the paid capital
        lines = self.env["account.move.line"].search(
            [("partner_id", "=", self.alice.id), ("parent_state", "=", "posted")]
        )
        by_code = {}
        for line in lines:
            by_code[line.account_id.code[:4]] = (
                by_code.get(line.account_id.code[:4], 0) + line.balance
            )
        self.assertAlmostEqual(by_code["1012"], 0.0)
        self.assertAlmostEqual(by_code["1013"], -250.0)
        self.assertAlmostEqual(by_code["4562"], 0.0)
        self.assertAlmostEqual(
            sum(v for k, v in by_code.items() if k.startswith("512")), 250.0
        )

    def test_partial_reconciliation_in_accounting_refused(self):
        subscription = self._called()
        receivable = self.share_class.account_receivable_id
        payment = self._bank_receipt(self.alice, 100.0, date(2026, 2, 1))
        lines = (payment.line_ids | subscription.call_move_id.line_ids).filtered(
            lambda line: line.account_id == receivable
        )
        with self.assertRaisesRegex(UserError, "100,00.*250,00|100.00.*250.00"):
            lines.reconcile()
        self.assertEqual(subscription.state, "called")

    def test_issue_numbers_the_shares(self):
        first = self._called(quantity=5)
        self._pay(first)
        first.action_issue()
        second = self._subscription(partner=self.bob, quantity=3)
        second.action_approve()
        second.action_call()
        self._pay(second)
        second.action_issue()
        self.assertEqual(first.state, "issued")
        self.assertEqual((first.share_number_from, first.share_number_to), (1, 5))
        self.assertEqual((second.share_number_from, second.share_number_to), (6, 8))
        self.assertTrue(first.certificate_number)
        self.assertNotEqual(first.certificate_number, second.certificate_number)
        self.assertEqual(first.line_id.date, date(2026, 2, 1))
        self.assertEqual(first.line_id.state, "done")
        self.assertEqual(self.alice.share_membership_date, date(2026, 2, 1))
        self.assertEqual(self.alice.share_count, 5)
        self.assertEqual(self.alice.share_status, "member")

    def test_steps_in_order(self):
        subscription = self._subscription()
        with self.assertRaisesRegex(UserError, "Requested"):
            subscription.action_call()
        with self.assertRaisesRegex(UserError, "Requested"):
            subscription.action_issue()
        subscription.action_approve()
        subscription.action_call()
        with self.assertRaisesRegex(UserError, "already called"):
            subscription.action_cancel()
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            subscription.unlink()

    def test_call_needs_reconcilable_receivable(self):
        subscription = self._subscription()
        subscription.action_approve()
        self.share_class.account_receivable_id = False
        with self.assertRaisesRegex(UserError, "Ordinary.*lacks"):
            subscription.action_call()
        self.assertEqual(subscription.state, "approved")
        self.assertFalse(subscription.call_move_id)
