# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from lxml import etree

from odoo.tools import file_path

from odoo.addons.heat_billing.tests.common import HeatBillingCommon

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
ICS = "FR72ZZZ123456"


class HeatDirectDebitCommon(HeatBillingCommon):
    """The test operator with its creditor identifier, a SEPA direct debit payment
    mode on its bank journal, and the town hall's subscription under a mandate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._complete_seller()
        cls._read_january()
        cls.env["res.lang"]._activate_lang("fr_FR")
        bank = cls.env["res.bank"].create(
            {"name": "Crédit Coopératif", "bic": "CCOPFRPPXXX"}
        )
        company_account = cls.company.partner_id.bank_ids
        company_account.bank_id = bank
        cls.company.sepa_creditor_identifier = ICS
        journal = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "bank")], limit=1
        )
        journal.bank_account_id = company_account
        cls.mode = cls.env["account.payment.mode"].create(
            {
                "name": "Prélèvement SEPA",
                "company_id": cls.company.id,
                "payment_method_id": cls.env.ref(
                    "account_banking_sepa_direct_debit.sepa_direct_debit"
                ).id,
                "bank_account_link": "fixed",
                "fixed_journal_id": journal.id,
                "payment_order_ok": True,
            }
        )
        cls.company.heat_debit_payment_mode_id = cls.mode
        cls.partner.write({"lang": "fr_FR", "street": "Place de la Mairie"})
        cls.mandate = cls._mandate(cls.partner, "FR7630006000011234567890189")
        cls.subscription.mandate_id = cls.mandate

    @classmethod
    def _mandate(cls, partner, iban):
        account = cls.env["res.partner.bank"].create(
            {"partner_id": partner.id, "acc_number": iban}
        )
        mandate = cls.env["account.banking.mandate"].create(
            {
                "partner_bank_id": account.id,
                "company_id": cls.company.id,
                "signature_date": date(2024, 12, 1),
                "format": "sepa",
                "type": "recurrent",
                "recurrent_sequence_type": "first",
                "scheme": "CORE",
            }
        )
        mandate.validate()
        return mandate

    def _posted_run(self):
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        run.action_post()
        return run

    def _collect(self, run):
        run.action_collect()
        return self.env["account.payment.order"].search(
            [("description", "=", run.name)]
        )

    def _counts(self, run):
        run.invalidate_recordset()
        return (
            run.debit_to_collect_count,
            run.debit_ordered_count,
            run.debit_done_count,
        )

    def _pain(self, order):
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.payment.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(attachment), 1)
        xml = base64.b64decode(attachment.datas)
        schema = etree.XMLSchema(
            etree.parse(
                file_path("account_banking_sepa_direct_debit/data/pain.008.001.02.xsd")
            )
        )
        tree = etree.fromstring(xml)
        schema.assertValid(tree)
        return tree
