# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HeatSharesCommon


@tagged("post_install", "-at_install")
class TestHeatShareLineRequest(HeatSharesCommon):
    def test_conversion_between_classes(self):
        self._line(self.mairie, 20, date(2020, 1, 10))
        action = (
            self.env["heat.share.line.request"]
            .create(
                {
                    "company_id": self.company.id,
                    "movement": "conversion",
                    "partner_id": self.mairie.id,
                    "class_id": self.share_class.id,
                    "target_class_id": self.class_authorities.id,
                    "quantity": 20,
                    "date": date(2024, 1, 1),
                    "approve": True,
                }
            )
            .action_confirm()
        )
        lines = self.env["heat.share.line"].search(action["domain"])
        self.assertEqual(sorted(lines.mapped("signed_quantity")), [-20, 2])
        holdings = self.env["heat.share.line"]._holdings_at(
            date(2024, 1, 1), self.company
        )
        self.assertEqual(holdings, {(self.mairie.id, self.class_authorities.id): 2})
        with self.assertRaisesRegex(UserError, "whole number"):
            self.env["heat.share.line.request"].create(
                {
                    "company_id": self.company.id,
                    "movement": "conversion",
                    "partner_id": self.mairie.id,
                    "class_id": self.class_authorities.id,
                    "target_class_id": self.class_authorities.id,
                    "quantity": 1,
                }
            ).action_confirm()

    def test_transfer_needs_another_holder(self):
        self._line(self.alice, 5, date(2020, 1, 10))
        with self.assertRaisesRegex(UserError, "Alice Vidal's shares"):
            self._transfer(self.alice, self.alice, 1, date(2021, 1, 1))
        self.assertEqual(len(self.alice.share_line_ids), 1)

    def test_holder_from_the_contact(self):
        request = (
            self.env["heat.share.line.request"]
            .with_context(active_model="res.partner", active_id=self.bob.id)
            .new({})
        )
        self.assertEqual(request.partner_id, self.bob)
        self.assertEqual(request.movement, "transfer")
