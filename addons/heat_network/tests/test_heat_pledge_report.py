# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.heat_operator.tests.common import attachment_names, pdf_text

from .common import HeatNetworkCommon


@tagged("post_install", "-at_install")
class TestPledgeReport(HeatNetworkCommon):
    def test_pdf_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.network.write({"pledge_r1": 80.40, "pledge_r2": 37.69})
        self.building.write({"street": "Place de la Mairie", "zip": "43160"})
        pledge = self.env["crm.lead"].create(
            {
                "name": "Town hall connection",
                "type": "opportunity",
                "heat_is_pledge": True,
                "heat_network_id": self.network.id,
                "heat_building_id": self.building.id,
                "partner_id": self.owner.id,
                "heat_signatory_name": "Jeanne Martin",
                "heat_signatory_capacity": "Maire",
                "heat_requested_kw": 15.0,
                "heat_pledge_date": "2025-05-20",
            }
        )
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("heat_network.heat_pledge_report_action", pledge.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        # the company's header and footer, and the print kept on the pledge
        self.assertIn("Page 1 / ", text)
        self.assertIn(
            f"Accord de principe - {self.building.display_name}.pdf",
            attachment_names(pledge),
        )
        for expected in (
            "Accord de principe pour le raccordement",
            "Test network",
            "Jeanne Martin",
            "Maire",
            "1.01 Town hall",
            "Fioul",
            "6 000",
            "60,0 MWh",
            "80,40",
            "37,69",
            # 15 kW x 37.69 / 12 = 47 EUR excl. VAT per month, as on the study's form.
            "47",
            "5,5 %",
            "20/05/2025",
        ):
            self.assertIn(expected, text)
