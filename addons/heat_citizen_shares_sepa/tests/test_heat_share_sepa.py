# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import file_path

from odoo.addons.heat_citizen_shares.tests.common import HeatSharesCommon

PAIN008 = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
PAIN001 = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def sepa_operator(env, company, ics, iban):
    """A company's creditor identifier, its bank journal's account, and its direct
    debit and credit transfer payment modes named for the suite."""
    company.sepa_creditor_identifier = ics
    bank = env["res.bank"].create({"name": "Crédit Coopératif", "bic": "CCOPFRPPXXX"})
    account = env["res.partner.bank"].create(
        {"partner_id": company.partner_id.id, "acc_number": iban, "bank_id": bank.id}
    )
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
    )
    journal.bank_account_id = account
    modes = env["account.payment.mode"].create(
        [
            {
                "name": name,
                "company_id": company.id,
                "payment_method_id": env.ref(method).id,
                "bank_account_link": "fixed",
                "fixed_journal_id": journal.id,
                "payment_order_ok": True,
            }
            for name, method in (
                (
                    "Prélèvement SEPA",
                    "account_banking_sepa_direct_debit.sepa_direct_debit",
                ),
                (
                    "Virement SEPA",
                    "account_banking_sepa_credit_transfer.sepa_credit_transfer",
                ),
            )
        ]
    )
    company.write(
        {
            "heat_debit_payment_mode_id": modes[0].id,
            "heat_payout_payment_mode_id": modes[1].id,
        }
    )


