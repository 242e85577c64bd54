# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from contextlib import ExitStack, contextmanager
from datetime import date
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import TransactionCase
from odoo.tools import SQL

from odoo.addons.heat_operator.tests.common import (  # noqa: F401 (pdf_text: for the tests)
    operator_company,
    pdf_text,
)


class HeatSharesCommon(TransactionCase):
    """A French project company (French chart loaded) with four colleges, an ordinary
    share class of 50 € and a class reserved to local authorities, and a few people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls._french_company("SCIC Chaleur Test")
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.env.user.company_ids |= cls.company
        cls.env.user.company_id = cls.company
        College = cls.env["heat.share.college"]
        cls.college_users = College.create(
            {"name": "Users", "code": "U", "weight": 40, "company_id": cls.company.id}
        )
        cls.college_employees = College.create(
            {
                "name": "Employees",
                "code": "E",
                "weight": 10,
                "company_id": cls.company.id,
            }
        )
        cls.college_authorities = College.create(
            {
                "name": "Authorities",
                "code": "LA",
                "weight": 30,
                "company_id": cls.company.id,
            }
        )
        cls.college_supporters = College.create(
            {
                "name": "Supporters",
                "code": "S",
                "weight": 20,
                "company_id": cls.company.id,
            }
        )
        cls.share_class = cls.env["heat.share.class"].create(
            {
                "name": "Ordinary",
                "code": "A",
                "nominal_value": 50.0,
                "min_shares": 1,
                "max_shares": 20,
                "waiting_period_months": 36,
                "company_id": cls.company.id,
            }
        )
        cls.class_authorities = cls.env["heat.share.class"].create(
            {
                "name": "Authorities",
                "code": "C",
                "nominal_value": 500.0,
                "max_shares": 100,
                "college_id": cls.college_authorities.id,
                "company_id": cls.company.id,
            }
        )
        Partner = cls.env["res.partner"]
        cls.alice = Partner.create(
            {"name": "Alice Vidal", "share_college_id": cls.college_users.id}
        )
        cls.bob = Partner.create(
            {"name": "Bob Faure", "share_college_id": cls.college_users.id}
        )
        cls.mairie = Partner.create(
            {
                "name": "Commune de test",
                "is_company": True,
                "share_college_id": cls.college_authorities.id,
            }
        )

    @contextmanager
    def assertRaisesRegex(self, exception, regex):  # pylint: disable=arguments-differ
        """Like Odoo's ``assertRaises`` (the transaction is rolled back to where the
        block started, as it would be for the user) and the message is checked."""
        with self.assertRaises(exception) as context:
            yield context
        self.assertRegex(str(context.exception), regex)

    @classmethod
    def _french_company(cls, name, siret="91234567500017"):
        return operator_company(cls.env, name, siret)

    @classmethod
    def _line(cls, partner, quantity, day, movement_type="issue", share_class=None):
        """An approved register line (what an issued subscription leaves)."""
        line = cls.env["heat.share.line"].create(
            {
                "company_id": cls.company.id,
                "partner_id": partner.id,
                "class_id": (share_class or cls.share_class).id,
                "movement_type": movement_type,
                "quantity": quantity,
                "date": day,
            }
        )
        line.action_approve()
        return line

    def _subscription(self, partner=None, quantity=5, share_class=None):
        return self.env["heat.share.subscription"].create(
            {
                "company_id": self.company.id,
                "partner_id": (partner or self.alice).id,
                "class_id": (share_class or self.share_class).id,
                "quantity": quantity,
                "date": date(2026, 1, 5),
            }
        )

    def _pay(self, subscription, amount=None, day=None):
        wizard = self.env["heat.share.subscription.payment"].create(
            {
                "subscription_id": subscription.id,
                "date": day or date(2026, 2, 1),
                **({"amount": amount} if amount is not None else {}),
            }
        )
        return wizard.action_confirm()

    @classmethod
    def _interest(cls, **values):
        """Interest on the shares of 2025 at 2 %, voted on 30 June 2026, under the
        cap of a TMO average of 3.37 %."""
        return cls.env["heat.share.interest"].create(
            {
                "company_id": cls.company.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "date": date(2026, 6, 30),
                "rate": 2.0,
                "tmo_average": 3.37,
                "cap_source": "TMO moyen 2023-2025 publié au JO",
                **values,
            }
        )

    def _transfer(self, holder, to, quantity, day, approve=True):
        action = (
            self.env["heat.share.line.request"]
            .create(
                {
                    "company_id": self.company.id,
                    "movement": "transfer",
                    "partner_id": holder.id,
                    "target_partner_id": to.id,
                    "class_id": self.share_class.id,
                    "quantity": quantity,
                    "date": day,
                    "approve": approve,
                }
            )
            .action_confirm()
        )
        return self.env["heat.share.line"].search(action["domain"])

    def _bank_receipt(self, partner, amount, day):
        """A posted bank entry of ``amount`` received from ``partner`` on the share
        class's receivable (as a bank statement would book it)."""
        bank = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")], limit=1
        )
        receipt = self.env["account.move"].create(
            {
                "journal_id": bank.id,
                "date": day,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": bank.default_account_id.id,
                            "partner_id": partner.id,
                            "debit": amount,
                        }
                    ),
                    Command.create(
                        {
                            "account_id": self.share_class.account_receivable_id.id,
                            "partner_id": partner.id,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        receipt.action_post()
        return receipt

    @classmethod
    def _user(cls, login, group, company=None):
        company = company or cls.company
        return cls.env["res.users"].create(
            {
                "name": login,
                "login": login,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [
                    Command.set(
                        [cls.env.ref("base.group_user").id]
                        + ([cls.env.ref(group).id] if group else [])
                    )
                ],
            }
        )


class HeatShareMeetingCommon(HeatSharesCommon):
    """Twelve voting members in four colleges, a holder of non-voting shares only,
    a member who joined after the record date, and a general meeting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.users = Partner.create(
            [
                {"name": f"User {i}", "share_college_id": cls.college_users.id}
                for i in range(6)
            ]
        )
        cls.authorities = Partner.create(
            [
                {
                    "name": f"Authority {i}",
                    "share_college_id": cls.college_authorities.id,
                }
                for i in range(3)
            ]
        )
        cls.supporters = Partner.create(
            [
                {
                    "name": f"Supporter {i}",
                    "share_college_id": cls.college_supporters.id,
                }
                for i in range(2)
            ]
        )
        cls.employee = Partner.create(
            {"name": "Employee", "share_college_id": cls.college_employees.id}
        )
        for partner in cls.users | cls.authorities | cls.supporters | cls.employee:
            cls._line(partner, 2, date(2024, 1, 1))
        cls.non_voting = cls.env["heat.share.class"].create(
            {
                "name": "Preference",
                "code": "P",
                "nominal_value": 100,
                "voting": False,
                "company_id": cls.company.id,
            }
        )
        cls.investor = Partner.create(
            {"name": "Investor", "share_college_id": cls.college_supporters.id}
        )
        cls._line(cls.investor, 10, date(2024, 1, 1), share_class=cls.non_voting)
        cls.late = Partner.create(
            {"name": "Late member", "share_college_id": cls.college_users.id}
        )
        cls._line(cls.late, 1, date(2026, 5, 2))
        cls.meeting = cls.env["heat.share.meeting"].create(
            {
                "name": "AG 2026",
                "date": date(2026, 6, 20),
                "record_date": date(2026, 5, 1),
                "company_id": cls.company.id,
            }
        )

    def _vote(self, resolution, votes):
        for vote in resolution.vote_ids:
            vote.vote = votes.get(vote.partner_id, "abstain")


def race(case, actions, read_first, context=None, lock_timeout="5s"):
    """Run each ``action(env)`` in its own transaction and thread, as Odoo runs a
    request (``retrying``: a serialization failure is replayed), all having called
    ``read_first(env)`` (taken their snapshot) before any acts. Returns what each
    gave: ``True`` when done and committed, else the exception. The environments
    have ``context``. No connection waits
    longer than ``lock_timeout`` for a lock: the test cannot hang.

    The test server runs the tests holding the lock of Odoo's registries, which a
    replayed request takes (``retrying`` resets the environment): the lock is made a
    dummy one meanwhile, as Odoo's own test mode does."""
    results = [None] * len(actions)
    with ExitStack() as stack:
        stack.enter_context(patch.object(Registry, "_lock", DummyRLock()))
        envs = []
        for _action in actions:
            cr = stack.enter_context(case.registry.cursor())
            env = api.Environment(cr, SUPERUSER_ID, dict(context or {}))
            read_first(env)
            envs.append(env)

        def run(index):
            env = envs[index]

            def attempt():
                env.cr.execute(SQL("SET LOCAL lock_timeout = %s", lock_timeout))
                actions[index](env)

            try:
                retrying(attempt, env)
                results[index] = True
            except Exception as error:  # pylint: disable=broad-except
                env.cr.rollback()
                results[index] = error

        threads = [
            threading.Thread(target=run, args=(index,), daemon=True)
            for index in range(len(actions))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        case.assertFalse(
            any(thread.is_alive() for thread in threads), "an approval hangs"
        )
    return results
