# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

import facturx
from lxml import etree

from odoo.tests import tagged

from .common import CII_NS, HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatFacturX(HeatBillingCommon):
    """The EN 16931 XML Odoo builds for Factur-X (ADR 0046), for a heat invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._read_january()
        cls._complete_seller()

    def _facturx(self, invoice):
        xml, errors = self.env["account.edi.xml.cii"]._export_invoice(invoice)
        self.assertFalse(errors)
        return xml

    def test_xml_validates_and_gives_the_invoice_back(self):
        self.partner.write({"is_company": True, "siret": "73282932000074"})
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        run.action_post()
        invoice = run.move_ids.filtered(lambda m: m.partner_id == self.partner)
        xml = self._facturx(invoice)
        # the schema of the EN 16931 profile (the factur-x library raises otherwise)
        self.assertTrue(facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"))
        tree = etree.fromstring(xml)

        def text(path):
            return tree.xpath(path, namespaces=CII_NS)[0].text

        self.assertEqual(text("//rsm:ExchangedDocument/ram:ID"), invoice.name)
        totals = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
        self.assertEqual(
            float(text(totals + "ram:GrandTotalAmount")), invoice.amount_total
        )
        self.assertEqual(
            float(text(totals + "ram:TaxBasisTotalAmount")), invoice.amount_untaxed
        )
        self.assertEqual(
            float(text(totals + "ram:DuePayableAmount")), invoice.amount_residual
        )
        quantities = tree.xpath("//ram:BilledQuantity", namespaces=CII_NS)
        self.assertEqual(
            [(q.get("unitCode"), float(q.text)) for q in quantities],
            [("MWH", 10.0), ("MON", 1.0)],
        )
        self.assertEqual(
            text("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID"),
            "FR65912345675",
        )

    def test_a_line_billed_as_an_amount_has_no_unit(self):
        """A line whose quantity and price do not give the amount back (a price with
        more decimals than the database keeps) is one unit of its amount."""
        self.tariff.r1 = 80.4037
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        run.action_post()
        invoice = run.move_ids.filtered(lambda m: m.partner_id == self.partner)
        r1 = invoice.invoice_line_ids.filtered(
            lambda li: li.product_id.default_code == "HEAT-R1"
        )
        self.assertEqual((r1.quantity, r1.product_uom_id.id), (1.0, False))
        self.assertAlmostEqual(r1.price_unit, 804.04)  # 10 MWh x 80.4037
        xml = self._facturx(invoice)
        self.assertTrue(facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"))
        units = [
            q.get("unitCode")
            for q in etree.fromstring(xml).xpath(
                "//ram:BilledQuantity", namespaces=CII_NS
            )
        ]
        self.assertEqual(units, ["C62", "MON"])

    def test_a_public_body_s_service_code_and_commitment_in_the_xml(self):
        """Chorus Pro routes a public body's invoice by the service code (BT-10)
        and checks the commitment number (BT-13) the body gave."""
        self.partner.write({"is_company": True, "siret": "21430048500015"})
        self.subscription.write(
            {
                "is_public_body": True,
                "chorus_service_code": "SERVICE-TECHNIQUE",
                "chorus_commitment_number": "EJ-2025-0042",
            }
        )
        # the school is no public body: its invoice names no service
        self.subscription2.chorus_service_code = "IGNORED"
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        run.action_post()
        town_hall = run.move_ids.filtered(lambda m: m.partner_id == self.partner)
        school = run.move_ids - town_hall
        self.assertEqual(town_hall.buyer_reference, "SERVICE-TECHNIQUE")
        self.assertEqual(town_hall.purchase_order_reference, "EJ-2025-0042")
        # the customer's reference, printed on the invoice and read by Chorus Pro
        self.assertEqual(town_hall.ref, "EJ-2025-0042")
        self.assertFalse(school.buyer_reference)
        self.assertFalse(school.ref)
        xml = self._facturx(town_hall)
        self.assertTrue(facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"))
        tree = etree.fromstring(xml)
        self.assertEqual(
            tree.xpath("//ram:BuyerReference", namespaces=CII_NS)[0].text,
            "SERVICE-TECHNIQUE",
        )
        self.assertEqual(
            tree.xpath(
                "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
                namespaces=CII_NS,
            )[0].text,
            "EJ-2025-0042",
        )
