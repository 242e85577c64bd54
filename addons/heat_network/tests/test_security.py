# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HeatNetworkCommon

USER = "heat_network.heat_network_group_user"
MANAGER = "heat_network.heat_network_group_manager"


@tagged("post_install", "-at_install")
class TestSecurity(HeatNetworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._create_user("heat_user", USER)
        cls.manager = cls._create_user("heat_manager", MANAGER)
        cls.other_user = cls._create_user("heat_other", MANAGER, cls.other_company)
        cls.other_network = cls.env["heat.network"].create(
            {
                "name": "Other network",
                "code": "OTH",
                "company_id": cls.other_company.id,
            }
        )
        cls.other_building = cls.env["heat.building"].create(
            {"network_id": cls.other_network.id, "reference": "1", "name": "Other hall"}
        )
        cls.other_meter = cls.env["heat.meter"].create(
            {"serial_number": "OTH-1", "company_id": cls.other_company.id}
        )

    def test_manager_implies_user(self):
        self.assertTrue(self.manager.has_group(USER))
        self.assertFalse(self.user.has_group(MANAGER))
        self.assertTrue(self.user.has_group("sales_team.group_sale_salesman"))

    def test_user_reads_everything_and_edits_buildings(self):
        env = self.env(user=self.user)
        for model in (
            "heat.network",
            "heat.plant",
            "heat.boiler",
            "heat.pipe.segment",
            "heat.building.category",
            "heat.building",
            "heat.substation",
            "heat.substation.power",
            "heat.meter",
            "heat.meter.installation",
        ):
            env[model].check_access("read")
        building = self.building.with_user(self.user)
        building.name = "Mairie"
        new = env["heat.building"].create(
            {"network_id": self.network.id, "reference": "7.01", "name": "Pharmacy"}
        )
        self.assertEqual(new.company_id, self.company)
        with self.assertRaises(AccessError):
            new.unlink()

    def test_user_cannot_configure_assets(self):
        network = self.network.with_user(self.user)
        with self.assertRaises(AccessError):
            network.name = "Renamed"
        with self.assertRaises(AccessError):
            self.env(user=self.user)["heat.network"].create({"name": "N", "code": "N"})
        with self.assertRaises(AccessError):
            self.env(user=self.user)["heat.pipe.segment"].create(
                {"network_id": self.network.id, "name": "S", "length_m": 3}
            )
        with self.assertRaises(AccessError):
            self.substation.with_user(self.user).exchanger_power_kw = 80
        with self.assertRaises(AccessError):
            self.env(user=self.user)["heat.meter"].create({"serial_number": "X"})

    def test_manager_configures_assets(self):
        env = self.env(user=self.manager)
        network = env["heat.network"].create({"name": "N", "code": "N2"})
        env["heat.pipe.segment"].create(
            {"network_id": network.id, "name": "S", "length_m": 3}
        )
        self.assertEqual(network.length_m, 3)
        meter = env["heat.meter"].create({"serial_number": "X"})
        meter.unlink()
        self.substation.with_user(self.manager).exchanger_power_kw = 80

    def test_operators_do_not_see_each_other(self):
        env = self.env(user=self.manager)
        self.assertIn(self.network, env["heat.network"].search([]))
        self.assertNotIn(self.other_network, env["heat.network"].search([]))
        self.assertNotIn(self.other_building, env["heat.building"].search([]))
        self.assertNotIn(self.other_meter, env["heat.meter"].search([]))
        with self.assertRaises(AccessError):
            self.other_network.with_user(self.manager).read(["name"])
        with self.assertRaises(AccessError):
            self.other_building.with_user(self.user).read(["name"])
        other_env = self.env(user=self.other_user)
        self.assertEqual(other_env["heat.network"].search([]), self.other_network)
        self.assertEqual(other_env["heat.building"].search([]), self.other_building)
        self.assertEqual(other_env["heat.meter"].search([]), self.other_meter)
        self.assertFalse(other_env["heat.substation"].search([]))
        with self.assertRaises(AccessError):
            self.building.with_user(self.other_user).read(["name"])
        # Shared categories are visible to every operator.
        self.assertIn(
            self.category_commune, other_env["heat.building.category"].search([])
        )
