# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Create and post the invoices of a billing run in batch (ADR 0032).

Odoo's ``account.move.create`` synchronises the tax and receivable journal items of
every invoice after its creation, comparing each line before and after: most of
the time of a billing run went there. A run knows every line in advance, so the
journal items are computed here with Odoo's own tax engine (``account.tax``) and
payment terms (``account.payment.term._compute_terms``), then created in one
``create`` without the synchronisation. The result is the same journal items as the
synchronised path: ``tests/test_heat_billing_invoice.py`` compares both.
"""

from collections import defaultdict

from odoo import Command, fields, models
from odoo.tools import frozendict


class HeatBillingRun(models.Model):
    _inherit = "heat.billing.run"

    def _heat_create_invoices(self, vals_list):
        """Create the draft invoices of ``vals_list`` (values with
        ``invoice_line_ids`` of product lines) with their tax and payment term
        lines computed in batch; return the moves."""
        if not vals_list:
            return self.env["account.move"]
        company = self.company_id
        moves_env = self.env["account.move"].with_company(company)
        # the journal an invoice of the company would take (Odoo's error if none)
        journal = moves_env.new(
            {"move_type": "out_invoice", "company_id": company.id}
        )._search_default_journal()
        partners = self.env["res.partner"].browse({v["partner_id"] for v in vals_list})
        partners.with_company(company).mapped("property_account_receivable_id")
        fiscal_positions = self._heat_fiscal_positions(partners)
        lines = [
            cmd[2] for vals in vals_list for cmd in vals.get("invoice_line_ids", ())
        ]
        products = self.env["product.product"].browse(
            {li["product_id"] for li in lines}
        )
        products.mapped("categ_id")
        distributions = self._heat_analytic_distributions()
        prepared = []
        synchronised = []
        for index, vals in enumerate(vals_list):
            if self._heat_needs_odoo_sync(vals):
                synchronised.append(index)
                continue
            partner = partners.browse(vals["partner_id"])
            fpos = fiscal_positions[partner]
            move_vals = {
                key: value for key, value in vals.items() if key != "invoice_line_ids"
            }
            move_vals.update(
                journal_id=journal.id,
                currency_id=company.currency_id.id,
                fiscal_position_id=fpos.id,
                line_ids=[
                    Command.create(line)
                    for line in self._heat_journal_items(
                        vals, partner, fpos, journal, distributions
                    )
                ],
            )
            prepared.append(move_vals)
        moves = moves_env.with_context(skip_invoice_sync=True).create(prepared)
        if not synchronised:
            return moves
        # Odoo's synchronised path for the others, returned in the order given
        odoo_moves = moves_env.create(
            [dict(vals_list[index], journal_id=journal.id) for index in synchronised]
        )
        ids = iter(moves.ids)
        by_index = dict(zip(synchronised, odoo_moves.ids, strict=True))
        return moves_env.browse(
            [
                by_index[index] if index in by_index else next(ids)
                for index in range(len(vals_list))
            ]
        )

    def _heat_needs_odoo_sync(self, vals):
        """Whether the journal items of an invoice are left to Odoo's synchronised
        path: a cash rounding (a rounding item, or the biggest tax item adjusted)
        and an early-payment discount computed on the discounted base ("mixed":
        early-payment discount items that change the tax) are not computed in
        batch (ADR 0038)."""
        if vals.get("invoice_cash_rounding_id"):
            return True
        term = self.env["account.payment.term"].browse(
            vals.get("invoice_payment_term_id")
        )
        return bool(
            term.early_discount and term.early_pay_discount_computation == "mixed"
        )

    def _heat_fiscal_positions(self, partners):
        """The fiscal position of each partner, as an invoice would compute it."""
        company = self.company_id
        fiscal_position = self.env["account.fiscal.position"].with_company(company)
        partners.mapped("child_ids")
        result = {}
        for partner in partners:
            delivery = partner.browse(partner.address_get(["delivery"])["delivery"])
            result[partner] = fiscal_position._get_fiscal_position(
                partner, delivery=delivery
            )
        return result

    def _heat_analytic_distributions(self):
        """A function giving the analytic distribution of a product line as Odoo
        computes it (distribution models), memoized; no query when the company has
        no distribution model."""
        models_ = self.env["account.analytic.distribution.model"]
        has_models = bool(
            models_.search_count(
                [("company_id", "in", [False, self.company_id.id])], limit=1
            )
        )
        cache = {}

        def distribution(product, partner, account):
            if not has_models:
                return False
            arguments = frozendict(
                {
                    "product_id": product.id,
                    "product_categ_id": product.categ_id.id,
                    "partner_id": partner.id,
                    "partner_category_id": partner.category_id.ids,
                    "account_prefix": account.code,
                    "company_id": self.company_id.id,
                    "related_root_plan_ids": self.env["account.analytic.plan"],
                }
            )
            if arguments not in cache:
                cache[arguments] = models_._get_distribution(arguments)
            return cache[arguments] or False

        return distribution

    def _heat_journal_items(self, vals, partner, fpos, journal, distributions):
        """The product, tax and payment term journal items of one invoice."""
        company = self.company_id
        currency = company.currency_id
        account_tax = self.env["account.tax"]
        move_type = vals["move_type"]
        sign = -1 if move_type == "out_invoice" else 1  # the move's direction_sign
        commercial = partner.commercial_partner_id
        base_lines = []
        for cmd in vals["invoice_line_ids"]:
            line = dict(cmd[2])
            product = self.env["product.product"].browse(line["product_id"])
            # the taxes are given: Odoo keeps them as they are (no mapping)
            taxes = self.env["account.tax"].browse(line["tax_ids"][0][2])
            account = (
                product.product_tmpl_id.get_product_accounts(fiscal_pos=fpos)["income"]
                or journal.default_account_id
            )
            line.update(
                display_type="product",
                account_id=account.id,
                partner_id=commercial.id,
                currency_id=currency.id,
                tax_ids=[Command.set(taxes.ids)],
            )
            # given, even empty, so that the journal item does not search again
            line.setdefault(
                "analytic_distribution", distributions(product, commercial, account)
            )
            base_lines.append(
                account_tax._prepare_base_line_for_taxes_computation(
                    None,
                    product_id=product,
                    tax_ids=taxes,
                    price_unit=line["price_unit"],
                    quantity=line.get("quantity", 1.0),
                    discount=line.get("discount", 0.0),
                    currency_id=currency,
                    partner_id=commercial,
                    account_id=account,
                    analytic_distribution=line.get("analytic_distribution"),
                    is_refund=move_type == "out_refund",
                    # the journal item's tax_tag_invert: the invoice is inbound
                    tax_tag_invert=move_type == "out_invoice",
                    rate=1.0,
                    sign=sign,
                    line_values=line,
                )
            )
        account_tax._add_tax_details_in_base_lines(base_lines, company)
        account_tax._round_base_lines_tax_details(base_lines, company)
        account_tax._add_accounting_data_in_base_lines_tax_details(
            base_lines, company, include_caba_tags=False
        )
        results = account_tax._prepare_tax_lines(base_lines, company)
        items = []
        untaxed = tax = 0.0
        for base_line, to_update in results["base_lines_to_update"]:
            items.append({**base_line["line_values"], **to_update})
            untaxed -= to_update["balance"]  # the move's amount_untaxed_signed
        for tax_line in results["tax_lines_to_add"]:
            items.append(
                {**tax_line, "display_type": "tax", "partner_id": commercial.id}
            )
            tax -= tax_line["balance"]
        items += self._heat_term_items(vals, commercial, fpos, untaxed, tax)
        return items

    def _heat_term_items(self, vals, commercial, fpos, untaxed, tax):
        """The receivable journal items of one invoice, one per due date, from its
        signed untaxed and tax amounts (negative for a credit note)."""
        company = self.company_id
        currency = company.currency_id
        account = fpos.map_account(
            commercial.with_company(company).property_account_receivable_id
        )
        term = self.env["account.payment.term"].browse(
            vals.get("invoice_payment_term_id")
        )
        date = vals.get("invoice_date")
        if not term:
            total = untaxed + tax
            return [
                {
                    "display_type": "payment_term",
                    "account_id": account.id,
                    "partner_id": commercial.id,
                    "currency_id": currency.id,
                    # as Odoo: without payment terms, due the day it is created
                    "date_maturity": vals.get("invoice_date_due")
                    or fields.Date.context_today(self),
                    "balance": total,
                    "amount_currency": total,
                    "name": "",
                }
            ]
        terms = term._compute_terms(
            date_ref=date,
            currency=currency,
            company=company,
            tax_amount=tax,
            tax_amount_currency=tax,
            sign=1 if vals["move_type"] == "out_invoice" else -1,
            untaxed_amount=untaxed,
            untaxed_amount_currency=untaxed,
        )
        by_date = defaultdict(lambda: {"balance": 0.0, "amount_currency": 0.0})
        for term_line in terms["line_ids"]:
            item = by_date[term_line["date"]]
            item["balance"] += term_line["company_amount"]
            item["amount_currency"] += term_line["foreign_amount"]
        return [
            {
                "display_type": "payment_term",
                "account_id": account.id,
                "partner_id": commercial.id,
                "currency_id": currency.id,
                "date_maturity": due,
                "discount_date": terms.get("discount_date"),
                "discount_balance": terms.get("discount_balance") or 0.0,
                "discount_amount_currency": terms.get("discount_amount_currency")
                or 0.0,
                "name": "",
                **amounts,
            }
            for due, amounts in by_date.items()
        ]

    def _heat_subscribe_customers(self, moves):
        """Make each invoice's customer follow it, for all the invoices at once:
        what posting does one invoice at a time (same default subtypes)."""
        followers = self.env["mail.followers"].sudo()
        partners = moves.partner_id
        active = (
            self.env["res.partner"]
            .sudo()
            .search([("id", "in", partners.ids), ("active", "=", True)])
        )
        active_ids = set(active.ids)
        customers = set(active.filtered("partner_share").ids)
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes("account.move")
        existing = {
            (res_id, partner_id)
            for _fid, res_id, partner_id, _sids in followers._get_subscription_data(
                [("account.move", moves.ids)], active.ids
            )
        }
        followers.with_context(default_partner_id=False).create(
            [
                {
                    "res_model": "account.move",
                    "res_id": move.id,
                    "partner_id": move.partner_id.id,
                    "subtype_ids": [
                        Command.set(
                            (
                                external if move.partner_id.id in customers else default
                            ).ids
                        )
                    ],
                }
                for move in moves
                if move.partner_id.id in active_ids
                and (move.id, move.partner_id.id) not in existing
            ]
        )
        moves.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    def _heat_post_invoices(self, moves):
        """Post the invoices with Odoo's own posting, all in one ``_post``: Odoo
        numbers them (``_compute_name``: by date, reference and creation order,
        each with ``_set_next_sequence``), which locks each sequence through its
        unique index and gives the following numbers from its transaction cache,
        as it would posting them one by one (ADR 0038)."""
        # Odoo's own guard: the balance of all the moves is checked once, on leaving,
        # instead of at each write that posting makes on each move.
        # _set_next_sequence splits each new number into sequence_prefix/number; the
        # ORM treats them as being computed (a cache write, as Odoo does for the first
        # 1,000 moves of a recomputation) instead of a full write per invoice looking
        # for a move with the following number, which a locked sequence cannot have.
        split = [moves._fields["sequence_prefix"], moves._fields["sequence_number"]]
        with (
            moves._check_balanced({"records": moves}),
            self.env.protecting(split, moves),
        ):
            moves.action_post()
