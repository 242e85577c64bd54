# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, format_date

from .common import HeatSharesCommon, race


@tagged("post_install", "-at_install")
class TestHeatShareCapitalFloor(HeatSharesCommon):
    """A company at variable capital keeps at least a quarter of the highest capital
    it reached (Code de commerce L231-5)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.class_authorities.waiting_period_months = 0
        # 4000 € in 2020, 4500 € at the peak in 2021, 1500 € since 2024
        cls._line(cls.mairie, 8, date(2020, 1, 1), share_class=cls.class_authorities)
        cls._line(cls.alice, 10, date(2021, 1, 1))
        cls._line(
            cls.mairie,
            6,
            date(2024, 1, 1),
            movement_type="redemption",
            share_class=cls.class_authorities,
        )

    def _redemption(self, partner, quantity, day=date(2026, 3, 1)):
        return self.env["heat.share.line"].create(
            {
                "company_id": self.company.id,
                "partner_id": partner.id,
                "class_id": self.share_class.id,
                "movement_type": "redemption",
                "quantity": quantity,
                "date": day,
            }
        )

    def _eur(self, amount):
        """The amount as the message shows it, in the test user's language."""
        return re.escape(self.company.currency_id.format(amount))

    def test_highest_reached_from_the_history(self):
        Line = self.env["heat.share.line"]
        self.assertEqual(
            Line._capital_highest_reached(self.company), (4500.0, date(2021, 1, 1))
        )
        self.assertEqual(Line._capital_at(date(2026, 1, 1), self.company), 1500.0)

    def test_redemption_under_the_floor_refused_with_the_figures(self):
        # floor: 4500 / 4 = 1125; 8 shares of 50 would leave 1100
        redemption = self._redemption(self.alice, 8)
        with self.assertRaisesRegex(
            UserError,
            f"^Redemption of 8 A shares would take the capital of SCIC Chaleur Test "
            f"from {self._eur(1500)} to {self._eur(1100)}, under its floor of "
            f"{self._eur(1125)}: .* highest capital it reached, {self._eur(4500)} on "
            f"{re.escape(format_date(self.env, date(2021, 1, 1)))}",
        ):
            redemption.action_approve()
        self.assertEqual(redemption.state, "draft")
        self.assertFalse(redemption.move_id)

    def test_redemption_down_to_the_floor_approved(self):
        # 7 shares leave 1150 >= 1125
        redemption = self._redemption(self.alice, 7)
        redemption.action_approve()
        self.assertEqual(redemption.state, "done")
        self.assertEqual(
            self.env["heat.share.line"]._capital_at(date(2026, 12, 31), self.company),
            1150.0,
        )

    def test_movements_approved_together_are_summed(self):
        """Each redemption alone keeps the floor, both together do not."""
        self.bob.share_college_id = self.college_users
        self._line(self.bob, 2, date(2021, 6, 1))
        # peak 4600 on 2021-06-01, floor 1150; capital 1600
        first = self._redemption(self.alice, 8)
        second = self._redemption(self.bob, 2)
        with self.assertRaisesRegex(
            UserError, f"from {self._eur(1600)} to {self._eur(1100)}"
        ):
            (first | second).action_approve()
        self.assertEqual((first | second).mapped("state"), ["draft", "draft"])

    def test_a_reversal_corrects_the_history(self):
        """An issue recorded by mistake is reversed whatever the floor, and the
        capital never really reached it: the highest capital is recomputed."""
        issue = self.env["heat.share.line"].search(
            [("partner_id", "=", self.alice.id), ("movement_type", "=", "issue")]
        )
        issue.action_reverse()
        Line = self.env["heat.share.line"]
        self.assertEqual(
            Line._capital_highest_reached(self.company), (4000.0, date(2020, 1, 1))
        )
        self.assertEqual(Line._capital_at(date(2026, 12, 31), self.company), 1000.0)

    def test_transfer_does_not_change_the_capital(self):
        transfer = self._transfer(self.alice, self.bob, 10, date(2026, 3, 1))
        self.assertEqual(transfer.mapped("state"), ["done", "done"])

    def test_company_at_fixed_capital_has_no_floor(self):
        self.company.heat_variable_capital = False
        redemption = self._redemption(self.alice, 10)
        redemption.action_approve()
        self.assertEqual(redemption.state, "done")


