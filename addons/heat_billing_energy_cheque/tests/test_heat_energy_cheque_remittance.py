# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.heat_billing.tests.common import HeatBillingCommon
from odoo.addons.heat_operator.tests.common import operator_company


@tagged("post_install", "-at_install")
class TestHeatEnergyChequeRemittance(HeatBillingCommon):
    """The chèque énergie: a payment in its own journal with the cheque's number and
    year, valid until 31 March of the next year, once per number; the household
    marked as a beneficiary; the cheques remitted to the agency and its
    reimbursement reconciled with them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._complete_seller()
        cls._read_january()
        cls.company.action_heat_energy_cheque_journal()
        cls.journal = cls.company.heat_energy_cheque_journal_id
        cls.bank = cls.env["account.journal"].search(
            [
                ("company_id", "=", cls.company.id),
                ("type", "=", "bank"),
                ("id", "!=", cls.journal.id),
            ],
            limit=1,
        )
        run = cls._run(cls, date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        cls._post(cls, run)
        cls.town_hall = run.move_ids.filtered(lambda m: m.partner_id == cls.partner)
        cls.school = run.move_ids - cls.town_hall

    def _pay(self, invoice, number, year=2024, day=date(2025, 3, 10), amount=100.0):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "journal_id": self.journal.id,
                    "payment_date": day,
                    "amount": amount,
                    "heat_energy_cheque_number": number,
                    "heat_energy_cheque_year": year,
                }
            )
            ._create_payments()
        )

    def test_a_cheque_pays_part_of_an_invoice_and_marks_the_beneficiary(self):
        self.assertFalse(self.partner.heat_energy_cheque_beneficiary)
        payment = self._pay(self.town_hall, "2024-0431187520")
        self.assertEqual(payment.heat_energy_cheque_number, "2024-0431187520")
        self.assertEqual(payment.heat_energy_cheque_year, 2024)
        self.assertEqual(self.town_hall.payment_state, "partial")
        self.assertEqual(
            self.town_hall.amount_residual, self.town_hall.amount_total - 100.0
        )
        self.assertTrue(self.partner.heat_energy_cheque_beneficiary)
        # the receipt waits on the cheques' own account until reimbursed
        self.assertEqual(payment.outstanding_account_id.code, "511500")

    def test_a_cheque_is_valid_until_31_march_of_the_next_year(self):
        self._pay(self.town_hall, "2024-0000000001", day=date(2025, 3, 31))
        with self.assertRaisesRegex(ValidationError, "could be used until 31/03/2025"):
            self._pay(self.school, "2024-0000000002", day=date(2025, 4, 1))

    def test_a_cheque_needs_its_number_and_year(self):
        with self.assertRaisesRegex(ValidationError, "give its number and its year"):
            self._pay(self.school, False)

    @mute_logger("odoo.sql_db")
    def test_a_cheque_pays_once(self):
        self._pay(self.town_hall, "2024-0431187520")
        with self.assertRaises(IntegrityError):
            self._pay(self.school, "2024-0431187520")
            self.env.flush_all()

    def test_the_agency_s_reimbursement_settles_the_cheques(self):
        cheques = self._pay(
            self.town_hall, "2024-0000000011", amount=150.0
        ) | self._pay(self.school, "2024-0000000012", amount=76.0)
        remittance = self.env["heat.energy.cheque.remittance"].create(
            {"company_id": self.company.id, "date": date(2025, 3, 12)}
        )
        remittance.action_load_cheques()
        self.assertEqual(remittance.payment_ids, cheques)
        self.assertEqual(remittance.amount_total, 226.0)
        remittance.action_send()
        remittance.write(
            {
                "bank_journal_id": self.bank.id,
                "reimbursement_date": date(2025, 4, 2),
                "reimbursement_amount": 220.0,
            }
        )
        with self.assertRaisesRegex(UserError, "220,00|220.00"):
            remittance.action_record_reimbursement()
        remittance.reimbursement_amount = 226.0
        remittance.action_record_reimbursement()
        self.assertEqual(remittance.state, "reimbursed")
        self.assertEqual(cheques.mapped("is_matched"), [True, True])
        self.assertEqual(cheques.mapped("state"), ["paid", "paid"])
        self.assertEqual(remittance.reimbursement_payment_id.amount, 226.0)
        with self.assertRaisesRegex(UserError, "never deleted"):
            remittance.unlink()

    def test_access_per_group_and_company(self):
        self._pay(self.town_hall, "2024-0000000021")
        remittance = self.env["heat.energy.cheque.remittance"].create(
            {"company_id": self.company.id}
        )
        outsider = new_test_user(
            self.env,
            login="heat_cheque_outsider",
            groups="base.group_user",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            remittance.with_user(outsider).read(["name"])
        other = operator_company(self.env, "Autre Chaleur", siret="44306184100047")
        other_user = new_test_user(
            self.env,
            login="heat_cheque_other",
            groups="heat_billing.heat_billing_group_manager",
            company_id=other.id,
        )
        self.assertFalse(
            self.env["heat.energy.cheque.remittance"]
            .with_user(other_user)
            .with_context(allowed_company_ids=other.ids)
            .search([("id", "=", remittance.id)])
        )
        billing_user = new_test_user(
            self.env,
            login="heat_cheque_user",
            groups="heat_billing.heat_billing_group_user",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            remittance.with_user(billing_user).unlink()
