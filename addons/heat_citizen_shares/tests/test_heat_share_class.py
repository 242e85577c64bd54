# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HeatSharesCommon


@tagged("post_install", "-at_install")
class TestHeatShareClass(HeatSharesCommon):
    def test_accounts_found_in_the_french_chart(self):
        share_class = self.share_class
        self.assertTrue(share_class.account_uncalled_id.code.startswith("1011"))
        self.assertTrue(share_class.account_called_unpaid_id.code.startswith("1012"))
        self.assertTrue(share_class.account_called_paid_id.code.startswith("1013"))
        self.assertTrue(share_class.account_receivable_id.code.startswith("4562"))
        self.assertTrue(share_class.account_receivable_id.reconcile)
        self.assertEqual(share_class.journal_id.type, "general")

    def test_share_numbers_follow_each_other(self):
        self.assertEqual(self.share_class._allocate_share_numbers(5), (1, 5))
        self.assertEqual(self.share_class._allocate_share_numbers(3), (6, 8))
        self.assertEqual(self.share_class.last_share_number, 8)
        self.assertEqual(self.class_authorities._allocate_share_numbers(1), (1, 1))

    def test_maximum_below_minimum(self):
        with self.assertRaisesRegex(ValidationError, "Ordinary"):
            self.share_class.write({"min_shares": 5, "max_shares": 2})

    @mute_logger("odoo.sql_db")
    def test_nominal_value_positive(self):
        with self.assertRaises(Exception) as error:
            with self.env.cr.savepoint():
                self.share_class.nominal_value = 0
                self.share_class.flush_recordset()
        self.assertIn("nominal", str(error.exception))
