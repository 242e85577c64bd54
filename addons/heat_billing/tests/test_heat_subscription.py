# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.heat_operator.tests.common import render_pdf

from .common import STUDY_TARIFF, HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatSubscription(HeatBillingCommon):
    def test_one_open_subscription_per_substation(self):
        with self.assertRaisesRegex(ValidationError, self.subscription.name):
            self.env["heat.subscription"].create(
                {
                    "substation_id": self.substation.id,
                    "partner_id": self.partner2.id,
                    "company_id": self.company.id,
                    "date_start": date(2025, 1, 1),
                }
            )

    def test_reference_from_sequence(self):
        self.assertTrue(self.subscription.name.startswith("ABO/"))

    def test_signed_pledge_becomes_a_subscription(self):
        self.subscription.action_close()
        building = self.substation.building_id
        lead = self.env["crm.lead"].create(
            {
                "name": "Pledge",
                "type": "opportunity",
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "heat_network_id": self.network.id,
                "heat_building_id": building.id,
                "heat_pledge_date": date(2025, 1, 10),
                "heat_requested_kw": 15.0,
                "heat_estimated_mwh": 60.0,
            }
        )
        self.subscription.date_end = date(2024, 12, 31)
        lead.action_heat_create_subscription()
        subscription = lead.heat_subscription_ids
        self.assertEqual(subscription.substation_id, self.substation)
        self.assertEqual(
            subscription.partner_id, building.subscriber_id or self.partner
        )
        with self.assertRaisesRegex(UserError, "exists already"):
            lead.action_heat_create_subscription()

    def test_unsigned_pledge_refused(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Not signed",
                "type": "opportunity",
                "company_id": self.company.id,
                "heat_network_id": self.network.id,
                "heat_building_id": self.substation.building_id.id,
            }
        )
        with self.assertRaisesRegex(UserError, "not signed"):
            lead.action_heat_create_subscription()

    def test_other_operator_sees_nothing(self):
        other = self._french_company("Other operator")
        user = self.env["res.users"].create(
            {
                "name": "Other billing user",
                "login": "other_billing_user",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
                "groups_id": [
                    Command.set(
                        [self.env.ref("heat_billing.heat_billing_group_manager").id]
                    )
                ],
            }
        )
        as_other = self.env(user=user, context={"allowed_company_ids": other.ids})
        self.assertFalse(as_other["heat.subscription"].search([]))
        with self.assertRaises(AccessError):
            self.subscription.with_env(as_other).read(["name"])

    def test_user_cannot_change_tariffs(self):
        user = self.env["res.users"].create(
            {
                "name": "Billing user",
                "login": "billing_user",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [
                    Command.set(
                        [self.env.ref("heat_billing.heat_billing_group_user").id]
                    )
                ],
            }
        )
        self.assertTrue(self.tariff.with_user(user).r1)
        with self.assertRaises(AccessError):
            self.tariff.with_user(user).r1 = 1.0
        with self.assertRaises(AccessError):
            self.env["heat.billing.run"].with_user(user).create(
                {
                    "network_id": self.network.id,
                    "company_id": self.company.id,
                    "date_from": date(2025, 1, 1),
                    "date_to": date(2025, 1, 31),
                }
            )

    def test_the_subscription_conditions_print_with_the_tariff_in_force(self):
        """The subscription's PDF names the subscriber, the sub-station and the
        power, and gives the prices of the version in force, not an older one."""
        self.env["heat.tariff"].create(
            {
                "network_id": self.network.id,
                "company_id": self.company.id,
                **STUDY_TARIFF,
                "date_start": date(2025, 7, 1),
                "r1": 84.12,
                "tax_id": self.tax.id,
            }
        )
        self.assertEqual(
            self.subscription._heat_tariffs().mapped("date_start"),
            [date(2024, 1, 1), date(2025, 7, 1)],
        )
        text = render_pdf(
            self.env, "heat_billing.heat_subscription_report", self.subscription.ids
        )
        self.assertIn(f"Abonnement chaleur {self.subscription.name}", text)
        self.assertIn("Mairie de test", text)
        self.assertIn("15,0 kW", text)
        self.assertIn("84,1200", text)
        self.assertNotIn("80,4000", text)

    def test_a_closed_subscription_gives_the_tariffs_of_its_own_dates(self):
        self.subscription.write({"date_end": date(2024, 12, 31)})
        self.env["heat.tariff"].create(
            {
                "network_id": self.network.id,
                "company_id": self.company.id,
                **STUDY_TARIFF,
                "date_start": date(2025, 7, 1),
                "tax_id": self.tax.id,
            }
        )
        self.assertEqual(self.subscription._heat_tariffs(), self.tariff)

    def test_the_subscriber_is_told_of_a_power_decision(self):
        self.partner.write({"email": "mairie@example.org", "lang": "fr_FR"})
        self.env["res.lang"]._activate_lang("fr_FR")
        requests = self.env["heat.substation.power"].create(
            [
                {
                    "substation_id": self.substation.id,
                    "date_start": date(2030, 1, 1),
                    "request_date": date(2025, 1, 1),
                    "power_kw": 12.0,
                    "reason": "renovation",
                    "decision": "pending",
                },
                {
                    "substation_id": self.substation.id,
                    "date_start": date(2033, 1, 1),
                    "request_date": date(2025, 1, 1),
                    "power_kw": 9.0,
                    "reason": "renovation",
                    "decision": "pending",
                },
            ]
        )
        requests[0].action_accept()
        requests[1]._heat_refuse("Aucun travaux d'économie d'énergie constatés.")
        told = self.subscription.message_ids.filtered(
            lambda m: self.partner in m.partner_ids
        )
        self.assertEqual(len(told), 2)
        self.assertIn("12,0 kW à partir du 01/01/2030 est acceptée", told[1].body)
        self.assertIn("est refusée : Aucun travaux", told[0].body)
