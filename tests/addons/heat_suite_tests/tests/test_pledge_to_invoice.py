# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.heat_billing.tests.common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestPledgeToInvoice(HeatBillingCommon):
    """The whole life of a subscriber, across the four addons' screens."""

    def test_pledge_signed_billed_posted_and_credited(self):
        # A prospect signs a pledge in the CRM (heat_network).
        category = self.env["heat.building.category"].search([], limit=1)
        owner = self.env["res.partner"].create({"name": "Hôtel de la Casadienne"})
        building = self.env["heat.building"].create(
            {
                "network_id": self.network.id,
                "reference": "7.13",
                "name": "Hôtel",
                "category_id": category.id,
                "owner_id": owner.id,
                "estimated_need_mwh": 90.0,
            }
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Accord de principe Hôtel",
                "type": "opportunity",
                "heat_is_pledge": True,
                "partner_id": owner.id,
                "company_id": self.company.id,
                "heat_network_id": self.network.id,
                "heat_building_id": building.id,
                "heat_requested_kw": 60.0,
                "heat_estimated_mwh": 90.0,
            }
        )
        lead.action_heat_sign_pledge()
        self.assertEqual(building.state, "pledged")
        # The network is built: a sub-station and its meter (heat_network).
        substation = self.env["heat.substation"].create(
            {
                "code": "SST-7.13",
                "building_id": building.id,
                "exchanger_power_kw": 80,
                "commissioning_date": date(2025, 1, 1),
                "power_ids": [
                    Command.create(
                        {
                            "date_start": date(2025, 1, 1),
                            "power_kw": 60,
                            "decision": "accepted",
                        }
                    )
                ],
            }
        )
        self.env["heat.meter"].create(
            {
                "serial_number": "67434013",
                "installation_ids": [
                    Command.create(
                        {"substation_id": substation.id, "date_start": date(2025, 1, 1)}
                    )
                ],
            }
        )
        # The signed pledge becomes a subscription (heat_billing).
        lead.action_heat_create_subscription()
        subscription = lead.heat_subscription_ids
        self.assertEqual(subscription.substation_id, substation)
        self.assertEqual(building.state, "subscribed")
        subscription.action_activate()
        # Readings arrive as a French CSV file (heat_metering).
        profile = self.env["heat.meter.reading.import.profile"].create(
            {"name": "GTC", "company_id": self.company.id}
        )
        # (periods are UTC days, see ADR 0022: 01:00 in Paris is midnight UTC)
        batch = self.env["heat.meter.reading.batch"]._heat_import_file(
            (
                b"compteur;date;index\n"
                b"67434013;01/01/2025 01:00;10 000,000\n"
                b"67434013;01/02/2025 01:00;25 500,500\n"
            ),
            profile,
            file_name="releves-janvier.csv",
        )
        self.assertEqual(
            batch.lines_imported,
            2,
            batch.line_ids.mapped(lambda li: (li.line, li.message)),
        )
        # January is billed and posted (heat_billing, accounting).
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        line = run.line_ids.filtered(lambda li: li.subscription_id == subscription)
        self.assertEqual(line.mwh, 15.501)  # 15,500.5 kWh read, billed in whole kWh
        # the fixture's two other sub-stations have no readings: their lines are
        # flagged, and a billing manager confirms the posting with a reason
        action = run.action_post()
        self.env[action["res_model"]].with_context(action["context"]).create(
            {"reason": "Compteurs de la mairie et de l'école relevés en février"}
        ).action_confirm()
        invoice = run.move_ids.filtered(
            lambda m: m.heat_subscription_id == subscription
        )
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, owner)
        energy = round(15.501 * 80.40, 2)
        power = round(60 * 37.69 / 12, 2)
        self.assertAlmostEqual(invoice.amount_untaxed, energy + power)
        self.assertTrue(all(batch.reading_ids.mapped("is_locked")))
        # A correction is credited, and the month can be billed again.
        run.action_credit()
        credit_note = self.env["account.move"].search(
            [("reversed_entry_id", "=", invoice.id)]
        )
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertAlmostEqual(credit_note.amount_total, invoice.amount_total)
        self.assertFalse(any(batch.reading_ids.mapped("is_locked")))
