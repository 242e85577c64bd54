# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file


@tagged("post_install", "-at_install")
class TestDemoFile(TransactionCase):
    """Load the demo file itself (whether or not the database has demo data) and check
    the La Chaise-Dieu figures it must show."""

    def test_la_chaise_dieu_demo(self):
        convert_file(
            self.env,
            "heat_network",
            "demo/heat_network_demo.xml",
            {},
            mode="init",
            noupdate=False,
        )
        network = self.env.ref("heat_network.heat_network_lcd_demo")
        self.assertEqual(network.company_id, self.env.ref("base.main_company"))
        self.assertEqual(network.length_m, 1534.0)
        self.assertEqual(network.building_count, 30)
        self.assertEqual(len(network.building_ids.category_id), 8)
        self.assertIn("illustrative", network.description)
        self.assertEqual(
            sorted(
                network.plant_ids.boiler_ids.filtered(
                    lambda b: b.role == "main"
                ).mapped("power_kw")
            ),
            [330, 340, 350],
        )
        backup = network.plant_ids.boiler_ids.filtered(lambda b: b.role == "backup")
        self.assertEqual(backup.fuel, "heating_oil")
        connected = network.building_ids.filtered(lambda b: b.state == "connected")
        self.assertEqual(len(connected), 18)
        self.assertEqual(connected, network.substation_ids.building_id)
        self.assertTrue(all(network.substation_ids.mapped("meter_id")))
        stages = network.pledge_ids.with_context(active_test=False).stage_id
        for xmlid in (
            "crm.stage_lead1",
            "crm.stage_lead2",
            "crm.stage_lead3",
            "heat_network.stage_pledge_signed",
            "crm.stage_lead4",
        ):
            self.assertIn(self.env.ref(xmlid), stages)
        # Illustrative buildings add up to the study's 1,723 MWh a year; 24 of them
        # (pledged, subscribed or connected) bring 1,608 MWh.
        self.assertEqual(sum(network.building_ids.mapped("estimated_need_mwh")), 1723.0)
        self.assertEqual(network.pledged_mwh, 1608.0)
        self.assertAlmostEqual(network.pledged_density, 1608.0 / 1534.0, places=3)
        # in service: its state, no verdict (it would be "no_go" in a study)
        self.assertEqual(network.state, "service")
        self.assertFalse(network.feasibility)
