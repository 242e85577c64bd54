# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from odoo.addons.heat_operator.tests.common import attachment_names

from .common import HeatSharesCommon, pdf_text


@tagged("post_install", "-at_install")
class TestResPartner(HeatSharesCommon):
    def test_status_and_smart_button(self):
        self.assertEqual(self.bob.share_status, "none")
        self._line(self.bob, 4, date(2024, 1, 1))
        self.assertEqual(self.bob.share_status, "member")
        self.assertEqual(self.bob.share_count, 4)
        self.assertEqual(self.bob.share_amount, 200.0)
        action = self.bob.action_view_share_lines()
        self.assertEqual(action["res_model"], "heat.share.line")
        self.assertEqual(
            self.env["heat.share.line"].search(action["domain"]),
            self.bob.share_line_ids,
        )

    def test_yearly_statement(self):
        self._line(self.alice, 10, date(2024, 3, 1))
        self._transfer(self.alice, self.bob, 4, date(2025, 6, 1))
        values = self.alice._share_statement_values(2025)
        self.assertEqual(len(values["rows"]), 1)
        self.assertEqual(values["rows"][0]["opening"], 10)
        self.assertEqual(values["rows"][0]["closing"], 6)
        self.assertEqual(values["total"], 300.0)
        self.assertEqual(len(values["movements"]), 1)
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(
                force_report_rendering=True, share_statement_year=2025, lang="fr_FR"
            )
            ._render_qweb_pdf(
                "heat_citizen_shares.heat_share_statement_report", self.alice.ids
            )
        )
        text = pdf_text(pdf)
        self.assertIn("Relevé annuel de parts 2025", text)
        self.assertIn("Alice Vidal", text)
        self.assertIn(
            "Relevé de parts 2025 - Alice Vidal.pdf", attachment_names(self.alice)
        )
