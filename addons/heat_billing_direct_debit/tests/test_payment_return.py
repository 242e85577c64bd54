# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import file_open

from odoo.addons.heat_operator.tests.common import operator_company

from .common import NS, HeatDirectDebitCommon


@tagged("post_install", "-at_install")
class TestPaymentReturn(HeatDirectDebitCommon):
    """Returned debits (OCA's payment returns and their ISO 20022 import): the
    invoice reopens, then is presented again or waits for a transfer as the company
    chooses; a closed account or a missing mandate ends the mandate; the bank's fee
    is booked, and charged to the subscriber when the company does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank_journal = cls.mode.fixed_journal_id
        cls.fee_account = cls.env["account.account"].search(
            [("code", "=like", "627%"), ("company_ids", "in", cls.company.ids)],
            limit=1,
        )

    def _debited(self):
        """The January run posted, collected and its order uploaded to the bank:
        the town hall's invoice is paid by debit."""
        run = self._posted_run()
        town_hall = run.move_ids.filtered(lambda m: m.partner_id == self.partner)
        order = self._collect(run)
        order.generated2uploaded()
        self.assertEqual(town_hall.payment_state, "in_payment")
        return run, town_hall, order

    def _import_return(self, order, invoice, reason, info):
        """The bank's pain.002 for the order's one debit, imported as a user does."""
        with file_open("heat_billing_direct_debit/tests/data/pain002_return.xml") as f:
            xml = f.read().format(
                msg_id=f"RJ{order.id:08d}",
                date="2025-03-04",
                order=order.name,
                amount=f"{invoice.amount_total:.2f}",
                collection=order.date_scheduled.isoformat(),
                end_to_end=order.payment_ids.id,
                reason=reason,
                info=info,
                mandate=self.mandate.unique_mandate_reference,
                invoice=invoice.name,
                creditor_iban=self.company.partner_id.bank_ids.acc_number,
            )
        wizard = self.env["payment.return.import"].create(
            {
                "journal_id": self.bank_journal.id,
                "data_file": base64.b64encode(xml.encode()),
            }
        )
        action = wizard.import_file()
        payment_return = self.env["payment.return"].browse(action["res_id"])
        self.assertEqual(len(payment_return.line_ids), 1)
        self.assertTrue(payment_return.line_ids.move_line_ids, "matched by OCA")
        return payment_return

    def _return_by_hand(self, order, reason_code):
        """A return typed from the bank's letter."""
        payment = order.payment_ids
        return self.env["payment.return"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": date(2025, 3, 4),
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "partner_id": self.partner.id,
                            "amount": payment.amount,
                            "reason_id": self.env["payment.return.reason"]
                            .search([("code", "=", reason_code)])
                            .id,
                            "move_line_ids": [
                                (
                                    6,
                                    0,
                                    payment.move_id.line_ids.filtered(
                                        lambda line: (
                                            line.account_type == "asset_receivable"
                                        )
                                    ).ids,
                                )
                            ],
                        },
                    )
                ],
            }
        )

    def _february(self):
        """The February run posted: its invoices."""
        self._read(self.meter, date(2025, 3, 1), 15000.0)
        self._read(self.meter2, date(2025, 3, 1), 31830.0)
        run = self._run(date(2025, 2, 1), date(2025, 2, 28))
        run.action_compute()
        run.action_post()
        return run.move_ids

    def _counts_returned(self, run):
        return self._counts(run) + (run.debit_returned_count,)

    @freeze_time("2025-03-05")
    def test_a_returned_debit_reopens_the_invoice_and_is_presented_again(self):
        run, town_hall, order = self._debited()
        self.assertEqual(self._counts_returned(run), (0, 0, 1, 0))
        payment_return = self._import_return(order, town_hall, "AM04", "PROVISION")
        self.assertEqual(payment_return.line_ids.reason_id.code, "AM04")
        payment_return.action_confirm()
        self.assertEqual(town_hall.payment_state, "not_paid")
        self.assertTrue(town_hall.returned_payment)
        self.assertEqual(self._counts_returned(run), (1, 0, 0, 1))
        self.assertEqual(self.subscription.debit_return_count, 1)
        self.assertIn(
            "the invoice will be presented again",
            self.subscription.message_ids[:1].body,
        )
        # no fee set: the return books the amount only
        self.assertEqual(payment_return.move_id.amount_total, town_hall.amount_total)
        # presented again in the next order, recurrent now
        again = self._collect(run) - order
        self.assertEqual(len(again), 1)
        self.assertEqual(again.payment_line_ids.move_line_id.move_id, town_hall)
        tree = self._pain(again)
        self.assertEqual(
            tree.xpath("//p:PmtTpInf/p:SeqTp", namespaces=NS)[0].text, "RCUR"
        )
        self.assertEqual(
            tree.xpath("//p:DrctDbtTxInf/p:InstdAmt", namespaces=NS)[0].text,
            f"{town_hall.amount_total:.2f}",
        )
        self.assertEqual(self.mandate.state, "valid")
        again.generated2uploaded()
        self.assertEqual(town_hall.payment_state, "in_payment")
        self.assertEqual(self._counts_returned(run), (0, 0, 1, 1))

    @freeze_time("2025-03-05")
    def test_a_closed_account_ends_the_mandate(self):
        run, town_hall, order = self._debited()
        self._return_by_hand(order, "AC04").action_confirm()
        self.assertEqual(town_hall.payment_state, "not_paid")
        self.assertEqual(self.mandate.state, "cancel")
        # the invoice waits for a transfer: never collected again
        self.assertFalse(town_hall._heat_is_debited())
        self.assertEqual(self._counts_returned(run), (0, 0, 0, 1))
        with self.assertRaisesRegex(UserError, "no invoice left to collect"):
            run.action_collect()
        message = self.subscription.message_ids[:1].body
        self.assertIn("waits for a transfer", message)
        self.assertIn(self.mandate.unique_mandate_reference, message)
        # the next run's invoice is no longer under the ended mandate
        february = self._february().filtered(lambda m: m.partner_id == self.partner)
        self.assertFalse(february._heat_is_debited())

    @freeze_time("2025-03-05")
    def test_the_company_may_ask_for_a_transfer_instead(self):
        self.company.heat_return_policy = "transfer"
        run, town_hall, order = self._debited()
        self._return_by_hand(order, "AM04").action_confirm()
        self.assertFalse(town_hall._heat_is_debited())
        self.assertFalse(town_hall.mandate_id)
        # insufficient funds does not end the mandate
        self.assertEqual(self.mandate.state, "valid")
        self.assertEqual(self._counts_returned(run), (0, 0, 0, 1))

    @freeze_time("2025-03-05")
    def test_the_bank_fee_is_booked_and_charged_to_the_subscriber(self):
        self.company.write(
            {
                "heat_return_fee_amount": 7.5,
                "heat_return_fee_account_id": self.fee_account.id,
            }
        )
        run, town_hall, order = self._debited()
        payment_return = self._return_by_hand(order, "AM04")
        payment_return.action_confirm()
        lines = payment_return.move_id.line_ids
        fee = lines.filtered(lambda line: line.account_id == self.fee_account)
        self.assertEqual(fee.mapped("debit"), [7.5])
        receivable = lines.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertEqual(sum(receivable.mapped("debit")), town_hall.amount_total)
        # charged on: the subscriber owes the fee beside the invoice
        self.company.heat_return_fee_charged = True
        run2 = self._february().heat_billing_run_id
        february = run2.move_ids.filtered(lambda m: m.partner_id == self.partner)
        order2 = self._collect(run2)
        order2.generated2uploaded()
        return2 = self._return_by_hand(order2, "AM04")
        return2.action_confirm()
        charged = return2.move_id.line_ids.filtered(
            lambda line: (
                line.account_type == "asset_receivable"
                and line.name.startswith("Returned debit fee")
            )
        )
        self.assertEqual(charged.debit, 7.5)
        self.assertEqual(charged.partner_id, self.partner)
        fee_net = sum(
            return2.move_id.line_ids.filtered(
                lambda line: line.account_id == self.fee_account
            ).mapped("balance")
        )
        self.assertEqual(fee_net, 0.0)
        self.assertEqual(february.payment_state, "not_paid")

    def test_another_company_does_not_see_the_returns(self):
        other = operator_company(self.env, "Autre Chaleur", siret="44306184100047")
        user = new_test_user(
            self.env,
            login="heat_return_other",
            groups="account.group_account_manager",
            company_id=other.id,
        )
        payment_return = self.env["payment.return"].create(
            {"journal_id": self.bank_journal.id}
        )
        self.assertFalse(
            self.env["payment.return"]
            .with_user(user)
            .with_context(allowed_company_ids=other.ids)
            .search([("id", "=", payment_return.id)])
        )
