# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import HeatNetworkCommon


@tagged("post_install", "-at_install")
class TestFeasibility(HeatNetworkCommon):
    def _pledge(self, building, mwh, kw, signed=True):
        lead = self.env["crm.lead"].create(
            {
                "name": f"Pledge {building.name}",
                "type": "opportunity",
                "heat_is_pledge": True,
                "heat_network_id": building.network_id.id,
                "heat_building_id": building.id,
                "heat_estimated_mwh": mwh,
                "heat_requested_kw": kw,
            }
        )
        if signed:
            lead.action_heat_sign_pledge()
        return lead

    def test_empty_network(self):
        network = self.env["heat.network"].create({"name": "Empty", "code": "EMP"})
        self.assertEqual(network.feasibility, "unknown")
        self.assertEqual(network.pledged_density, 0.0)
        self.assertEqual(network.pledged_share, 0.0)

    def test_density_of_pledged_buildings(self):
        self.assertEqual(self.network.pledged_mwh, 0)
        self.assertEqual(self.network.feasibility, "no_go")
        self._pledge(self.building, 70.0, 45.0)
        self._pledge(self.house, 20.0, 15.0, signed=False)
        self.network.invalidate_recordset()
        self.assertEqual(self.network.pledged_building_count, 1)
        self.assertAlmostEqual(self.network.pledged_share, 0.5)
        # The signed pledge's estimate wins over the building's 60 MWh.
        self.assertEqual(self.network.pledged_mwh, 70.0)
        self.assertEqual(self.network.pledged_kw, 45.0)
        self.assertAlmostEqual(self.network.pledged_density, 70.0 / 1534.0, places=3)
        self.assertEqual(self.network.feasibility, "no_go")

    def test_connected_building_without_pledge_counts(self):
        self.building.state = "connected"
        self.env["heat.substation.power"].create(
            {
                "substation_id": self.substation.id,
                "date_start": "2020-01-01",
                "power_kw": 50,
            }
        )
        self.network.invalidate_recordset()
        self.assertEqual(self.network.pledged_mwh, 60.0)
        self.assertEqual(self.network.pledged_kw, 50.0)

    def test_go_when_threshold_reached(self):
        self.network.density_threshold = 0.05
        self._pledge(self.building, 80.0, 45.0)
        self.network.invalidate_recordset()
        self.assertEqual(self.network.feasibility, "go")
        self.network.write(
            {"segment_ids": [Command.create({"name": "Extension", "length_m": 1000})]}
        )
        self.network.invalidate_recordset()
        self.assertEqual(self.network.feasibility, "no_go")

    def test_no_verdict_once_the_network_is_built(self):
        """The feasibility card of a network in service shows "In service", not a
        red "No go"."""
        self.assertEqual(self.network.state, "study")
        self.assertEqual(self.network.feasibility, "no_go")
        for state in ("construction", "service", "closed"):
            self.network.state = state
            self.assertFalse(self.network.feasibility)
        # the density is still shown
        self._pledge(self.building, 70.0, 45.0)
        self.network.invalidate_recordset()
        self.assertAlmostEqual(self.network.pledged_density, 70.0 / 1534.0, places=3)
        self.assertFalse(self.network.feasibility)
        # on the card, the verdict gives way to the state
        arch = self.env["heat.network"].get_view(
            self.env.ref("heat_network.heat_network_view_kanban").id, "kanban"
        )["arch"]
        self.assertIn('name="feasibility"', arch)
        self.assertRegex(arch, r'name="feasibility"[^>]*invisible="not feasibility"')
        self.assertRegex(arch, r'name="state"[^>]*invisible="feasibility"')

    def test_dashboard_query_count_constant(self):
        networks = self.network
        for index in range(5):
            network = self.env["heat.network"].create(
                {
                    "name": f"N{index}",
                    "code": f"N{index}",
                    "segment_ids": [Command.create({"name": "S", "length_m": 100})],
                }
            )
            building = self.env["heat.building"].create(
                {"network_id": network.id, "reference": "1", "name": f"B{index}"}
            )
            self._pledge(building, 10.0, 10.0)
            networks |= network
        networks.invalidate_recordset()
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            networks.mapped("pledged_density")
        self.assertEqual(networks[1:].mapped("pledged_density"), [0.1] * 5)
