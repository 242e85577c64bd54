# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HeatSharesCommon


@tagged("post_install", "-at_install")
class TestHeatShareDeferredCall(HeatSharesCommon):
    """A subscription approved with a quarter of its capital called: the rest is
    booked uncalled (109 / 1011), then called by the board in later calls."""

    @staticmethod
    def _balances(move):
        return {line.account_id.code[:4]: line.balance for line in move.line_ids}

    def _partly_called(self, partner=None, quantity=8, rate=25.0, issue=True):
        subscription = self._subscription(partner=partner, quantity=quantity)
        subscription.call_rate = rate
        subscription.action_approve()
        if issue:
            subscription.action_call()
            self._pay(subscription)
            subscription.action_issue()
        return subscription

    def _call(self, subscriptions, day=date(2026, 6, 1), **values):
        wizard = self.env["heat.share.subscription.call"].create(
            {
                "subscription_ids": [Command.set(subscriptions.ids)],
                "date": day,
                **values,
            }
        )
        action = wizard.action_confirm()
        return self.env["account.move"].search(action["domain"])

    def test_approval_with_a_quarter_called(self):
        subscription = self._partly_called(quantity=8, issue=False)  # 400 €
        self.assertEqual(
            (
                subscription.amount_first_call,
                subscription.amount_called,
                subscription.amount_uncalled,
            ),
            (100.0, 100.0, 300.0),
        )
        uncalled = subscription.uncalled_move_id
        self.assertEqual(uncalled.state, "posted")
        self.assertEqual(self._balances(uncalled), {"1090": 300.0, "1011": -300.0})
        self.assertEqual(uncalled.line_ids.partner_id, self.alice)
        subscription.action_call()
        self.assertEqual(
            self._balances(subscription.call_move_id), {"4562": 100.0, "1012": -100.0}
        )
        self._pay(subscription)  # the wizard proposes the quarter called
        self.assertEqual(subscription.state, "paid")
        self.assertEqual(
            self._balances(subscription.paid_move_id), {"1012": 100.0, "1013": -100.0}
        )
        # the shares are issued once the first call is paid, partly paid
        subscription.action_issue()
        self.assertEqual(subscription.line_id.quantity, 8)
        self.assertEqual(subscription.line_id.amount, 400.0)
        self.assertEqual(subscription.line_id.amount_uncalled, 300.0)

    def test_fully_called_subscription_books_nothing_uncalled(self):
        subscription = self._subscription(quantity=4)
        subscription.action_approve()
        self.assertFalse(subscription.uncalled_move_id)
        self.assertEqual(subscription.amount_uncalled, 0.0)
        subscription.action_call()
        self.assertEqual(
            self._balances(subscription.call_move_id), {"4562": 200.0, "1012": -200.0}
        )

    def test_later_calls_and_their_payment(self):
        subscription = self._partly_called()
        self.assertEqual(subscription.state, "issued")
        first = self._call(subscription, mode="percent", percent=50)
        self.assertEqual(first.state, "posted")
        self.assertEqual(first.date, date(2026, 6, 1))
        self.assertEqual(
            self._balances(first),
            {"4562": 150.0, "1090": -150.0, "1011": 150.0, "1012": -150.0},
        )
        self.assertEqual(subscription.call_move_ids, first)
        self.assertEqual(subscription.amount_called, 250.0)
        self.assertEqual(subscription.amount_uncalled, 150.0)
        self.assertTrue(subscription.has_open_call)
        self._pay(subscription, day=date(2026, 7, 1))
        self.assertFalse(subscription.has_open_call)
        paid = subscription.call_paid_move_ids
        self.assertEqual(paid.date, date(2026, 7, 1))
        self.assertEqual(self._balances(paid), {"1012": 150.0, "1013": -150.0})
        # the rest, by amount, then its payment
        second = self._call(
            subscription, day=date(2027, 1, 15), mode="amount", amount=150
        )
        self.assertEqual(subscription.amount_uncalled, 0.0)
        self.assertEqual(subscription.call_move_ids, first | second)
        self._pay(subscription, day=date(2027, 2, 1))
        self.assertEqual(len(subscription.call_paid_move_ids), 2)
        # all the capital is called and paid: 109, 1011 and 1012 are settled
        lines = self.env["account.move.line"].search(
            [("partner_id", "=", self.alice.id), ("parent_state", "=", "posted")]
        )
        totals = {}
        for line in lines:
            code = line.account_id.code[:4]
            totals[code] = totals.get(code, 0.0) + line.balance
        self.assertEqual(totals["1090"], 0.0)
        self.assertEqual(totals["1011"], 0.0)
        self.assertEqual(totals["1012"], 0.0)
        self.assertEqual(totals["1013"], -400.0)
        self.assertEqual(subscription.state, "issued")

    def test_a_later_call_paid_by_bank_reconciliation(self):
        subscription = self._partly_called()
        call = self._call(subscription, mode="amount", amount=100)
        receivable = subscription.class_id.account_receivable_id
        transfer = self._bank_receipt(self.alice, 100.0, date(2026, 6, 20))
        (transfer.line_ids | call.line_ids).filtered(
            lambda line: line.account_id == receivable
        ).reconcile()
        paid = subscription.call_paid_move_ids
        self.assertEqual(paid.date, date(2026, 6, 20))
        self.assertEqual(self._balances(paid), {"1012": 100.0, "1013": -100.0})
        self.assertFalse(subscription.has_open_call)

    def test_payment_of_a_later_call_not_matching(self):
        subscription = self._partly_called()
        self._call(subscription, mode="amount", amount=100)
        with self.assertRaisesRegex(UserError, "does not match the call of 100.00"):
            self._pay(subscription, amount=300.0)
        self.assertFalse(subscription.call_paid_move_ids)

    def test_uncalled_capital_per_member(self):
        self._partly_called(partner=self.alice)  # 300 € uncalled
        self._partly_called(partner=self.bob, quantity=4, rate=50, issue=False)
        full = self._subscription(partner=self.bob, quantity=2)
        full.action_approve()
        draft = self._subscription(partner=self.alice, quantity=2)
        draft.call_rate = 50  # not approved: nothing subscribed yet
        self.assertEqual(
            self.env["heat.share.subscription"]._uncalled_by_member(self.company),
            {self.alice.id: 300.0, self.bob.id: 100.0},
        )

    def test_call_above_the_uncalled_rest_refused(self):
        subscription = self._partly_called()
        moves_before = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(
            UserError,
            r"Call of 301.00\s€ on subscription .* of Alice Vidal refused: "
            r"300.00\s€ of its capital is uncalled",
        ):
            self._call(subscription, mode="amount", amount=301)
        with self.assertRaisesRegex(UserError, "refused"):
            self._call(subscription, mode="percent", percent=120)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        self.assertEqual(subscription.amount_uncalled, 300.0)

    def test_a_fully_called_subscription_has_nothing_to_call(self):
        subscription = self._subscription(quantity=2)
        subscription.action_approve()
        subscription.action_call()
        with self.assertRaisesRegex(UserError, "0.00\\s€ of its capital is uncalled"):
            subscription._post_call(10.0, date(2026, 6, 1))

    def test_call_before_the_first_call_refused(self):
        subscription = self._partly_called(issue=False)
        with self.assertRaisesRegex(UserError, "once its first call is posted"):
            subscription._post_call(10.0, date(2026, 6, 1))

    def test_cancel_reverses_the_uncalled_entry(self):
        subscription = self._partly_called(issue=False)
        uncalled = subscription.uncalled_move_id
        subscription.action_cancel()
        reversal = self.env["account.move"].search(
            [("reversed_entry_id", "=", uncalled.id)]
        )
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(self._balances(reversal), {"1090": -300.0, "1011": 300.0})
        self.assertEqual(subscription.amount_uncalled, 0.0)

    def test_call_rate_within_bounds(self):
        subscription = self._subscription(quantity=2)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            subscription.call_rate = 0
            subscription.flush_recordset()

    def test_a_call_stays_within_one_company(self):
        subscription = self._partly_called()
        wizard = self.env["heat.share.subscription.call"].create(
            {"subscription_ids": [Command.set(subscription.ids)]}
        )
        self.assertEqual(wizard.company_id, subscription.company_id)
        other = self.env["res.company"].create({"name": "SCIC Autre Chaleur"})
        with self.assertRaises(UserError):
            wizard.company_id = other

    def test_only_a_register_manager_calls_capital(self):
        subscription = self._partly_called()
        user = self._user(
            "hcs_call_user", "heat_citizen_shares.heat_citizen_shares_group_user"
        )
        Call = self.env["heat.share.subscription.call"]
        with self.assertRaises(AccessError):
            Call.with_user(user).create(
                {"subscription_ids": [Command.set(subscription.ids)]}
            )
        manager = self._user(
            "hcs_call_manager", "heat_citizen_shares.heat_citizen_shares_group_manager"
        )
        wizard = Call.with_user(manager).create(
            {"subscription_ids": [Command.set(subscription.ids)], "percent": 50}
        )
        self.assertEqual(wizard.amount_uncalled, 300.0)
