# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

import openpyxl
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HeatSharesCommon

USER = "heat_citizen_shares.heat_citizen_shares_group_user"
MANAGER = "heat_citizen_shares.heat_citizen_shares_group_manager"


@tagged("post_install", "-at_install")
class TestHeatShareInterest(HeatSharesCommon):
    """2025 at 2 %, paid on 30 June 2026, on a register where:

    - Alice holds 10 shares of 50 EUR since 2020 and transfers 4 to Bob on 1 July;
    - Carol comes on 1 March with 4 shares and transfers them to Bob on 1 October;
    - Bob (exempt from the PFNL, asked in 2025) holds 4 from 1 July, 8 from 1 October;
    - the commune holds 2 shares of 500 EUR all year (a legal person).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carol = cls.env["res.partner"].create(
            {
                "name": "Carol Brun",
                "street": "3 rue de l'Abbaye",
                "zip": "43160",
                "city": "La Chaise-Dieu",
                "country_id": cls.env.ref("base.fr").id,
                "share_birthdate": date(1970, 4, 2),
                "share_birthplace": "Le Puy-en-Velay",
                # asked in 2024: covers 2025's payments, not 2026's
                "share_interest_exempt": True,
                "share_interest_exempt_year": 2024,
            }
        )
        cls.bob.write(
            {"share_interest_exempt": True, "share_interest_exempt_year": 2025}
        )
        cls._line(cls.alice, 10, date(2020, 1, 10))
        cls._line(cls.carol, 4, date(2025, 3, 1))
        cls._line(cls.mairie, 2, date(2024, 1, 1), share_class=cls.class_authorities)
        # next year's issue does not count
        cls._line(cls.alice, 2, date(2026, 1, 5))

    def _transfers(self):
        self._transfer(self.alice, self.bob, 4, date(2025, 7, 1))
        self._transfer(self.carol, self.bob, 4, date(2025, 10, 1))

    def _computed(self, **values):
        self._transfers()
        interest = self._interest(**values)
        interest.action_compute()
        return interest

    def _by_member(self, interest):
        return {
            line.partner_id: (line.gross, line.pfnl, line.social, line.net)
            for line in interest.line_ids
        }

    # ---------------------------------------------------------------- compute

    def test_pro_rata_of_the_days_held_on_the_register(self):
        interest = self._computed()
        self.assertEqual(interest.state, "computed")
        self.assertEqual(interest.cap_rate, 5.37)  # TMO average + 2 points
        lines = {line.partner_id: line for line in interest.line_ids}
        self.assertEqual(
            interest.line_ids.partner_id,
            self.alice | self.bob | self.carol | self.mairie,
        )
        # Alice: 50 x (10 x 181 + 6 x 184) x 2 % / 365 = 7.9836
        self.assertEqual(lines[self.alice].share_days, 10 * 181 + 6 * 184)
        self.assertEqual(lines[self.alice].gross, 7.98)
        # Bob: 50 x (4 x 184 + 4 x 92) x 2 % / 365 = 3.0247
        self.assertEqual(lines[self.bob].share_days, 4 * 184 + 4 * 92)
        self.assertEqual(lines[self.bob].gross, 3.02)
        # Carol, 1 March to 30 September: 50 x 4 x 214 x 2 % / 365 = 2.3452
        self.assertEqual(lines[self.carol].share_days, 4 * 214)
        self.assertEqual(lines[self.carol].gross, 2.35)
        # the commune: 2 x 500 all year
        self.assertEqual(lines[self.mairie].gross, 20.0)
        self.assertEqual(lines[self.mairie].average_capital, 1000.0)
        self.assertEqual(interest.gross_total, 33.35)

    def test_rate_above_the_cap_refused_with_the_figures(self):
        self._transfers()
        interest = self._interest(rate=6.0)
        with self.assertRaisesRegex(UserError, r"6 %.*5\.37 %.*TMO moyen.*0\.63"):
            interest.action_compute()
        self.assertEqual(interest.state, "draft")
        self.assertFalse(interest.line_ids)
        # at the cap it is accepted
        interest.rate = 5.37
        interest.action_compute()
        self.assertEqual(interest.state, "computed")
        # computed again after a reset: the lines are rebuilt, not added
        interest.action_draft()
        self.assertFalse(interest.line_ids)
        interest.action_compute()
        self.assertEqual(len(interest.line_ids), 4)
        # the rate the lines were computed from is frozen; the cap is not, and
        # posting checks it again
        with self.assertRaisesRegex(UserError, "reset it to draft to change Rate"):
            interest.rate = 5.0
        interest.cap_rate = 5.0
        with self.assertRaisesRegex(UserError, r"5\.37 %.*5 %"):
            interest.action_post()
        self.assertFalse(interest.move_id)

    def test_cap_and_its_source_are_required(self):
        interest = self._interest(tmo_average=0.0, cap_rate=0.0)
        with self.assertRaisesRegex(UserError, "legal cap rate and its source"):
            interest.action_compute()
        interest.write({"cap_rate": 5.37, "cap_source": " "})
        with self.assertRaisesRegex(UserError, "legal cap rate and its source"):
            interest.action_compute()

    def test_withholding_natural_exempt_and_legal_person(self):
        interest = self._computed()
        members = self._by_member(interest)
        # natural person: PFNL 12.8 % and social levies 17.2 %, each to the cent
        self.assertEqual(members[self.alice], (7.98, 1.02, 1.37, 5.59))
        # exempt (asked in 2025 for 2026): the social levies only
        self.assertEqual(members[self.bob], (3.02, 0.0, 0.52, 2.50))
        # asked in 2024: the exemption does not cover 2026
        self.assertEqual(members[self.carol], (2.35, 0.30, 0.40, 1.65))
        # a legal person: nothing withheld
        self.assertEqual(members[self.mairie], (20.0, 0.0, 0.0, 20.0))
        flags = {
            line.partner_id: (line.exempt, line.legal_person)
            for line in interest.line_ids
            if line.exempt or line.legal_person
        }
        self.assertEqual(flags, {self.bob: (True, False), self.mairie: (False, True)})
        self.assertEqual(
            (interest.pfnl_total, interest.social_total, interest.net_total),
            (1.32, 2.29, 29.74),
        )

    def test_withholding_rates_are_inputs(self):
        members = self._by_member(self._computed(pfnl_rate=12.8, social_rate=18.6))
        # 7.98 x 18.6 % = 1.48428
        self.assertEqual(members[self.alice], (7.98, 1.02, 1.48, 5.48))

    def test_exemption_needs_its_year(self):
        with self.assertRaisesRegex(ValidationError, "year the exemption"):
            self.alice.share_interest_exempt = True

    # ---------------------------------------------------------------- posting

    def test_entry_balanced_on_the_expected_accounts(self):
        interest = self._computed()
        interest.action_post()
        move = interest.move_id
        self.assertEqual(interest.state, "posted")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.date, date(2026, 6, 30))
        self.assertEqual(move.journal_id, self.share_class.journal_id)
        self.assertEqual(sum(move.line_ids.mapped("debit")), 33.35)
        self.assertEqual(sum(move.line_ids.mapped("credit")), 33.35)
        by_account = {}
        for aml in move.line_ids:
            key = (aml.account_id.code[:4], aml.partner_id)
            by_account[key] = by_account.get(key, 0) + aml.balance
        by_account = {key: round(value, 2) for key, value in by_account.items()}
        empty = self.env["res.partner"]
        self.assertEqual(
            by_account,
            {
                ("1200", empty): 33.35,
                ("4570", self.alice): -5.59,
                ("4570", self.bob): -2.50,
                ("4570", self.carol): -1.65,
                ("4570", self.mairie): -20.0,
                # PFNL 1.02 + 0.30, social levies 1.37 + 0.52 + 0.40
                ("4423", empty): -3.61,
            },
        )
        self.assertEqual(
            sorted(
                move.line_ids.filtered(
                    lambda aml: aml.account_id.code.startswith("4423")
                ).mapped("credit")
            ),
            [1.32, 2.29],
        )
        alice_line = interest.line_ids.filtered(
            lambda line: line.partner_id == self.alice
        )
        self.assertEqual(alice_line.move_line_id.credit, 5.59)
        self.assertEqual(alice_line.payment_state, "not_paid")
        # a posted member's line stays, and the record cannot go back to draft
        with self.assertRaisesRegex(UserError, "was posted"):
            alice_line.unlink()
        with self.assertRaisesRegex(UserError, "not possible now"):
            interest.action_draft()

    def test_posting_needs_the_accounts(self):
        interest = self._computed()
        interest.account_payable_id = False
        with self.assertRaisesRegex(UserError, "Members, interest to pay"):
            interest.action_post()
        self.assertFalse(interest.move_id)
        # the account must allow reconciliation: each member is paid against it
        interest.account_payable_id = interest.account_distribution_id
        with self.assertRaisesRegex(UserError, "must allow reconciliation"):
            interest.action_post()

    def test_cancel_reverses_the_entry(self):
        interest = self._computed()
        interest.action_post()
        move = interest.move_id
        interest.action_cancel()
        self.assertEqual(interest.state, "cancel")
        self.assertEqual(move.state, "posted")  # never deleted
        reversal = interest.reversal_move_id
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.reversed_entry_id, move)
        self.assertEqual(
            sorted(reversal.line_ids.mapped("debit")),
            sorted(move.line_ids.mapped("credit")),
        )
        self.assertEqual(set(interest.line_ids.mapped("payment_state")), {"reversed"})
        with self.assertRaisesRegex(UserError, "never deleted"):
            interest.unlink()
        # the year can be computed again
        again = self._interest(rate=1.5)
        again.action_compute()
        self.assertEqual(again.state, "computed")

    def test_paid_interest_is_not_cancelled(self):
        interest = self._computed()
        interest.action_post()
        alice_aml = interest.line_ids.filtered(
            lambda line: line.partner_id == self.alice
        ).move_line_id
        bank = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")], limit=1
        )
        payment = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": bank.id,
                "date": date(2026, 7, 10),
                "line_ids": [
                    Command.create(
                        {
                            "account_id": alice_aml.account_id.id,
                            "partner_id": self.alice.id,
                            "debit": 5.59,
                        }
                    ),
                    Command.create(
                        {
                            "account_id": bank.default_account_id.id,
                            "credit": 5.59,
                        }
                    ),
                ],
            }
        )
        payment.action_post()
        (
            alice_aml
            | payment.line_ids.filtered(
                lambda line: line.account_id == alice_aml.account_id
            )
        ).reconcile()
        alice_line = interest.line_ids.filtered(
            lambda line: line.partner_id == self.alice
        )
        self.assertEqual(alice_line.payment_state, "paid")
        with self.assertRaisesRegex(UserError, "already paid to Alice Vidal"):
            interest.action_cancel()
        self.assertEqual(interest.state, "posted")
        self.assertFalse(interest.reversal_move_id)

    def test_one_interest_per_financial_year(self):
        self._interest()
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self._interest(rate=1.0)
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self._interest(date_from=date(2025, 7, 1), date_to=date(2026, 6, 30))
        # moved onto the year of another, in words (not the index's duplicate key)
        other = self._interest(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            other.write({"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)})

    def test_one_interest_per_year_settled_by_the_database(self):
        self._interest()
        other = self._interest(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env.cr.execute(
                "UPDATE heat_share_interest SET date_from = '2025-01-01' WHERE id = %s",
                [other.id],
            )

    # ------------------------------------------------------------------- IFU

    def test_ifu_xlsx(self):
        interest = self._computed()
        with self.assertRaisesRegex(UserError, "not posted"):
            self.env["ir.actions.report"]._render(
                "heat_citizen_shares.heat_share_interest_ifu_xlsx_report",
                interest.ids,
            )
        formula = '=HYPERLINK("http://attacker.example/","x")'
        self.mairie.street = formula
        interest.action_post()
        self.assertEqual(
            interest.action_export_ifu()["report_name"],
            "heat_citizen_shares.interest_ifu_xlsx",
        )
        content, _kind = self.env["ir.actions.report"]._render(
            "heat_citizen_shares.heat_share_interest_ifu_xlsx_report", interest.ids
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet.title, "IFU 2026")
        rows = {
            row[0]: row
            for row in sheet.iter_rows(min_row=6, values_only=True)
            if row[0]
        }
        carol = rows["Carol Brun"]
        self.assertEqual(
            carol[2:7], ("3 rue de l'Abbaye", None, "43160", "La Chaise-Dieu", "France")
        )
        self.assertEqual(carol[7].date(), date(1970, 4, 2))
        self.assertEqual(carol[8], "Le Puy-en-Velay")
        self.assertEqual(carol[9:13], (2.35, 0.30, 0.40, 1.65))
        self.assertEqual(rows["Bob Faure"][9:14], (3.02, 0, 0.52, 2.50, "Yes"))
        self.assertEqual(rows["Commune de test"][1], "Yes")
        self.assertEqual(rows["Commune de test"][2], formula)  # text, not a formula
        self.assertEqual(rows["Total"][9:13], (33.35, 1.32, 2.29, 29.74))


@tagged("post_install", "-at_install")
class TestHeatShareInterestSecurity(HeatSharesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._line(cls.alice, 10, date(2020, 1, 10))
        cls.interest = cls._interest()
        cls.interest.action_compute()
        cls.shares_user = cls._user("hcs_interest_user", USER)
        cls.shares_manager = cls._user("hcs_interest_manager", MANAGER)
        cls.employee = cls._user("hcs_interest_employee", None)

    def test_user_reads_only(self):
        interest = self.interest.with_user(self.shares_user)
        self.assertEqual(interest.gross_total, 10.0)
        self.assertEqual(interest.line_ids.net, 7.0)
        with self.assertRaises(AccessError):
            interest.cap_source = "changed"
        with self.assertRaises(AccessError):
            interest.action_compute()
        with self.assertRaises(AccessError):
            self.interest.with_user(self.employee).read(["rate"])
        with self.assertRaises(AccessError):
            self.alice.with_user(self.employee).read(["share_interest_exempt"])

    def test_manager_posts_with_accounting_rights(self):
        interest = self.interest.with_user(self.shares_manager)
        interest.action_compute()
        with self.assertRaises(AccessError):
            interest.action_post()
        self.assertEqual(self.interest.state, "computed")
        self.shares_manager.groups_id = [
            Command.link(self.env.ref("account.group_account_invoice").id)
        ]
        interest.action_post()
        self.assertEqual(self.interest.move_id.state, "posted")

    def test_other_company_does_not_see_it(self):
        company_b = self.env["res.company"].create({"name": "SCIC B"})
        user_b = self._user("hcs_interest_b", MANAGER, company=company_b)
        env_b = self.env(user=user_b, context={"allowed_company_ids": company_b.ids})
        self.assertFalse(env_b["heat.share.interest"].search([]))
        self.assertFalse(env_b["heat.share.interest.line"].search([]))
        with self.assertRaises(AccessError):
            env_b["heat.share.interest"].browse(self.interest.id).read(["rate"])
        with self.assertRaises(AccessError):
            env_b["heat.share.interest.line"].browse(self.interest.line_ids.ids).read(
                ["gross"]
            )
