# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..domain import register as register_domain
from .common import race

CODE = "TEST-CONCURRENT-APPROVALS"


@tagged("post_install", "-at_install")
class TestHeatShareLineConcurrency(TransactionCase):
    """Two approvals that take shares from one holder, run at the same moment in two
    real transactions (two database connections, two threads), each as Odoo runs a
    request (``retrying``: a serialization failure is replayed).

    The other connections must see the fixture, so it is committed, and removed with
    SQL once the test is over (approved register lines cannot be deleted through the
    ORM); nothing of it is left in the database."""

    #: no connection waits longer for a lock: the test cannot hang
    LOCK_TIMEOUT = "5s"

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            company = env.ref("base.main_company")
            Partner = env["res.partner"]
            holder = Partner.create({"name": "Holder of 3 (concurrency test)"})
            neighbours = Partner.create(
                [{"name": f"Neighbour {i} (concurrency test)"} for i in (1, 2)]
            )
            share_class = env["heat.share.class"].create(
                {
                    "name": "Concurrency test",
                    "code": CODE,
                    "nominal_value": 50,
                    "waiting_period_months": 0,
                    "company_id": company.id,
                }
            )
            # an issue with its certificate number: no certificate sequence consumed
            issue = env["heat.share.line"].create(
                {
                    "company_id": company.id,
                    "date": date(2020, 1, 10),
                    "partner_id": holder.id,
                    "class_id": share_class.id,
                    "movement_type": "issue",
                    "quantity": 3,
                    "certificate_number": CODE,
                }
            )
            issue.action_approve()
        self.addCleanup(self._remove_fixture, share_class.id, (holder | neighbours).ids)
        self.company_id = company.id
        self.holder_id = holder.id
        self.neighbour_ids = neighbours.ids
        self.class_id = share_class.id

    def _remove_fixture(self, class_id, partner_ids):
        with self.registry.cursor() as cr:
            for query in (
                SQL(
                    "DELETE FROM heat_share_line_request WHERE class_id = %s", class_id
                ),
                # the redemption's entry (posted moves are removed in SQL only here)
                SQL(
                    "DELETE FROM account_move WHERE id IN (SELECT move_id FROM "
                    "account_move_line WHERE partner_id = ANY(%s))",
                    partner_ids,
                ),
                SQL("DELETE FROM heat_share_line WHERE class_id = %s", class_id),
                SQL("DELETE FROM heat_share_class WHERE id = %s", class_id),
                SQL("DELETE FROM res_partner WHERE id = ANY(%s)", partner_ids),
            ):
                cr.execute(query)

    def _race(self, *approvals):
        """Run each ``approval(env)`` in its own transaction and thread, both having
        read the register (taken their snapshot) before either approves. Returns what
        each gave: ``True`` when approved and committed, else the exception."""

        def read_register(env):
            movements = env["heat.share.line"]._register_movements(
                env["res.partner"].browse(self.holder_id),
                env["heat.share.class"].browse(self.class_id),
            )
            self.assertEqual(sum(m.quantity for m in movements), 3)

        return race(
            self,
            approvals,
            read_register,
            context={"lang": "fr_FR"},
            lock_timeout=self.LOCK_TIMEOUT,
        )

    def _committed_register(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["heat.share.line"]._register_movements(
                env["res.partner"].browse(self.holder_id),
                env["heat.share.class"].browse(self.class_id),
            )

    def _assert_one_refused(self, results):
        approved = [result for result in results if result is True]
        refused = [result for result in results if result is not True]
        self.assertEqual(len(approved), 1, results)
        self.assertEqual(len(refused), 1, results)
        self.assertIsInstance(refused[0], UserError, refused[0])
        # the message of the holding, in the user's language
        self.assertRegex(
            str(refused[0]),
            r"^Holder of 3 \(concurrency test\) détient 1 parts .* ne peut pas en "
            r"céder 2 ",
        )
        movements = self._committed_register()
        self.assertIsNone(register_domain.first_negative(movements))
        self.assertEqual(sum(movement.quantity for movement in movements), 1)

    def test_two_redemptions_approved_at_once(self):
        """A holder of 3 asks twice to redeem 2: the board approves both requests at
        the same moment from two screens; one is approved, the other refused."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            redemptions = env["heat.share.line"].create(
                [
                    {
                        "company_id": self.company_id,
                        "date": date(2025, 9, 30),
                        "partner_id": self.holder_id,
                        "class_id": self.class_id,
                        "movement_type": "redemption",
                        "quantity": 2,
                    }
                    for _i in range(2)
                ]
            )
        results = self._race(
            *(
                lambda env, line_id=line_id: (
                    env["heat.share.line"].browse(line_id).action_approve()
                )
                for line_id in redemptions.ids
            )
        )
        self._assert_one_refused(results)

    def test_two_transfers_recorded_and_approved_at_once(self):
        """The movements are created and approved in the same transaction (the
        request wizard with "Approve now"): the other transaction cannot see them,
        only the holder's locked position makes it wait."""

        def transfer(neighbour_id):
            def approval(env):
                env["heat.share.line.request"].create(
                    {
                        "company_id": self.company_id,
                        "movement": "transfer",
                        "date": date(2025, 9, 30),
                        "partner_id": self.holder_id,
                        "target_partner_id": neighbour_id,
                        "class_id": self.class_id,
                        "quantity": 2,
                        "approve": True,
                    }
                ).action_confirm()

            return approval

        results = self._race(*(transfer(n) for n in self.neighbour_ids))
        self._assert_one_refused(results)
