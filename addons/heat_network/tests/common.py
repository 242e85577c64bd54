# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase


class HeatNetworkCommon(TransactionCase):
    """Builds a small network of its own: never relies on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other operator"})
        cls.category_commune = cls.env.ref("heat_network.building_category_commune")
        cls.category_house = cls.env.ref(
            "heat_network.building_category_residential_individual"
        )
        cls.network = cls.env["heat.network"].create(
            {
                "name": "Test network",
                "code": "TST",
                "commune": "La Chaise-Dieu",
                "segment_ids": [
                    Command.create({"name": "Main street", "length_m": 1000.0}),
                    Command.create({"name": "School lane", "length_m": 534.0}),
                ],
                "plant_ids": [
                    Command.create(
                        {
                            "name": "Plant",
                            "boiler_ids": [
                                Command.create(
                                    {"name": "Wood 1", "power_kw": 330, "role": "main"}
                                ),
                                Command.create(
                                    {
                                        "name": "Backup",
                                        "power_kw": 500,
                                        "role": "backup",
                                        "fuel": "heating_oil",
                                    }
                                ),
                            ],
                        }
                    )
                ],
            }
        )
        cls.owner = cls.env["res.partner"].create({"name": "Commune de Test"})
        cls.building = cls.env["heat.building"].create(
            {
                "network_id": cls.network.id,
                "reference": "1.01",
                "name": "Town hall",
                "category_id": cls.category_commune.id,
                "owner_id": cls.owner.id,
                "current_energy": "heating_oil",
                "current_quantity": 6000.0,
                "estimated_need_mwh": 60.0,
            }
        )
        cls.house = cls.env["heat.building"].create(
            {
                "network_id": cls.network.id,
                "reference": "6.01",
                "name": "House",
                "category_id": cls.category_house.id,
                "estimated_need_mwh": 17.0,
            }
        )
        cls.substation = cls.env["heat.substation"].create(
            {
                "code": "SST-101",
                "building_id": cls.building.id,
                "exchanger_power_kw": 60.0,
            }
        )
        cls.meter = cls.env["heat.meter"].create(
            {"serial_number": "M-0001", "manufacturer": "Kamstrup", "unit": "kwh"}
        )

    @contextmanager
    def assertRefused(self, pattern):
        """A ValidationError whose message matches ``pattern``; rolls back the attempt
        (``assertRaisesRegex`` would leave the failed record in the transaction)."""
        with self.assertRaises(ValidationError) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    @classmethod
    def _create_user(cls, login, group_xmlid, company=None):
        company = company or cls.company
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login,
                    "login": login,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [
                        Command.set(
                            [
                                cls.env.ref("base.group_user").id,
                                cls.env.ref(group_xmlid).id,
                            ]
                        )
                    ],
                }
            )
        )
