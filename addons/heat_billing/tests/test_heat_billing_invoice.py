# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import copy
from collections import defaultdict
from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from ..models import heat_billing_run_background
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
    "discount_balance",
    "discount_amount_currency",
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
    "invoice_payment_term_id",
    "invoice_cash_rounding_id",
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

    def _early_discount_term(self, computation):
        return self.env["account.payment.term"].create(
            {
                "name": f"2 % à 10 jours ({computation})",
                "company_id": self.company.id,
                "early_discount": True,
                "discount_percentage": 2.0,
                "discount_days": 10,
                "early_pay_discount_computation": computation,
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100.0, "nb_days": 30}
                    )
                ],
            }
        )

    def test_early_payment_discount_included_is_batched_as_odoo(self):
        """Tax computed on the full amount ("included", and "excluded"): the run
        computes the receivable items and their discounted amounts as Odoo."""
        run, computed = self._invoice_values()
        for computation in ("included", "excluded"):
            with self.subTest(computation=computation):
                term = self._early_discount_term(computation)
                values = copy.deepcopy(computed)
                values[0]["move_type"] = "out_refund"
                for vals in values:
                    vals["invoice_payment_term_id"] = term.id
                    self.assertFalse(run._heat_needs_odoo_sync(vals))
                _theirs, ours = self._assert_same_as_odoo(run, values)
                terms = ours.line_ids.filtered(
                    lambda li: li.display_type == "payment_term"
                )
                self.assertEqual(len(terms), len(values))
                for item in terms:
                    self.assertTrue(item.discount_date)
                    self.assertTrue(item.discount_balance)
                    self.assertNotEqual(item.discount_balance, item.balance)

    def test_early_payment_discount_mixed_left_to_odoo(self):
        """Tax computed on the discounted amount ("mixed"): Odoo adds early
        payment discount items that change the VAT; those invoices are created by
        Odoo's synchronised path, the others of the run in batch, in the order
        given."""
        term = self._early_discount_term("mixed")
        run, values = self._invoice_values()
        values[1]["invoice_payment_term_id"] = term.id
        self.assertFalse(run._heat_needs_odoo_sync(values[0]))
        self.assertTrue(run._heat_needs_odoo_sync(values[1]))
        _theirs, ours = self._assert_same_as_odoo(run, values)
        self.assertEqual(ours[1].invoice_payment_term_id, term)
        self.assertTrue(
            ours[1].line_ids.filtered(lambda li: li.display_type == "epd"),
            "Odoo's early payment discount items",
        )
        self.assertFalse(ours[0].line_ids.filtered(lambda li: li.display_type == "epd"))
        run._heat_post_invoices(ours)
        self.assertEqual(set(ours.mapped("state")), {"posted"})

    def test_cash_rounding_left_to_odoo(self):
        """A cash rounding (a rounding item, or the biggest tax item adjusted):
        Odoo's synchronised path, the same items as Odoo's, totals rounded."""
        account = self.env["account.account"].search(
            [("company_ids", "in", self.company.id), ("code", "=like", "658%")],
            limit=1,
        )
        run, computed = self._invoice_values()
        for strategy in ("add_invoice_line", "biggest_tax"):
            with self.subTest(strategy=strategy):
                rounding = self.env["account.cash.rounding"].create(
                    {
                        "name": f"Arrondi à l'euro ({strategy})",
                        "rounding": 1.0,
                        "strategy": strategy,
                        "rounding_method": "HALF-UP",
                        "profit_account_id": account.id,
                        "loss_account_id": account.id,
                    }
                )
                values = copy.deepcopy(computed)
                values[0]["move_type"] = "out_refund"
                for vals in values:
                    vals["invoice_cash_rounding_id"] = rounding.id
                    self.assertTrue(run._heat_needs_odoo_sync(vals))
                _theirs, ours = self._assert_same_as_odoo(run, values)
                for move in ours:
                    self.assertEqual(move.amount_total, round(move.amount_total))
                items = ours.line_ids.filtered(lambda li: li.display_type == "rounding")
                self.assertTrue(items)
                # biggest_tax: the rounding is VAT; add_invoice_line: profit or loss
                self.assertEqual(
                    bool(items.tax_repartition_line_id), strategy == "biggest_tax"
                )

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
        self._connect_three_houses()
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

    def _connect_three_houses(self):
        """Three more subscriptions, read for January."""
        category = self.substation.building_id.category_id
        for index in range(3):
            partner = self.env["res.partner"].create({"name": f"Abonné {index}"})
            _substation, meter, _subscription = self._connect(
                f"3.0{index}", f"Maison {index}", partner, 10.0, category
            )
            self._read(meter, date(2025, 1, 1), 0.0)
            self._read(meter, date(2025, 2, 1), 2000.0 + index)

    def test_invoices_created_and_posted_by_chunks(self):
        """A run creates and posts its invoices a chunk at a time (ADR 0038): the
        numbers follow on from chunk to chunk and each line is on the invoice of
        its own subscription."""
        run, _values = self._invoice_values()
        self._connect_three_houses()
        run.action_compute()
        Run = type(run)
        post = Run._heat_post_invoices
        chunks = []

        def counted(self, moves):
            chunks.append(len(moves))
            return post(self, moves)

        with (
            patch.object(heat_billing_run_background, "INVOICE_CHUNK", 2),
            patch.object(Run, "_heat_post_invoices", counted),
        ):
            run.action_post()
        self.assertEqual(chunks, [2, 2, 1])
        moves = run.move_ids.sorted("sequence_number")
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        first = moves[0].sequence_number
        self.assertEqual(moves.mapped("sequence_number"), list(range(first, first + 5)))
        self.assertEqual(moves.sorted("id"), moves, "numbered in creation order")
        for line in run.line_ids:
            self.assertEqual(line.move_id.heat_subscription_id, line.subscription_id)
            self.assertEqual(line.move_id.partner_id, line.subscription_id.partner_id)

    def _numbered_one_by_one(self, moves):
        """The numbers Odoo gives ``moves`` posted one by one, in the order of its
        own numbering (date, reference, creation), rolled back afterwards."""
        with self.env.cr.savepoint() as savepoint:
            for move in moves.sorted(lambda m: (m.date, m.ref or "", m.id)):
                move.action_post()
            names = {move.id: move.name for move in moves}
            # also clears Odoo's cache of the sequences for the transaction
            savepoint.close(rollback=True)
        self.env.invalidate_all()
        self.assertEqual(set(moves.mapped("state")), {"draft"})
        return names

    def _mixed_moves(self, run, values):
        """Four invoices and two credit notes of the run, as drafts; the last two
        invoices, created last, dated the day before the others."""
        values = [copy.deepcopy(vals) for vals in values * 3]
        values[0]["move_type"] = values[3]["move_type"] = "out_refund"
        values[4]["invoice_date"] = values[5]["invoice_date"] = date(2025, 1, 30)
        return run._heat_create_invoices(values)

    def _assert_chronological(self, moves):
        """Within a sequence, a later number never has an earlier date."""
        for group in moves.grouped("sequence_prefix").values():
            group = group.sorted("sequence_number")
            self.assertEqual(group.mapped("date"), sorted(group.mapped("date")))

    def test_numbers_are_odoo_s(self):
        """Posted by the run, the invoices and credit notes take the very numbers
        Odoo gives them posted one by one, consecutive in each sequence."""
        run, values = self._invoice_values()
        moves = self._mixed_moves(run, values)
        self.assertTrue(moves.journal_id.refund_sequence)
        expected = self._numbered_one_by_one(moves)
        run._heat_post_invoices(moves)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual({move.id: move.name for move in moves}, expected)
        for move_type, count in (("out_invoice", 4), ("out_refund", 2)):
            group = moves.filtered(lambda m, t=move_type: m.move_type == t)
            numbers = sorted(group.mapped("sequence_number"))
            self.assertEqual(numbers, list(range(numbers[0], numbers[0] + count)))
            self.assertEqual(len(set(group.mapped("sequence_prefix"))), 1)
        self.assertEqual(
            len(set(moves.mapped("sequence_prefix"))), 2, "credit notes: own prefix"
        )
        self._assert_chronological(moves)
        self.assertFalse(any(moves.mapped("made_sequence_gap")))

    def test_last_number_looked_up_among_named_moves_only(self):
        """Odoo looks for a journal's last number by id and by date among the
        moves with a name: partial indexes keep the drafts of a run out of it."""
        for column in ("id", "date"):
            indexdef = self.env.execute_query(
                SQL(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                    f"account_move_heat_named_{column}_idx",
                )
            )[0][0]
            self.assertIn(f"(journal_id, {column} DESC)", indexdef)
            self.assertIn("WHERE ((name)::text <> '/'::text)", indexdef)

    def test_invoices_and_credit_notes_sharing_a_sequence(self):
        """Without a refund sequence, invoices and credit notes of a run share
        the journal's numbers: each has its own, none is given twice, no gap, the
        same as Odoo's one by one."""
        run, values = self._invoice_values()
        moves = self._mixed_moves(run, values)
        moves.journal_id.refund_sequence = False
        expected = self._numbered_one_by_one(moves)
        run._heat_post_invoices(moves)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual({move.id: move.name for move in moves}, expected)
        numbers = sorted(moves.mapped("sequence_number"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 6)))
        self.assertEqual(len(set(moves.mapped("sequence_prefix"))), 1)
        self.assertEqual(len(set(moves.mapped("name"))), 6)
        self._assert_chronological(moves)

    def test_other_user_s_invoice_in_between_keeps_the_chronology(self):
        """An accountant posts invoices in the run's journal while the run's
        invoices wait as drafts, and after them: numbers follow the order of
        posting and the dates, without a gap, none given twice."""
        accountant = new_test_user(
            self.env,
            login="comptable_numeros",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        run, values = self._invoice_values()
        moves = run._heat_create_invoices(copy.deepcopy(values))

        def post_invoice(day):
            invoice = (
                self.env["account.move"]
                .with_user(accountant)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.partner.id,
                        "invoice_date": day,
                        "invoice_line_ids": [
                            Command.create({"name": "Raccordement", "price_unit": 80.0})
                        ],
                    }
                )
            )
            invoice.action_post()
            return invoice.sudo()

        before = post_invoice(date(2025, 1, 20))
        self.assertEqual(before.journal_id, moves.journal_id)
        run._heat_post_invoices(moves)
        after = post_invoice(date(2025, 1, 31))
        every = (before | moves | after).sorted("sequence_number")
        self.assertEqual(len(set(every.mapped("sequence_prefix"))), 1)
        self.assertEqual(
            every.mapped("sequence_number"),
            list(range(before.sequence_number, before.sequence_number + 4)),
        )
        self.assertEqual(every[0], before)
        self.assertEqual(every[-1], after)
        self.assertEqual(
            every.mapped("invoice_date"), sorted(every.mapped("invoice_date"))
        )

    def test_customers_follow_their_invoices_once(self):
        run, _values = self._invoice_values()
        run.action_post()
        for move in run.move_ids:
            self.assertEqual(move.message_partner_ids, move.partner_id)
            self.assertEqual(len(move.message_follower_ids), 1)
