# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

import openpyxl

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.heat_operator.tests.common import attachment_names

from .common import HeatSharesCommon, pdf_text


@tagged("post_install", "-at_install")
class TestHeatShareLine(HeatSharesCommon):
    def test_holdings_and_capital_at_past_dates(self):
        Line = self.env["heat.share.line"]
        self._line(self.alice, 10, date(2020, 1, 10))
        self._line(self.mairie, 2, date(2021, 1, 1), share_class=self.class_authorities)
        self._transfer(self.alice, self.bob, 4, date(2022, 6, 1))
        self.assertEqual(Line._holdings_at(date(2019, 12, 31), self.company), {})
        self.assertEqual(Line._capital_at(date(2019, 12, 31), self.company), 0)
        self.assertEqual(
            Line._holdings_at(date(2021, 12, 31), self.company),
            {
                (self.alice.id, self.share_class.id): 10,
                (self.mairie.id, self.class_authorities.id): 2,
            },
        )
        self.assertEqual(Line._capital_at(date(2020, 6, 1), self.company), 500.0)
        self.assertEqual(Line._capital_at(date(2021, 1, 1), self.company), 1500.0)
        holdings = Line._holdings_at(date(2022, 6, 1), self.company)
        self.assertEqual(holdings[(self.alice.id, self.share_class.id)], 6)
        self.assertEqual(holdings[(self.bob.id, self.share_class.id)], 4)
        # a transfer does not change the capital
        self.assertEqual(Line._capital_at(date(2022, 6, 1), self.company), 1500.0)

    def test_transfer_pair_waits_for_approval(self):
        self._line(self.alice, 10, date(2020, 1, 10))
        lines = self._transfer(self.alice, self.bob, 4, date(2022, 6, 1), False)
        self.assertEqual(len(lines), 2)
        self.assertEqual(set(lines.mapped("state")), {"draft"})
        out = lines.filtered(lambda line: line.movement_type == "transfer_out")
        self.assertEqual(out.counterpart_id.partner_id, self.bob)
        self.assertEqual(self.bob.share_count, 0)
        out.action_approve()
        self.assertEqual(set(lines.mapped("state")), {"done"})
        self.assertEqual(self.bob.share_count, 4)
        self.assertEqual(self.alice.share_count, 6)
        self.assertTrue(out.counterpart_id.certificate_number)

    def test_transfer_of_more_than_held(self):
        self._line(self.alice, 10, date(2020, 1, 10))
        self._transfer(self.alice, self.bob, 8, date(2021, 1, 1))
        with self.assertRaisesRegex(UserError, "Alice Vidal holds 2 .*cannot part"):
            self._transfer(self.alice, self.bob, 3, date(2021, 2, 1))
        # shares acquired later do not help at an earlier date
        self._line(self.alice, 5, date(2022, 1, 1))
        with self.assertRaisesRegex(UserError, "holds 2"):
            self._transfer(self.alice, self.bob, 3, date(2021, 12, 31))
        self.assertEqual(self.alice.share_count, 7)

    def test_transfer_above_the_maximum(self):
        self._line(self.alice, 15, date(2020, 1, 10))
        self._line(self.bob, 10, date(2020, 1, 10))
        with self.assertRaisesRegex(UserError, "Bob Faure 22 .*maximum of 20"):
            self._transfer(self.alice, self.bob, 12, date(2021, 1, 1))
        self.assertEqual(self.bob.share_count, 10)
        self._transfer(self.alice, self.bob, 10, date(2021, 1, 1))
        self.assertEqual(self.bob.share_count, 20)

    def test_back_dated_movement_cannot_make_the_register_negative(self):
        self._line(self.alice, 5, date(2020, 1, 10))
        self._transfer(self.alice, self.bob, 5, date(2021, 1, 1))
        # a back-dated transfer out of Bob before he got the shares is refused
        with self.assertRaisesRegex(UserError, "Bob Faure holds 0"):
            self.env["heat.share.line.request"].create(
                {
                    "company_id": self.company.id,
                    "movement": "transfer",
                    "partner_id": self.bob.id,
                    "target_partner_id": self.alice.id,
                    "class_id": self.share_class.id,
                    "quantity": 2,
                    "date": date(2020, 6, 1),
                    "approve": True,
                }
            ).action_confirm()
        issue = self.alice.share_line_ids.filtered(
            lambda line: line.movement_type == "issue"
        )
        # Alice gave her shares away: her issue can no longer be reversed
        with self.assertRaisesRegex(UserError, "Alice Vidal holds 0"):
            issue.action_reverse()
        self.assertFalse(self.env["heat.share.line"].search([("reversal", "=", True)]))

    def test_redemption_inside_the_waiting_period(self):
        self._line(self.alice, 10, date(2022, 1, 10))
        request = self.env["heat.share.line.request"].create(
            {
                "company_id": self.company.id,
                "movement": "redemption",
                "partner_id": self.alice.id,
                "class_id": self.share_class.id,
                "quantity": 4,
                "date": date(2025, 1, 9),
                "approve": True,
            }
        )
        with self.assertRaisesRegex(UserError, "waiting period of 36 months"):
            request.action_confirm()
        request.date = date(2025, 1, 10)
        request.action_confirm()
        self.assertEqual(self.alice.share_count, 6)
        Line = self.env["heat.share.line"]
        self.assertEqual(Line._capital_at(date(2025, 1, 9), self.company), 500.0)
        self.assertEqual(Line._capital_at(date(2025, 1, 10), self.company), 300.0)

    def test_an_approved_redemption_owes_the_member_its_capital(self):
        self._line(self.alice, 10, date(2020, 1, 10))
        redemption = self._line(self.alice, 4, date(2025, 1, 10), "redemption")
        move = redemption.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.date, date(2025, 1, 10))
        by_account = {line.account_id.code: line.balance for line in move.line_ids}
        self.assertEqual(by_account, {"101300": 200.0, "455100": -200.0})
        self.assertEqual(move.line_ids.partner_id, self.alice)
        # a correction reverses the entry with the movement
        reversal = redemption.action_reverse()
        self.assertEqual(reversal.move_id.reversed_entry_id, move)
        owed = move.line_ids.filtered(lambda line: line.account_id.code == "455100")
        self.assertTrue(owed.reconciled)
        # issues and transfers are no redemption: no entry
        self.assertFalse(
            self.env["heat.share.line"].search(
                [("movement_type", "!=", "redemption"), ("move_id", "!=", False)]
            )
        )

    def test_a_transfer_moves_the_capital_between_members(self):
        self._line(self.alice, 10, date(2020, 1, 10))
        lines = self._transfer(self.alice, self.bob, 4, date(2025, 3, 1))
        out = lines.filtered(lambda line: line.movement_type == "transfer_out")
        move = out.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.date, date(2025, 3, 1))
        self.assertEqual(out.counterpart_id.move_id, move)
        by_member = {
            (line.account_id.code, line.partner_id): line.balance
            for line in move.line_ids
        }
        self.assertEqual(
            by_member, {("101300", self.alice): 200.0, ("101300", self.bob): -200.0}
        )
        # a correction reverses the entry with the movement
        reversals = out.action_reverse()
        self.assertEqual(
            reversals.filtered(
                lambda line: line.movement_type == "transfer_out"
            ).move_id.reversed_entry_id,
            move,
        )

    def test_a_redemption_needs_the_member_s_current_account(self):
        self._line(self.alice, 10, date(2020, 1, 10))
        self.share_class.account_redeemed_id = False
        with self.assertRaisesRegex(UserError, "Members, redeemed capital to repay"):
            self._line(self.alice, 4, date(2025, 1, 10), "redemption")

    def test_redemption_of_more_than_held(self):
        self._line(self.alice, 2, date(2020, 1, 10))
        line = self.env["heat.share.line"].create(
            {
                "company_id": self.company.id,
                "partner_id": self.alice.id,
                "class_id": self.share_class.id,
                "movement_type": "redemption",
                "quantity": 3,
                "date": date(2025, 1, 1),
            }
        )
        with self.assertRaisesRegex(UserError, "holds 2"):
            line.action_approve()
        self.assertEqual(line.state, "draft")

    def test_approved_lines_are_never_deleted(self):
        line = self._line(self.alice, 5, date(2020, 1, 10))
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "reverse movement"):
            line.quantity = 4
        draft = self.env["heat.share.line"].create(
            {
                "company_id": self.company.id,
                "partner_id": self.alice.id,
                "class_id": self.share_class.id,
                "movement_type": "issue",
                "quantity": 1,
            }
        )
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_correction_by_reverse_movement(self):
        line = self._line(self.alice, 5, date(2020, 1, 10))
        reversal = line.action_reverse()
        self.assertEqual(reversal.signed_quantity, -5)
        self.assertEqual(reversal.reversed_id, line)
        self.assertEqual(reversal.state, "done")
        self.assertEqual(self.alice.share_count, 0)
        self.assertEqual(self.alice.share_status, "former")
        with self.assertRaisesRegex(UserError, "already reversed"):
            line.action_reverse()

    def test_reversing_a_transfer_reverses_both_halves(self):
        self._line(self.alice, 10, date(2020, 1, 10))
        lines = self._transfer(self.alice, self.bob, 4, date(2022, 6, 1))
        reversals = lines.filtered(
            lambda line: line.movement_type == "transfer_in"
        ).action_reverse()
        self.assertEqual(len(reversals), 2)
        self.assertEqual(sorted(reversals.mapped("signed_quantity")), [-4, 4])
        self.assertEqual(reversals[0].counterpart_id, reversals[1])
        self.assertEqual(self.alice.share_count, 10)
        self.assertEqual(self.bob.share_count, 0)

    def test_duplicate_certificate_number(self):
        line = self._line(self.alice, 5, date(2020, 1, 10))
        other = self._line(self.bob, 5, date(2020, 1, 10))
        with self.assertRaisesRegex(
            ValidationError, f"{line.certificate_number}.*Alice Vidal"
        ):
            other.certificate_number = line.certificate_number
        # another company may use the same number
        company_b = self._french_company("Autre SCIC")
        class_b = (
            self.env["heat.share.class"]
            .with_company(company_b)
            .create(
                {
                    "name": "B",
                    "code": "B",
                    "nominal_value": 10,
                    "company_id": company_b.id,
                }
            )
        )
        partner_b = self.env["res.partner"].create({"name": "Holder B"})
        line_b = (
            self.env["heat.share.line"]
            .with_company(company_b)
            .create(
                {
                    "company_id": company_b.id,
                    "partner_id": partner_b.id,
                    "class_id": class_b.id,
                    "movement_type": "issue",
                    "quantity": 1,
                    "certificate_number": line.certificate_number,
                }
            )
        )
        self.assertEqual(line_b.certificate_number, line.certificate_number)

    def test_certificate_pdf_in_french_words(self):
        subscription = self._subscription(quantity=5)
        subscription.action_approve()
        subscription.action_call()
        self._pay(subscription)
        subscription.action_issue()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, lang="fr_FR")
            ._render_qweb_pdf(
                "heat_citizen_shares.heat_share_certificate_report",
                subscription.line_id.ids,
            )
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        self.assertIn("deux cent cinquante euros", text)
        self.assertIn(subscription.certificate_number, text)
        self.assertIn("Parts numérotées de 1 à 5", text)
        self.assertIn("Alice Vidal", text)
        # the certificate issued is kept on the line, and printed again as it was
        line = subscription.line_id
        name = f"Certificat {subscription.certificate_number}.pdf"
        self.assertEqual(attachment_names(line), [name])
        self.env["ir.actions.report"].with_context(
            force_report_rendering=True
        )._render_qweb_pdf(
            "heat_citizen_shares.heat_share_certificate_report", line.ids
        )
        self.assertEqual(attachment_names(line), [name])

    def test_no_certificate_for_a_redemption(self):
        self._line(self.alice, 5, date(2020, 1, 10))
        redemption = self._line(self.alice, 2, date(2024, 1, 10), "redemption")
        self.assertFalse(redemption.certificate_number)
        html, _kind = (
            self.env["ir.actions.report"].with_context(lang="fr_FR")
        )._render_qweb_html(
            "heat_citizen_shares.heat_share_certificate_report", redemption.ids
        )
        self.assertIn("pas de certificat", html.decode())
        self.assertNotIn("Certificat de parts sociales", html.decode())

    def test_share_numbers_only_where_shares_are_issued(self):
        """Transferred and redeemed shares are not numbered "0 to 0": a movement that
        issues no share shows no number."""
        subscription = self._subscription(quantity=5)
        subscription.action_approve()
        subscription.action_call()
        self._pay(subscription)
        subscription.action_issue()
        issue = subscription.line_id
        self.assertEqual(issue.share_numbers, "1 to 5")
        self.assertEqual(issue.with_context(lang="fr_FR").share_numbers, "1 à 5")
        single = self._line(self.bob, 1, date(2026, 2, 1))
        single.write({"share_number_from": 6, "share_number_to": 6})
        self.assertEqual(single.share_numbers, "6")
        transfer = self._transfer(self.alice, self.bob, 2, date(2029, 3, 1))
        redemption = self._line(self.alice, 1, date(2029, 3, 1), "redemption")
        self.assertEqual(len(transfer | redemption), 3)
        for line in transfer | redemption:
            self.assertFalse(line.share_numbers, line.name)
        # the register shows one column of numbers, hidden on the form when empty
        views = self.env["heat.share.line"].get_views(
            [(False, "list"), (False, "form")]
        )
        list_arch = views["views"]["list"]["arch"]
        self.assertIn('name="share_numbers"', list_arch)
        self.assertNotIn('name="share_number_from"', list_arch)
        self.assertIn(
            '<field name="share_numbers" invisible="not share_numbers"',
            views["views"]["form"]["arch"],
        )

    def test_name_in_the_reader_language(self):
        """The movement's name follows the language of whoever reads it, not the one
        of whoever created it (the demo's movements read English in French)."""
        line = self._line(self.alice, 5, date(2020, 1, 10))
        self.assertEqual(line.name, "Issue of 5 A shares")
        self.assertEqual(line.with_context(lang="fr_FR").name, "Émission de 5 parts A")
        redemption = self._line(self.alice, 2, date(2024, 1, 10), "redemption")
        self.assertEqual(
            redemption.with_context(lang="fr_FR").name, "Remboursement de 2 parts A"
        )
        # a line is still found by its certificate number or its holder
        Line = self.env["heat.share.line"]
        self.assertEqual(
            Line.name_search(line.certificate_number), [(line.id, line.name)]
        )
        self.assertEqual(
            {found for found, _name in Line.name_search("Alice Vidal")},
            {line.id, redemption.id},
        )

    def test_menu_reads_parts_sociales(self):
        menu = self.env.ref("heat_citizen_shares.heat_citizen_shares_menu_root")
        self.assertEqual(menu.with_context(lang="fr_FR").name, "Parts sociales")
        category = self.env.ref(
            "heat_citizen_shares.module_category_heat_citizen_shares"
        )
        self.assertEqual(category.with_context(lang="fr_FR").name, "Parts sociales")

    def test_register_xlsx(self):
        self._line(self.alice, 10, date(2020, 1, 10))
        self._transfer(self.alice, self.bob, 4, date(2022, 6, 1))
        lines = self.env["heat.share.line"].search(
            [("company_id", "=", self.company.id)]
        )
        content, kind = self.env["ir.actions.report"]._render(
            "heat_citizen_shares.heat_share_register_xlsx_report", lines.ids
        )
        self.assertEqual(kind, "xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        register = workbook.worksheets[0]
        self.assertEqual(register.cell(2, 2).value, "Alice Vidal")
        self.assertEqual(register.cell(2, 5).value, 10)
        self.assertEqual(register.cell(5, 1).value, "Total")
        self.assertEqual(register.cell(5, 5).value, 10)
        self.assertEqual(register.cell(5, 9).value, 500.0)
        holders = {
            row[0]: row[2]
            for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(holders, {"Alice Vidal": 6, "Bob Faure": 4})
