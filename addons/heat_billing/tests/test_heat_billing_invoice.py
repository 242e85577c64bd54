# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import copy
from collections import defaultdict
from datetime import date

from odoo.tests import tagged

from .common import HeatBillingCommon

LINE_FIELDS = [
    "display_type",
    "account_id",
    "partner_id",
    "currency_id",
    "product_id",
    "name",
    "quantity",
    "price_unit",
    "balance",
    "amount_currency",
    "debit",
    "credit",
    "tax_ids",
    "tax_tag_ids",
    "tax_line_id",
    "tax_repartition_line_id",
    "tax_base_amount",
    "group_tax_id",
    "analytic_distribution",
    "date_maturity",
    "discount_date",
]
MOVE_FIELDS = [
    "journal_id",
    "currency_id",
    "fiscal_position_id",
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "amount_residual",
    "invoice_date_due",
    "tax_totals",
]


@tagged("post_install", "-at_install")
class TestHeatBillingInvoice(HeatBillingCommon):
    """The run computes the journal items itself (ADR 0032): they must be those
    Odoo's synchronisation would compute from the same invoice lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._read_january()
        cls.subscription.payment_term_id = cls.env.ref(
            "account.account_payment_term_30days"
        )
        # two due dates: 30 % now, the rest in 60 days
        cls.subscription2.payment_term_id = cls.env.ref(
            "account.account_payment_term_advance_60days"
        )

    def _invoice_values(self):
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        by_subscription = defaultdict(lambda: self.env["heat.billing.run.line"])
        for line in run.line_ids:
            by_subscription[line.subscription_id] |= line
        values = [
            run._prepare_invoice(subscription, lines)
            for subscription, lines in by_subscription.items()
        ]
        return run, values

    def _items(self, move):
        rows = move.line_ids.read(LINE_FIELDS)
        return sorted(tuple(str(row[fname]) for fname in LINE_FIELDS) for row in rows)

    def _assert_same_as_odoo(self, run, values):
        odoo_moves = self.env["account.move"].create(copy.deepcopy(values))
        ours = run._heat_create_invoices(copy.deepcopy(values))
        self.env.invalidate_all()
        self.assertEqual(len(ours), len(values))
        for theirs, mine in zip(odoo_moves, ours, strict=True):
            self.assertEqual(self._items(mine), self._items(theirs))
            self.assertEqual(
                mine.read(MOVE_FIELDS)[0] | {"id": 0},
                theirs.read(MOVE_FIELDS)[0] | {"id": 0},
            )
        return odoo_moves, ours

    def test_journal_items_are_odoo_s(self):
        """Product, VAT and receivable items (one per due date) as Odoo's."""
        run, values = self._invoice_values()
        _theirs, ours = self._assert_same_as_odoo(run, values)
        split = ours.filtered(lambda m: m.partner_id == self.partner2)
        self.assertEqual(
            len(split.line_ids.filtered(lambda li: li.display_type == "payment_term")),
            2,
        )
        self.assertEqual(
            sorted(ours.line_ids.mapped("display_type")),
            sorted(_theirs.line_ids.mapped("display_type")),
        )

    def test_credit_note_and_no_payment_terms_are_odoo_s(self):
        """A regularisation credit note, and an invoice without payment terms."""
        run, values = self._invoice_values()
        values[0]["move_type"] = "out_refund"
        values[1]["invoice_payment_term_id"] = False
        self._assert_same_as_odoo(run, values)

    def test_fiscal_position_maps_taxes_and_accounts(self):
        """A customer with a fiscal position: the income account is mapped, the
        tariff's tax kept (it is given on the lines), as Odoo does."""
        other_tax = self.tax.copy({"name": "TVA test 10 %", "amount": 10.0})
        income = self.env["account.account"].search(
            [("company_ids", "in", self.company.id), ("code", "=like", "706%")],
            limit=2,
        )[-1]
        position = self.env["account.fiscal.position"].create(
            {
                "name": "Test position",
                "company_id": self.company.id,
                "tax_ids": [
                    (0, 0, {"tax_src_id": self.tax.id, "tax_dest_id": other_tax.id})
                ],
                "account_ids": [
                    (
                        0,
                        0,
                        {
                            "account_src_id": self.env.ref(
                                "heat_billing.product_heat_r1"
                            )
                            .with_company(self.company)
                            .product_tmpl_id.get_product_accounts()["income"]
                            .id,
                            "account_dest_id": income.id,
                        },
                    )
                ],
            }
        )
        self.partner.with_company(self.company).property_account_position_id = position
        run, values = self._invoice_values()
        _theirs, ours = self._assert_same_as_odoo(run, values)
        invoice = ours.filtered(lambda m: m.partner_id == self.partner)
        self.assertEqual(invoice.fiscal_position_id, position)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax)
        self.assertEqual(invoice.invoice_line_ids[0].account_id, income)

    def test_analytic_distribution_models_apply_as_odoo(self):
        """A distribution model on the energy product: the R1 items carry it."""
        plan = self.env["account.analytic.plan"].create({"name": "Réseaux"})
        analytic = self.env["account.analytic.account"].create(
            {"name": "Réseau BTN", "plan_id": plan.id, "company_id": self.company.id}
        )
        r1 = self.env.ref("heat_billing.product_heat_r1")
        self.env["account.analytic.distribution.model"].create(
            {
                "product_id": r1.id,
                "company_id": self.company.id,
                "analytic_distribution": {str(analytic.id): 100},
            }
        )
        run, values = self._invoice_values()
        _theirs, ours = self._assert_same_as_odoo(run, values)
        energy = ours.invoice_line_ids.filtered(lambda li: li.product_id == r1)
        self.assertTrue(energy)
        for line in energy:
            self.assertEqual(line.analytic_distribution, {str(analytic.id): 100.0})

    def test_posted_numbers_follow_on_without_gap(self):
        """The run's invoices take the journal's next numbers, one each, and the
        next invoice of the journal continues after them."""
        run, _values = self._invoice_values()
        earlier = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner.id,
                "invoice_date": date(2025, 1, 15),
                "invoice_line_ids": [
                    (0, 0, {"name": "Raccordement", "price_unit": 100.0})
                ],
            }
        )
        earlier.action_post()
        category = self.substation.building_id.category_id
        for index in range(3):
            partner = self.env["res.partner"].create({"name": f"Abonné {index}"})
            _substation, meter, _subscription = self._connect(
                f"3.0{index}", f"Maison {index}", partner, 10.0, category
            )
            self._read(meter, date(2025, 1, 1), 0.0)
            self._read(meter, date(2025, 2, 1), 2000.0 + index)
        run.action_compute()
        run.action_post()
        moves = run.move_ids.sorted("sequence_number")
        self.assertEqual(len(moves), 5)
        self.assertEqual(
            moves.mapped("sequence_number"),
            list(range(earlier.sequence_number + 1, earlier.sequence_number + 6)),
        )
        self.assertEqual(
            set(moves.mapped("sequence_prefix")), {earlier.sequence_prefix}
        )
        self.assertEqual(len(set(moves.mapped("name"))), 5)
        self.assertTrue(
            all(line.move_name == m.name for m in moves for line in m.line_ids)
        )
        self.assertTrue(all(m.payment_reference == m.name for m in moves))
        later = earlier.copy({"invoice_date": date(2025, 1, 31)})
        later.action_post()
        self.assertEqual(later.sequence_number, moves[-1].sequence_number + 1)

    def test_invoices_and_credit_notes_sharing_a_sequence(self):
        """Without a refund sequence, invoices and credit notes of a run share
        the journal's numbers: each has its own, none is given twice."""
        run, values = self._invoice_values()
        values = copy.deepcopy(values + values)
        values[0]["move_type"] = values[3]["move_type"] = "out_refund"
        moves = run._heat_create_invoices(values)
        moves.journal_id.refund_sequence = False
        run._heat_post_invoices(moves)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        numbers = sorted(moves.mapped("sequence_number"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 4)))
        self.assertEqual(len(set(moves.mapped("sequence_prefix"))), 1)

    def test_customers_follow_their_invoices_once(self):
        run, _values = self._invoice_values()
        run.action_post()
        for move in run.move_ids:
            self.assertEqual(move.message_partner_ids, move.partner_id)
            self.assertEqual(len(move.message_follower_ids), 1)
