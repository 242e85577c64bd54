# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from .common import HeatNetworkCommon


@tagged("post_install", "-at_install")
class TestHeatBuilding(HeatNetworkCommon):
    def test_eight_study_categories(self):
        codes = self.env["heat.building.category"].search([]).mapped("code")
        for code in (
            "commune",
            "agglomeration",
            "syndicat_mixte",
            "ehpad",
            "departement",
            "residential_individual",
            "private_tertiary",
            "residential_collective",
        ):
            self.assertIn(code, codes)

    def test_reference_unique_within_network(self):
        with self.assertRefused("Duplicate hall.*1.01"):
            self.env["heat.building"].create(
                {
                    "network_id": self.network.id,
                    "reference": "1.01",
                    "name": "Duplicate hall",
                }
            )

    def test_reference_unique_even_archived(self):
        self.house.active = False
        with self.assertRefused("6.01"):
            self.env["heat.building"].create(
                {"network_id": self.network.id, "reference": "6.01", "name": "Twin"}
            )

    def test_messages_are_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        with self.assertRefused("Town hall.*doit être positive"):
            self.building.with_context(lang="fr_FR").current_quantity = -1
        with self.assertRefused("longueur du tronçon Bad.*doit être positive"):
            self.env["heat.pipe.segment"].with_context(lang="fr_FR").create(
                {"network_id": self.network.id, "name": "Bad", "length_m": 0}
            )

    def test_same_reference_in_another_network(self):
        other = self.env["heat.network"].create({"name": "Other", "code": "OTH"})
        building = self.env["heat.building"].create(
            {"network_id": other.id, "reference": "1.01", "name": "Town hall"}
        )
        self.assertEqual(building.reference, self.building.reference)

    def test_quantity_must_be_positive(self):
        with self.assertRefused("1.01 Town hall"):
            self.building.current_quantity = 0.0
        with self.assertRefused("6.01 House"):
            self.house.current_quantity = -10.0
        with self.assertRefused("6.01 House"):
            self.house.estimated_need_mwh = -1.0

    def test_unit_follows_energy(self):
        with Form(self.env["heat.building"]) as form:
            form.network_id = self.network
            form.reference = "9.01"
            form.name = "Shop"
            form.current_energy = "propane"
            self.assertEqual(form.current_unit, "tonne")
            form.current_quantity = 1.5
        with Form(self.env["heat.building"]) as form:
            form.network_id = self.network
            form.reference = "9.02"
            form.name = "Flat"
            form.current_energy = "heating_oil"
            self.assertEqual(form.current_unit, "litre")
            form.current_energy = "natural_gas"
            self.assertEqual(form.current_unit, "kwh")
            form.current_unit = "m3"
            form.current_quantity = 2000
        self.assertEqual(form.record.current_unit, "m3")

    def test_subscriber_is_owner_or_occupant(self):
        tenant = self.env["res.partner"].create({"name": "Tenant"})
        self.assertEqual(self.building.subscriber_id, self.owner)
        self.building.write({"occupant_id": tenant.id, "subscriber_role": "occupant"})
        self.assertEqual(self.building.subscriber_id, tenant)
        self.assertEqual(
            self.building.action_view_pledges()["context"]["default_partner_id"],
            tenant.id,
        )

    def test_openstreetmap_link(self):
        self.assertFalse(self.building.osm_url)
        self.assertFalse(self.building.action_open_map())
        self.building.write({"latitude": 45.3226, "longitude": 3.6967})
        self.assertEqual(
            self.building.osm_url,
            "https://www.openstreetmap.org/?mlat=45.322600&mlon=3.696700"
            "#map=18/45.322600/3.696700",
        )
        action = self.building.action_open_map()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], self.building.osm_url)

    def test_coordinates_in_range(self):
        with self.assertRefused("Town hall"):
            self.building.latitude = 95.0

    def test_name_search_by_reference(self):
        found = self.env["heat.building"].name_search(
            "6.01", [("network_id", "=", self.network.id)]
        )
        self.assertEqual([row[0] for row in found], self.house.ids)
