# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import HeatNetworkCommon


@tagged("post_install", "-at_install")
class TestPledge(HeatNetworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.network.write({"pledge_r1": 80.40, "pledge_r2": 37.69})
        cls.stage_signed = cls.env.ref("heat_network.stage_pledge_signed")
        cls.pledge = cls.env["crm.lead"].create(
            {
                "name": "Town hall connection",
                "type": "opportunity",
                "heat_is_pledge": True,
                "heat_network_id": cls.network.id,
                "heat_building_id": cls.building.id,
                "partner_id": cls.owner.id,
                "heat_signatory_name": "Jeanne Martin",
                "heat_signatory_capacity": "Mayor",
                "heat_requested_kw": 45.0,
            }
        )

    def test_values_taken_from_building_and_network(self):
        self.assertEqual(self.pledge.heat_current_energy, "heating_oil")
        self.assertEqual(self.pledge.heat_current_quantity, 6000.0)
        self.assertEqual(self.pledge.heat_current_unit, "litre")
        self.assertEqual(self.pledge.heat_estimated_mwh, 60.0)
        self.assertEqual(self.pledge.heat_offer_r1, 80.40)
        self.assertEqual(self.pledge.heat_offer_r2, 37.69)
        self.assertTrue(self.pledge.heat_offer_reduced_vat)
        self.assertEqual(self.pledge.heat_building_category_id, self.category_commune)
        self.assertEqual(self.pledge.company_id, self.company)

    @freeze_time("2025-05-20")
    def test_signing_flow(self):
        """Opportunity -> signed pledge -> pledged building."""
        self.assertEqual(self.building.state, "prospect")
        self.assertNotEqual(self.pledge.stage_id, self.stage_signed)
        self.pledge.action_heat_sign_pledge()
        self.assertEqual(self.pledge.stage_id, self.stage_signed)
        self.assertEqual(
            self.pledge.heat_pledge_date, fields.Date.to_date("2025-05-20")
        )
        self.assertEqual(self.building.state, "pledged")
        self.assertEqual(self.pledge.heat_building_state, "pledged")

    def test_moving_to_signed_stage_signs(self):
        self.pledge.stage_id = self.stage_signed
        self.assertTrue(self.pledge.heat_pledge_date)
        self.assertEqual(self.building.state, "pledged")

    def test_signing_keeps_a_connected_building_connected(self):
        self.building.state = "connected"
        self.pledge.action_heat_sign_pledge()
        self.assertEqual(self.building.state, "connected")

    def test_signed_stage_does_not_touch_ordinary_leads(self):
        lead = self.env["crm.lead"].create(
            {"name": "Other business", "type": "opportunity"}
        )
        lead.stage_id = self.stage_signed
        self.assertFalse(lead.heat_pledge_date)

    def test_new_building_created_from_pledge(self):
        partner = self.env["res.partner"].create(
            {"name": "Hotel de l'Echo", "is_company": True}
        )
        pledge = self.env["crm.lead"].create(
            {
                "name": "Hotel",
                "type": "opportunity",
                "heat_is_pledge": True,
                "heat_network_id": self.network.id,
                "partner_id": partner.id,
                "heat_new_building_reference": "7.07",
                "heat_new_building_name": "Hôtel de l'Echo",
                "heat_new_building_category_id": self.env.ref(
                    "heat_network.building_category_private_tertiary"
                ).id,
                "heat_current_energy": "heating_oil",
                "heat_current_quantity": 6000,
                "heat_estimated_mwh": 60,
                "heat_requested_kw": 45,
                "street": "Place de l'Echo",
                "city": "La Chaise-Dieu",
            }
        )
        building = pledge.heat_building_id
        self.assertEqual(building.reference, "7.07")
        self.assertEqual(building.name, "Hôtel de l'Echo")
        self.assertEqual(building.network_id, self.network)
        self.assertEqual(building.owner_id, partner)
        self.assertEqual(building.state, "prospect")
        self.assertEqual(building.current_unit, "litre")
        self.assertEqual(building.estimated_need_mwh, 60)
        self.assertEqual(building.city, "La Chaise-Dieu")
        self.assertFalse(pledge.heat_new_building_name)
        self.assertEqual(building.pledge_count, 1)

    def test_new_building_from_pledge_form(self):
        with Form(
            self.env["crm.lead"].with_context(
                default_heat_is_pledge=True, default_type="opportunity"
            )
        ) as form:
            form.name = "Bookshop"
            form.heat_network_id = self.network
            form.heat_new_building_reference = "7.05"
            form.heat_new_building_name = "Bookshop"
            self.assertEqual(form.heat_offer_r1, 80.40)
        self.assertEqual(form.record.heat_building_id.reference, "7.05")

    def test_lost_pledge_declines_building(self):
        self.pledge.action_heat_sign_pledge()
        self.pledge.action_set_lost()
        self.assertEqual(self.building.state, "declined")

    def test_lost_pledge_with_another_open_pledge(self):
        self.env["crm.lead"].create(
            {
                "name": "Second try",
                "heat_is_pledge": True,
                "heat_network_id": self.network.id,
                "heat_building_id": self.building.id,
            }
        )
        self.pledge.action_set_lost()
        self.assertEqual(self.building.state, "prospect")

    def test_pledge_without_network_refused(self):
        with self.assertRefused("Orphan pledge.*no heat network"):
            self.env["crm.lead"].create(
                {"name": "Orphan pledge", "heat_is_pledge": True}
            )

    def test_pledge_without_building_refused(self):
        with self.assertRefused("Vague pledge.*no building"):
            self.env["crm.lead"].create(
                {
                    "name": "Vague pledge",
                    "heat_is_pledge": True,
                    "heat_network_id": self.network.id,
                }
            )

    def test_pledge_building_of_another_network_refused(self):
        other = self.env["heat.network"].create({"name": "Other", "code": "OTH"})
        with self.assertRefused("Town hall connection.*belongs to network"):
            self.pledge.heat_network_id = other

    def test_negative_figures_refused(self):
        with self.assertRefused("Town hall connection"):
            self.pledge.heat_requested_kw = -5
        with self.assertRefused("Town hall connection"):
            self.pledge.heat_estimated_mwh = -1
        with self.assertRefused("Town hall connection"):
            self.pledge.heat_current_quantity = 0

    def test_signing_needs_power_and_need(self):
        self.pledge.heat_requested_kw = 0
        with self.assertRefused("Requested power.*Town hall connection"):
            self.pledge.action_heat_sign_pledge()
        self.assertEqual(self.building.state, "prospect")

    def test_user_signs_pledges(self):
        user = self._create_user("heat_pledger", "heat_network.heat_network_group_user")
        self.pledge.user_id = user
        self.pledge.with_user(user).action_heat_sign_pledge()
        self.assertEqual(self.building.state, "pledged")

    def test_other_operator_cannot_see_pledge(self):
        other_user = self._create_user(
            "heat_other_pledger",
            "heat_network.heat_network_group_manager",
            self.other_company,
        )
        with self.assertRaises(AccessError):
            self.pledge.with_user(other_user).read(["name"])
        self.assertNotIn(
            self.pledge,
            self.env["crm.lead"]
            .with_user(other_user)
            .search([("heat_is_pledge", "=", True)]),
        )

    def test_smart_buttons(self):
        action = self.network.action_view_pledges()
        self.assertEqual(self.env["crm.lead"].search(action["domain"]), self.pledge)
        action = self.building.action_view_pledges()
        self.assertEqual(self.env["crm.lead"].search(action["domain"]), self.pledge)
        self.assertEqual(self.network.pledge_count, 1)
        action = self.pledge.action_heat_view_building()
        self.assertEqual(action["res_id"], self.building.id)
