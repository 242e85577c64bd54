# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HeatSharesCommon


@tagged("post_install", "-at_install")
class TestHeatShareSubscriptionPayment(HeatSharesCommon):
    def _called(self, quantity=5):
        subscription = self._subscription(quantity=quantity)
        subscription.action_approve()
        subscription.action_call()
        return subscription

    def test_defaults_from_the_call(self):
        subscription = self._called(quantity=3)
        action = subscription.action_register_payment()
        wizard = (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )
        self.assertEqual(wizard.amount, 150.0)
        self.assertEqual(wizard.journal_id.type, "bank")
        self.assertEqual(wizard.journal_id.company_id, self.company)

    def test_payment_not_matching_the_call(self):
        subscription = self._called()
        moves_before = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "does not match the call"):
            self._pay(subscription, amount=200.0)
        self.assertEqual(subscription.state, "called")
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
