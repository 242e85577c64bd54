# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
import time
from datetime import date

from odoo.tests import new_test_user, tagged

from odoo.addons.heat_billing.tests.common import HeatBillingCommon
from odoo.addons.heat_operator.tests.common import HeatTourCase


@tagged("post_install", "-at_install")
class TestHeatPledgeForm(HeatTourCase, HeatBillingCommon):
    """The test network takes web pledges; heating oil has a reference price."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.network.heat_web_pledge = True
        cls.env["heat.energy.reference"].create(
            {
                "company_id": cls.company.id,
                "date_start": date(2024, 1, 1),
                "energy": "heating_oil",
                "unit": "litre",
                "price_ttc": 1.15,
                "vat_rate": 20,
                "useful_kwh_per_unit": 8.415,
                "routine_maintenance_ht": 100,
                "major_maintenance_ht": 50,
                "replacement_ttc": 5720,
            }
        )
        cls.category = cls.env["heat.building.category"].create(
            {"name": "Maison de test", "code": "maison_test"}
        )
        cls.closed_network = cls.env["heat.network"].create(
            {"name": "Réseau fermé", "code": "FERME", "company_id": cls.company.id}
        )

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param("heat_web_form.min_seconds", 0)

    def _form(self):
        page = self.url_open("/fr/heat/pledge").text
        return {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page)[1],
            "heat_token": re.search(r'name="heat_token" value="([^"]+)"', page)[1],
            "heat_consent": "1",
            "network": str(self.network.id),
            "name": "Jeanne Martin",
            "email": "jeanne.martin@example.fr",
            "phone": "04 71 00 00 00",
            "street": "3 rue de la Gare",
            "zip": "43160",
            "city": "La Chaise-Dieu",
            "category": str(self.category.id),
            "energy": "heating_oil",
            "quantity": "2 000",
            "area": "120",
        }

    def _send(self, **changes):
        data = dict(self._form(), **changes)
        return self.url_open("/fr/heat/pledge", data=data)

    def _pledges(self):
        return self.env["crm.lead"].search([("contact_name", "=", "Jeanne Martin")])

    def test_a_pledge_reaches_the_crm_with_its_comparison_and_consent(self):
        response = self._send()
        self.assertEqual(response.status_code, 200)
        lead = self._pledges()
        self.assertEqual(
            len(lead), 1, re.findall(r"alert-danger[^>]*>([^<]*)", response.text)
        )
        self.assertTrue(lead.heat_is_pledge)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(
            (lead.heat_network_id, lead.company_id, lead.heat_current_quantity),
            (self.network, self.company, 2000.0),
        )
        self.assertEqual(lead.heat_building_id.state, "prospect")
        self.assertEqual(lead.heat_building_id.category_id, self.category)
        self.assertEqual(
            lead.source_id, self.env.ref("heat_portal.utm_source_web_pledge")
        )
        self.assertTrue(lead.web_consent_date)
        self.assertIn(self.company.name, lead.web_consent_text)
        comparison = self.env["heat.cost.comparison"].search(
            [("lead_id", "=", lead.id)]
        )
        self.assertEqual(comparison.quantity, 2000.0)
        figures = comparison._report_values()
        # the page shows the back office's own figures, HT and TTC, and the years
        shown = {
            "heat_pledge_network_ttc": f"{figures['net_total_ttc']} €",
            "heat_pledge_current_ttc": f"{figures['cur_total_ttc']} €",
            "heat_pledge_network_ht": figures["net_total_ht"],
            "heat_pledge_current_ht": figures["cur_total_ht"],
            "heat_pledge_saving": f"{figures['saving']} € TTC",
            "heat_pledge_cumulated": f"{figures['projection'][19]['cumulated']} € TTC",
        }
        for html_id, figure in shown.items():
            self.assertRegex(
                response.text, rf'id="{html_id}"[^>]*>{re.escape(figure)}<'
            )

    def test_without_a_reference_price_the_pledge_is_kept_without_figures(self):
        # no reference price of natural gas: the comparison waits for the operator
        response = self._send(energy="natural_gas", quantity="15 000")
        lead = self._pledges()
        self.assertEqual(len(lead), 1)
        self.assertTrue(
            self.env["heat.cost.comparison"].search([("lead_id", "=", lead.id)])
        )
        self.assertIn("o_heat_pledge_sent", response.text)
        self.assertNotIn("heat_pledge_network_ttc", response.text)

    def test_two_pledges_at_one_address_are_two_pledges_of_one_building(self):
        self._send()
        response = self._send(name="Paul Roux", email="paul.roux@example.fr")
        self.assertIn("o_heat_pledge_sent", response.text)
        pledges = self.env["crm.lead"].search(
            [("contact_name", "in", ("Jeanne Martin", "Paul Roux"))]
        )
        self.assertEqual(len(pledges), 2)
        self.assertEqual(len(pledges.heat_building_id), 1)
        # the second visitor is told nothing of the first
        self.assertNotIn("Jeanne Martin", response.text)

    def test_each_wrong_field_is_told_and_nothing_is_recorded(self):
        wrong = {
            "name": "",
            "email": "jeanne.martin",
            "phone": "12 34",
            "street": " ",
            "zip": "4316",
            "city": "",
            "category": "999999",
            "energy": "coal",
            "quantity": "beaucoup",
            "area": "-3",
            # a network that takes no pledges, posted by hand
            "network": str(self.closed_network.id),
        }
        for field, value in wrong.items():
            with self.subTest(field):
                response = self._send(**{field: value})
                self.assertEqual(response.status_code, 200)
                self.assertIn("alert-danger", response.text)
                if field != "network":  # one network: chosen without a field
                    # the field is marked, the message names it, the values stay
                    self.assertRegex(
                        response.text, f'id="heat_pledge_{field}"[^>]*is-invalid'
                    )
                    self.assertRegex(response.text, r'invalid-feedback">[^<]+ ?: ')
                    kept = "43160" if field != "zip" else "La Chaise-Dieu"
                    self.assertIn(f'value="{kept}"', response.text)
        self.assertFalse(self._pledges())

    def test_a_form_without_a_valid_token_or_consent_records_nothing(self):
        for changes in ({"heat_token": "1700000000.forged"}, {"heat_consent": ""}):
            with self.subTest(changes):
                response = self._send(**changes)
                self.assertIn("alert-danger", response.text)
        self.assertFalse(self._pledges())

    def test_a_robot_posting_at_once_is_refused(self):
        self.env["ir.config_parameter"].set_param("heat_web_form.min_seconds", 3)
        started = time.time()
        response = self._send()
        self.assertLess(time.time() - started, 3)  # served and posted at once
        self.assertIn("recharger la page", response.text)
        self.assertFalse(self._pledges())

    def test_one_address_sends_a_limited_number_of_pledges(self):
        self.env["ir.config_parameter"].set_param("heat_web_form.hourly_limit", 1)
        self._send()
        response = self._send(name="Paul Martin")
        self.assertIn("Trop de formulaires", response.text)
        self.assertEqual(len(self._pledges()), 1)

    def test_the_form_shows_nothing_but_its_choices(self):
        page = self.url_open("/fr/heat/pledge").text
        self.assertIn("Maison de test", page)
        self.assertNotIn(self.closed_network.name, page)
        self.assertNotIn(self.partner.name, page)

    def test_the_pledge_goes_to_the_network_team_whose_leader_calls_back(self):
        leader = new_test_user(
            self.env,
            "chef_ventes",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        team = self.env["crm.team"].create(
            {
                "name": "Raccordements",
                "company_id": self.company.id,
                "user_id": leader.id,
            }
        )
        self.network.heat_web_pledge_team_id = team
        self._send()
        lead = self._pledges()
        self.assertEqual((lead.team_id, lead.user_id), (team, self.env["res.users"]))
        self.assertEqual(
            lead.activity_ids.mapped(
                lambda activity: (activity.user_id, activity.activity_type_id)
            ),
            [(leader, self.env.ref("mail.mail_activity_data_call"))],
        )

    def test_without_a_team_the_pledge_waits_unassigned(self):
        self._send()
        lead = self._pledges()
        self.assertFalse(lead.team_id or lead.user_id or lead.activity_ids)

    def test_a_prospect_fills_the_form_and_staff_find_the_opportunity(self):
        self.start_tour("/fr/heat/pledge", "heat_pledge_form", login=None)
        salesman = new_test_user(
            self.env,
            "vendeur",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        found = (
            self.env["crm.lead"]
            .with_user(salesman)
            .with_context(allowed_company_ids=self.company.ids)
            .search([("contact_name", "=", "Jeanne Martin")])
        )
        self.assertEqual(len(found), 1)
        self.assertTrue(found.heat_is_pledge)
        self.start_tour(
            "/odoo/action-crm.crm_lead_opportunities",
            "heat_pledge_crm",
            login="vendeur",
        )
        other = self._french_company("Autre opérateur CRM")
        outsider = new_test_user(
            self.env,
            "vendeur_autre",
            groups="sales_team.group_sale_salesman",
            company_id=other.id,
            company_ids=[other.id],
        )
        self.assertFalse(
            self.env["crm.lead"]
            .with_user(outsider)
            .with_context(allowed_company_ids=other.ids)
            .search([("contact_name", "=", "Jeanne Martin")])
        )
