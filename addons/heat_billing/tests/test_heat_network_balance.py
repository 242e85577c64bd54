# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import float_round

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatNetworkBalance(HeatBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        plan = cls.env["account.analytic.plan"].create({"name": "Réseaux"})
        Analytic = cls.env["account.analytic.account"]
        cls.analytic = Analytic.create(
            {"name": "Réseau BTN", "plan_id": plan.id, "company_id": cls.company.id}
        )
        cls.other_analytic = Analytic.create(
            {"name": "Siège", "plan_id": plan.id, "company_id": cls.company.id}
        )
        cls.network.heat_analytic_account_id = cls.analytic
        cls.supplier = cls.env["res.partner"].create({"name": "Bois Énergie 43"})
        cls._read(cls.meter, date(2025, 1, 1), 1000.0)
        cls._read(cls.meter, date(2025, 2, 1), 11000.0)
        cls._read(cls.meter2, date(2025, 1, 1), 5000.0)
        cls._read(cls.meter2, date(2025, 2, 1), 21830.0)

    def _account(self, prefix):
        return self.env["account.account"].search(
            [("code", "=like", f"{prefix}%"), ("company_ids", "in", self.company.id)],
            limit=1,
        )

    def _bill(self, account, amount, distribution, post=True):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.supplier.id,
                "company_id": self.company.id,
                "invoice_date": date(2025, 1, 20),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": account.name,
                            "account_id": account.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": distribution,
                        }
                    )
                ],
            }
        )
        if post:
            bill.action_post()
        return bill

    def _balance(self, date_to=date(2025, 12, 31)):
        return self.env["heat.network.balance"].create(
            {
                "network_id": self.network.id,
                "date_from": date(2025, 1, 1),
                "date_to": date_to,
            }
        )

    def test_revenue_against_costs_from_accounting(self):
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        run.action_post()
        wood, maintenance = self._account("601"), self._account("615")
        self.assertTrue(wood and maintenance)
        self._bill(wood, 3000.0, {str(self.analytic.id): 100})
        # shared with the head office: half of it is the network's
        self._bill(
            maintenance,
            1000.0,
            {str(self.analytic.id): 50, str(self.other_analytic.id): 50},
        )
        self._bill(maintenance, 999.0, {str(self.analytic.id): 100}, post=False)
        self._bill(wood, 777.0, {str(self.other_analytic.id): 100})
        balance = self._balance()
        r1 = float_round(10 * 80.40, 2) + float_round(16.83 * 80.40, 2)
        r2 = float_round(15 * 37.69 / 12, 2) + float_round(20 * 37.69 / 12, 2)
        self.assertAlmostEqual(balance.r1_revenue, r1)
        self.assertAlmostEqual(balance.r2_revenue, r2)
        self.assertAlmostEqual(balance.variable_costs, 3000.0)
        self.assertAlmostEqual(balance.fixed_costs, 500.0)
        self.assertAlmostEqual(balance.r1_margin, r1 - 3000.0)
        self.assertAlmostEqual(balance.r2_cover, r2 / 500.0)
        # a credit note takes its revenue back, on its own date: today in the
        # user's time zone (after 23:00 UTC, tomorrow's date in Paris)
        run.action_credit()
        balance = self._balance(date_to=fields.Date.context_today(run))
        self.assertAlmostEqual(balance.r1_revenue, 0.0)
        self.assertAlmostEqual(balance.margin, -3500.0)

    def test_only_managers_review_the_tariff(self):
        user = new_test_user(
            self.env,
            login="billing_user_balance",
            groups="heat_billing.heat_billing_group_user",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            self.env["heat.network.balance"].with_user(user).create(
                {
                    "network_id": self.network.id,
                    "date_from": date(2025, 1, 1),
                    "date_to": date(2025, 12, 31),
                }
            )
        action = self.network.action_heat_balance()
        self.assertEqual(action["res_model"], "heat.network.balance")