@tagged("post_install", "-at_install")
class TestHeatShareSepa(HeatSharesCommon):
    """Capital calls debited under the member's mandate (pain.008) and redemptions
    repaid by SEPA credit transfer (pain.001), on OCA's payment orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sepa_operator(
            cls.env, cls.company, "FR72ZZZ123456", "FR7642559100000801234567812"
        )
        cls.alice_account = cls._account(cls.alice, "FR7630006000011234567890189")
        cls.bob_account = cls._account(cls.bob, "FR1420041010050500013M02606")

    @classmethod
    def _account(cls, partner, iban):
        return cls.env["res.partner.bank"].create(
            {"partner_id": partner.id, "acc_number": iban}
        )

    def _mandate(self, account, kind="oneoff", company=None):
        mandate = self.env["account.banking.mandate"].create(
            {
                "partner_bank_id": account.id,
                "company_id": (company or self.company).id,
                "signature_date": date(2026, 1, 5),
                "format": "sepa",
                "type": kind,
                "scheme": "CORE",
            }
        )
        mandate.validate()
        return mandate

    def _file(self, order, xsd, namespaces):
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.payment.order"), ("res_id", "=", order.id)]
        )
        tree = etree.fromstring(base64.b64decode(attachment.datas))
        etree.XMLSchema(etree.parse(file_path(xsd))).assertValid(tree)
        return lambda path: [
            node.text for node in tree.xpath(path, namespaces=namespaces)
        ]

    def _orders(self, action):
        """The payment orders an action opens (one in a form, several in a list)."""
        Order = self.env["account.payment.order"]
        if action.get("res_id"):
            return Order.browse(action["res_id"])
        return Order.search(action["domain"])

    def _called(self, partner, quantity, mandate):
        subscription = self._subscription(partner, quantity)
        subscription.mandate_id = mandate
        subscription.action_approve()
        subscription.action_call()
        return subscription

    @freeze_time("2026-02-02")
    def test_a_capital_call_is_debited_under_its_mandate(self):
        mandate = self._mandate(self.alice_account)
        subscription = self._called(self.alice, 4, mandate)
        order = self._orders(subscription.action_collect())
        self.assertEqual(len(order), 1)
        text = self._file(
            order,
            "account_banking_sepa_direct_debit/data/pain.008.001.02.xsd",
            PAIN008,
        )
        self.assertEqual(text("//p:DrctDbtTxInf/p:InstdAmt"), ["200.00"])
        self.assertEqual(text("//p:PmtTpInf/p:SeqTp"), ["OOFF"])
        self.assertEqual(
            text("//p:MndtRltdInf/p:MndtId"), [mandate.unique_mandate_reference]
        )
        # called today, debited after the 14 days of notice
        self.assertEqual(text("//p:PmtInf/p:ReqdColltnDt"), ["2026-02-16"])
        self.assertEqual(text("//p:CdtrSchmeId//p:Othr/p:Id"), ["FR72ZZZ123456"])
        self.assertEqual(
            text("//p:DbtrAcct//p:IBAN"), [self.alice_account.sanitized_acc_number]
        )
        # not twice
        with self.assertRaisesRegex(UserError, "has a capital call to collect"):
            subscription.action_collect()
        # the bank has the file: the capital is paid, the shares can be issued
        order.generated2uploaded()
        self.assertEqual(subscription.state, "paid")
        self.assertEqual(subscription.paid_move_id.state, "posted")
        subscription.action_issue()
        self.assertEqual(self.alice.share_count, 4)

    def test_a_mandate_signed_by_someone_else_is_refused(self):
        subscription = self._subscription(self.bob, 2)
        with self.assertRaisesRegex(ValidationError, "not by the subscriber"):
            subscription.mandate_id = self._mandate(self.alice_account)

    def test_a_subscription_without_mandate_is_not_debited(self):
        subscription = self._called(self.bob, 2, False)
        with self.assertRaisesRegex(UserError, "has a capital call to collect"):
            subscription.action_collect()

    def _credit_transfer(self, order):
        """The order's pain.001 file, checked against its schema: its XPath reader
        and the (IBAN, amount) of its transfers, sorted."""
        text = self._file(
            order,
            "account_banking_sepa_credit_transfer/data/pain.001.001.03.xsd",
            PAIN001,
        )
        return text, sorted(
            zip(text("//p:CdtrAcct//p:IBAN"), text("//p:InstdAmt"), strict=True)
        )

    @freeze_time("2026-03-02")
    def test_redemptions_are_repaid_by_one_credit_transfer(self):
        self._line(self.alice, 10, date(2020, 1, 10))
        self._line(self.bob, 6, date(2020, 1, 10))
        redemptions = self._line(
            self.alice, 4, date(2026, 3, 1), "redemption"
        ) | self._line(self.bob, 1, date(2026, 3, 1), "redemption")
        order = self._orders(redemptions.action_pay_redemptions())
        self.assertEqual(len(order), 1)
        text, transfers = self._credit_transfer(order)
        self.assertEqual(
            transfers,
            sorted(
                [
                    (self.alice_account.sanitized_acc_number, "200.00"),
                    (self.bob_account.sanitized_acc_number, "50.00"),
                ]
            ),
        )
        self.assertEqual(text("//p:GrpHdr/p:CtrlSum"), ["250.00"])
        self.assertEqual(text("//p:DbtrAcct//p:IBAN"), ["FR7642559100000801234567812"])
        with self.assertRaisesRegex(UserError, "left to repay"):
            redemptions.action_pay_redemptions()
        order.generated2uploaded()
        self.assertEqual(redemptions.mapped("redemption_repaid"), [True, True])
        # a repaid redemption is no longer reversed
        with self.assertRaisesRegex(UserError, "already repaid"):
            redemptions[0].action_reverse()

    @freeze_time("2026-07-01")
    def test_interest_is_paid_by_one_credit_transfer(self):
        self._line(self.alice, 10, date(2020, 1, 10))
        self._line(self.bob, 5, date(2020, 1, 10))
        carol = self.env["res.partner"].create(
            {"name": "Carole Roux", "share_college_id": self.college_users.id}
        )
        self._line(carol, 2, date(2020, 1, 10))
        interest = self._interest()
        interest.action_compute()
        interest.action_post()
        net = {line.partner_id: line.net for line in interest.line_ids}
        order = self._orders(interest.action_pay_by_transfer())
        _text, transfers = self._credit_transfer(order)
        self.assertEqual(
            transfers,
            sorted(
                [
                    (self.alice_account.sanitized_acc_number, f"{net[self.alice]:.2f}"),
                    (self.bob_account.sanitized_acc_number, f"{net[self.bob]:.2f}"),
                ]
            ),
        )
        # Carol has no bank account: named, to be paid another way
        self.assertIn("Carole Roux", interest.message_ids[0].body)
        order.generated2uploaded()
        paid = interest.line_ids.filtered(lambda line: line.partner_id != carol)
        self.assertEqual(set(paid.mapped("payment_state")), {"paid"})
        carols = interest.line_ids - paid
        self.assertEqual(carols.payment_state, "not_paid")
        with self.assertRaisesRegex(UserError, "bank account of Carole Roux"):
            interest.action_pay_by_transfer()

    def test_a_member_without_bank_account_is_named(self):
        carol = self.env["res.partner"].create(
            {"name": "Carole Roux", "share_college_id": self.college_users.id}
        )
        self._line(carol, 3, date(2020, 1, 10))
        # another member stays: the capital keeps its legal floor
        self._line(self.bob, 6, date(2020, 1, 10))
        redemption = self._line(carol, 3, date(2026, 3, 1), "redemption")
        with self.assertRaisesRegex(UserError, "bank account of Carole Roux"):
            redemption.action_pay_redemptions()

    def test_only_a_register_manager_collects_and_repays(self):
        user = new_test_user(
            self.env,
            login="heat_shares_user_sepa",
            groups="heat_citizen_shares.heat_citizen_shares_group_user",
            company_id=self.company.id,
        )
        subscription = self._called(self.alice, 2, self._mandate(self.alice_account))
        self._line(self.bob, 6, date(2020, 1, 10))
        redemption = self._line(self.bob, 1, date(2026, 3, 1), "redemption")
        with self.assertRaises(AccessError):
            subscription.with_user(user).action_collect()
        with self.assertRaises(AccessError):
            redemption.with_user(user).action_pay_redemptions()

    @freeze_time("2026-02-02")
    def test_two_operators_two_creditor_identifiers(self):
        other = self._french_company("SCIC Autre Chaleur", siret="44306184100047")
        self.env.user.company_ids |= other
        sepa_operator(self.env, other, "FR19ZZZ654321", "FR7610907000301234567890125")
        other_class = self.env["heat.share.class"].create(
            {"name": "Ordinaire", "code": "O", "company_id": other.id}
        )
        mine = self._called(self.alice, 2, self._mandate(self.alice_account))
        theirs = self.env["heat.share.subscription"].create(
            {
                "company_id": other.id,
                "partner_id": self.bob.id,
                "class_id": other_class.id,
                "quantity": 3,
                "mandate_id": self._mandate(self.bob_account, company=other).id,
            }
        )
        theirs.action_approve()
        theirs.with_company(other).action_call()
        both = (mine | theirs).with_context(
            allowed_company_ids=(self.company | other).ids
        )
        orders = self._orders(both.action_collect())
        self.assertEqual(orders.company_id, self.company | other)
        for order in orders:
            text = self._file(
                order,
                "account_banking_sepa_direct_debit/data/pain.008.001.02.xsd",
                PAIN008,
            )
            self.assertEqual(
                text("//p:CdtrSchmeId//p:Othr/p:Id"),
                [order.company_id.sepa_creditor_identifier],
            )
        self.assertEqual(
            sorted(orders.company_id.mapped("sepa_creditor_identifier")),
            ["FR19ZZZ654321", "FR72ZZZ123456"],
        )
        # an accountant of the other operator sees its order only
        accountant = new_test_user(
            self.env,
            login="heat_other_accountant",
            groups="account.group_account_readonly",
            company_id=other.id,
        )
        seen = (
            self.env["account.payment.order"]
            .with_user(accountant)
            .with_context(allowed_company_ids=other.ids)
            .search([("id", "in", orders.ids)])
        )
        self.assertEqual(seen.company_id, other)