CODE = "TEST-CONCURRENT-FLOOR"


@tagged("post_install", "-at_install")
class TestHeatShareCapitalFloorConcurrency(TransactionCase):
    """Two redemptions of two holders approved at the same moment in two real
    transactions: each keeps the capital floor alone, both together would not. The
    company's partner is locked like a holder's position (see
    ``test_heat_share_line_concurrency``): one is approved, the other refused.

    The fixture is committed in the main company (made at variable capital meanwhile)
    and removed with SQL afterwards. Its shares are worth ten million euros each, so
    the capital the database may already hold does not change the outcome."""

    LOCK_TIMEOUT = "5s"
    NOMINAL = 10_000_000

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            company = env.ref("base.main_company")
            variable = company.heat_variable_capital
            company.heat_variable_capital = True
            holders = env["res.partner"].create(
                [{"name": f"Holder {i} (floor concurrency test)"} for i in (1, 2)]
            )
            share_class = env["heat.share.class"].create(
                {
                    "name": "Floor concurrency test",
                    "code": CODE,
                    "nominal_value": self.NOMINAL,
                    "waiting_period_months": 0,
                    "company_id": company.id,
                }
            )
            issues = env["heat.share.line"].create(
                [
                    {
                        "company_id": company.id,
                        "date": date(2000, 1, 1),
                        "partner_id": holder.id,
                        "class_id": share_class.id,
                        "movement_type": "issue",
                        "quantity": 1,
                        "certificate_number": f"{CODE}-{holder.id}",
                    }
                    for holder in holders
                ]
            )
            issues.action_approve()
            redemptions = env["heat.share.line"].create(
                [
                    {
                        "company_id": company.id,
                        "date": date(2025, 9, 30),
                        "partner_id": holder.id,
                        "class_id": share_class.id,
                        "movement_type": "redemption",
                        "quantity": 1,
                    }
                    for holder in holders
                ]
            )
        self.addCleanup(
            self._remove_fixture, company.id, variable, share_class.id, holders.ids
        )
        self.redemption_ids = redemptions.ids

    def _remove_fixture(self, company_id, variable, class_id, partner_ids):
        with self.registry.cursor() as cr:
            for query in (
                SQL(
                    "DELETE FROM account_move WHERE id IN (SELECT move_id FROM "
                    "account_move_line WHERE partner_id = ANY(%s))",
                    partner_ids,
                ),
                SQL("DELETE FROM heat_share_line WHERE class_id = %s", class_id),
                SQL("DELETE FROM heat_share_class WHERE id = %s", class_id),
                SQL("DELETE FROM res_partner WHERE id = ANY(%s)", partner_ids),
                SQL(
                    "UPDATE res_company SET heat_variable_capital = %s WHERE id = %s",
                    variable,
                    company_id,
                ),
            ):
                cr.execute(query)

    def _race(self, line_ids):
        """Approve each line in its own transaction and thread, both having read the
        register first; returns ``True`` or the exception of each."""
        return race(
            self,
            [
                lambda env, line_id=line_id: (
                    env["heat.share.line"].browse(line_id).action_approve()
                )
                for line_id in line_ids
            ],
            lambda env: env["heat.share.line"]._capital_history(
                env.ref("base.main_company")
            ),
            lock_timeout=self.LOCK_TIMEOUT,
        )

    def test_two_redemptions_approved_at_once_keep_the_floor(self):
        results = self._race(self.redemption_ids)
        self.assertEqual(results.count(True), 1, results)
        refused = [result for result in results if result is not True]
        self.assertIsInstance(refused[0], UserError, refused[0])
        self.assertIn("under its floor", str(refused[0]))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            states = env["heat.share.line"].browse(self.redemption_ids).mapped("state")
        self.assertEqual(sorted(states), ["done", "draft"])
