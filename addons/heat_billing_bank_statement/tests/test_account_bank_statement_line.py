# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import file_open

from odoo.addons.heat_billing.tests.common import HeatBillingCommon
from odoo.addons.heat_billing_bank_statement.hooks import post_init_hook
from odoo.addons.heat_operator.tests.common import operator_company

DATA = "heat_billing_bank_statement/tests/data/"


def camt053(iban, day, entries, msg_id="CCOP20250310"):
    """A camt.053 statement of ``entries``: ``(amount, payer, payer_iban, text)``."""
    with file_open(DATA + "camt053_entry.xml") as f:
        entry = f.read()
    with file_open(DATA + "camt053.xml") as f:
        document = f.read()
    body = "".join(
        entry.format(
            ref=f"{msg_id}{number:04d}",
            amount=f"{amount:.2f}",
            date=day.isoformat(),
            payer=payer,
            payer_iban=payer_iban,
            text=text,
        )
        for number, (amount, payer, payer_iban, text) in enumerate(entries, 1)
    )
    total = sum(amount for amount, *_rest in entries)
    return document.format(
        msg_id=msg_id,
        date=day.isoformat(),
        sequence=69,
        iban=iban,
        opening="1000.00",
        closing=f"{1000 + total:.2f}",
        entries=body,
    ).encode()


@tagged("post_install", "-at_install")
class TestAccountBankStatementLine(HeatBillingCommon):
    """Transfers of an imported CAMT.053 statement pay the heat invoices whose
    reference they carry, without a user, whoever the payer is (OCA's statement
    import and reconciliation, and the suite's matching rule)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._complete_seller()
        cls._read_january()
        cls.journal = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "bank")], limit=1
        )
        cls.journal.bank_account_id = cls.company.partner_id.bank_ids

    def _january(self):
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        self._post(run)
        town_hall = run.move_ids.filtered(lambda m: m.partner_id == self.partner)
        return town_hall, run.move_ids - town_hall

    def _payments_numbered_like_the_invoices(self):
        """Two cheques received: PCHQ/2025/00001 and 00002, whose
        digits are those of the invoices' numbers; they are no invoice."""
        cheques_journal = self.env["account.journal"].create(
            {"name": "Chèques", "code": "CHQ", "type": "bank"}
        )
        # the cheques wait on their own account until cashed
        account = self.env["account.account"].search(
            [("code", "=", "511200"), ("company_ids", "in", self.company.ids)], limit=1
        )
        account.reconcile = True
        cheques_journal.inbound_payment_method_line_ids.payment_account_id = account
        payments = self.env["account.payment"].create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.partner2.id,
                    "journal_id": cheques_journal.id,
                    "date": date(2025, 2, 10),
                    "amount": amount,
                }
                for amount in (40.0, 60.0)
            ]
        )
        payments.action_post()
        self.assertEqual(
            payments.move_id.mapped("name"),
            ["PCHQ/2025/00001", "PCHQ/2025/00002"],
        )

    def _import(self, entries):
        wizard = self.env["account.statement.import"].create(
            {
                "statement_file": base64.b64encode(
                    camt053(
                        self.journal.bank_account_id.acc_number,
                        date(2025, 3, 10),
                        entries,
                    )
                ),
                "statement_filename": "releve-20250310.xml",
            }
        )
        # OCA reconciles at import, except in tests unless asked
        wizard.with_context(_test_account_reconcile_oca=True).import_file_button()
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.journal.id)], order="id"
        )

    def test_transfers_pay_the_invoices_they_name(self):
        """Paid in March 2025, imported now: the reference matches at any age; the
        treasury is a partner of the company, not the school's invoice's; payments
        numbered with the same digits are no candidates."""
        town_hall, school = self._january()
        self.env["res.partner"].create({"name": "DRFIP Auvergne Rhône-Alpes"})
        self._payments_numbered_like_the_invoices()
        self.assertTrue(town_hall.payment_reference)
        lines = self._import(
            [
                (
                    town_hall.amount_total,
                    "MAIRIE DE TEST",
                    "FR7610907000301234567890125",
                    f"VIR MAIRIE FACTURE {town_hall.payment_reference} JANVIER",
                ),
                # the payer is unknown: the public treasury pays for the school
                (
                    school.amount_total,
                    "DRFIP Auvergne Rhône-Alpes",
                    "FR7630001007941234567890185",
                    school.payment_reference,
                ),
                (50.0, "M DUPONT JEAN", "FR7620041010050500013M02606", "ADHESION"),
            ]
        )
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines.mapped("is_reconciled"), [True, True, False])
        self.assertEqual(town_hall.payment_state, "paid")
        self.assertEqual(school.payment_state, "paid")
        # the treasury's transfer is the one that paid the school
        receivable = school.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertEqual(
            receivable.matched_credit_ids.credit_move_id.move_id, lines[1].move_id
        )

    @freeze_time("2025-03-10")
    def test_a_transfer_short_of_the_amount_waits_for_a_user(self):
        _town_hall, school = self._january()
        lines = self._import(
            [
                (
                    school.amount_total - 10.0,
                    "ECOLE DE TEST",
                    "FR7630001007941234567890185",
                    school.payment_reference,
                )
            ]
        )
        self.assertFalse(lines.is_reconciled)
        self.assertEqual(school.payment_state, "not_paid")

    def test_each_company_has_its_own_matching_rule(self):
        rule = self.env["account.reconcile.model"].search(
            [
                ("company_id", "=", self.company.id),
                ("name", "=", "Heat invoices by their reference"),
            ]
        )
        self.assertEqual(len(rule), 1)
        self.assertTrue(rule.auto_reconcile)
        self.assertTrue(rule.heat_invoice_reference)
        self.assertFalse(rule.match_partner)
        other = operator_company(self.env, "Autre Chaleur", siret="44306184100047")
        other_rule = self.env["account.reconcile.model"].search(
            [("company_id", "=", other.id), ("rule_type", "=", "invoice_matching")]
        )
        self.assertIn("Heat invoices by their reference", other_rule.mapped("name"))

    def test_the_companies_there_at_install_get_the_rule_once(self):
        def rules():
            return self.env["account.reconcile.model"].search(
                [
                    ("company_id", "=", self.company.id),
                    ("name", "=", "Heat invoices by their reference"),
                ]
            )

        rules().unlink()
        post_init_hook(self.env)
        self.assertEqual(len(rules()), 1)
        post_init_hook(self.env)
        self.assertEqual(len(rules()), 1)
