# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HeatSharesCommon

USER = "heat_citizen_shares.heat_citizen_shares_group_user"
MANAGER = "heat_citizen_shares.heat_citizen_shares_group_manager"


@tagged("post_install", "-at_install")
class TestSecurity(HeatSharesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._line(cls.alice, 5, date(2024, 1, 1))
        cls.subscription = cls.env["heat.share.subscription"].create(
            {
                "company_id": cls.company.id,
                "partner_id": cls.bob.id,
                "class_id": cls.share_class.id,
                "quantity": 2,
            }
        )
        cls.shares_user = cls._user("hcs_user", USER)
        cls.shares_manager = cls._user("hcs_manager", MANAGER)
        cls.employee = cls._user("hcs_employee", None)

    def test_manager_implies_user(self):
        """A Shares manager gets every right of a user."""
        self.assertTrue(self.shares_manager.has_group(USER))
        self.assertFalse(self.env.ref(USER).implied_ids & self.env.ref(MANAGER))

    def test_every_model_has_access_and_company_rule(self):
        """Every model the addon defines (wizards included, report models apart),
        found from the addon's own records, so a new model cannot be forgotten."""
        models = (
            self.env["ir.model"]
            .browse(
                self.env["ir.model.data"]
                .search(
                    [("module", "=", "heat_citizen_shares"), ("model", "=", "ir.model")]
                )
                .mapped("res_id")
            )
            .mapped("model")
        )
        models = [
            model
            for model in models
            if self.env[model]._original_module == "heat_citizen_shares"
            and not self.env[model]._abstract
        ]
        self.assertIn("heat.share.interest", models)
        self.assertIn("heat.share.subscription.call", models)
        for model in models:
            accesses = self.env["ir.model.access"].search(
                [("model_id.model", "=", model)]
            )
            self.assertEqual(
                accesses.group_id, self.env.ref(USER) | self.env.ref(MANAGER), model
            )
            rule = self.env["ir.rule"].search([("model_id.model", "=", model)])
            self.assertIn("company_ids", rule.domain_force, model)

    def test_user_reads_only(self):
        line = self.line.with_user(self.shares_user)
        self.assertEqual(line.quantity, 5)
        self.assertEqual(
            self.subscription.with_user(self.shares_user).partner_id, self.bob
        )
        with self.assertRaises(AccessError):
            line.note = "changed"
        with self.assertRaises(AccessError):
            self.env["heat.share.subscription"].with_user(self.shares_user).create(
                {
                    "company_id": self.company.id,
                    "partner_id": self.alice.id,
                    "class_id": self.share_class.id,
                    "quantity": 1,
                }
            )
        with self.assertRaises(AccessError):
            self.subscription.with_user(self.shares_user).action_approve()

    def test_manager_runs_the_register(self):
        subscription = self.subscription.with_user(self.shares_manager)
        subscription.action_approve()
        self.assertEqual(subscription.state, "approved")
        line = self.line.with_user(self.shares_manager)
        line.note = "Board of 2024-01-01"
        self.assertEqual(self.line.note, "Board of 2024-01-01")

    def test_capital_call_needs_accounting_rights(self):
        """Calling capital posts a journal entry: the Shares manager also needs the
        invoicing rights of accounting."""
        self.subscription.action_approve()
        with self.assertRaises(AccessError):
            self.subscription.with_user(self.shares_manager).action_call()
        self.assertEqual(self.subscription.state, "approved")
        self.shares_manager.groups_id = [
            Command.link(self.env.ref("account.group_account_invoice").id)
        ]
        self.subscription.with_user(self.shares_manager).action_call()
        self.assertEqual(self.subscription.state, "called")
        self.assertEqual(self.subscription.call_move_id.state, "posted")

    def test_personal_data_hidden_from_other_employees(self):
        with self.assertRaises(AccessError):
            self.line.with_user(self.employee).read(["quantity"])
        with self.assertRaises(AccessError):
            self.subscription.with_user(self.employee).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.alice.with_user(self.employee).read(["share_count"])
        # the partner itself stays readable, its form without the shares
        self.assertEqual(self.alice.with_user(self.employee).name, "Alice Vidal")
        arch = (
            self.env["res.partner"]
            .with_user(self.employee)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("share_count", arch)
        arch = (
            self.env["res.partner"]
            .with_user(self.shares_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("share_count", arch)

    def test_company_b_does_not_see_company_a(self):
        company_b = self.env["res.company"].create({"name": "SCIC B"})
        user_b = self._user("hcs_manager_b", MANAGER, company=company_b)
        env_b = self.env(user=user_b, context={"allowed_company_ids": company_b.ids})
        Line = env_b["heat.share.line"]
        self.assertFalse(Line.search([]))
        self.assertFalse(env_b["heat.share.subscription"].search([]))
        self.assertFalse(env_b["heat.share.class"].search([]))
        self.assertFalse(env_b["heat.share.college"].search([]))
        with self.assertRaises(AccessError):
            Line.browse(self.line.id).read(["quantity"])
        with self.assertRaises(AccessError):
            env_b["heat.share.subscription"].browse(self.subscription.id).read(
                ["quantity"]
            )
        # with both companies the manager sees the line
        user_b.company_ids = [Command.link(self.company.id)]
        self.assertEqual(
            Line.with_context(
                allowed_company_ids=[company_b.id, self.company.id]
            ).search([("id", "=", self.line.id)]),
            self.line,
        )
