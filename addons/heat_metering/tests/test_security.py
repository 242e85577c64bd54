# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HeatMeteringCommon


@tagged("post_install", "-at_install")
class TestSecurity(HeatMeteringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._user("metering_user", "heat_metering.heat_metering_group_user")
        cls.manager = cls._user(
            "metering_manager", "heat_metering.heat_metering_group_manager"
        )
        cls.other_user = cls._user(
            "metering_other",
            "heat_metering.heat_metering_group_manager",
            company=cls.other_company,
        )
        cls.reading = cls._read(cls.meter, date(2024, 1, 1), 1000)

    def test_manager_implies_user(self):
        self.assertTrue(
            self.manager.has_group("heat_metering.heat_metering_group_user")
        )

    def test_user_reads_and_creates_but_cannot_delete(self):
        readings = self.Reading.with_user(self.user)
        self.assertEqual(
            readings.search([("meter_id", "=", self.meter.id)]), self.reading
        )
        readings.create(
            {"meter_id": self.meter.id, "timestamp": "2024-02-01", "energy_kwh": 1100}
        )
        with self.assertRaises(AccessError):
            self.reading.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            self.env["heat.meter.reading.import.profile"].with_user(self.user).create(
                {"name": "Mine"}
            )
        self.reading.with_user(self.manager).unlink()

    def test_import_needs_the_right_to_create_readings(self):
        sales = self._user("metering_sales", "base.group_user")
        with self.assertRaises(AccessError):
            self.env["heat.meter.reading.batch"].with_user(sales)._heat_import_file(
                b"compteur;date;index\nM-0001;01/03/2024 00:00;5\n", self.profile
            )
        batch = (
            self.env["heat.meter.reading.batch"]
            .with_user(self.user)
            ._heat_import_file(
                b"compteur;date;index\nM-0001;01/03/2024 00:00;5\n", self.profile
            )
        )
        self.assertEqual(batch.lines_imported, 1)

    def test_no_access_without_group(self):
        nobody = self.env["res.users"].create(
            {
                "name": "Nobody",
                "login": "nobody_metering",
                "groups_id": [Command.set([self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.Reading.with_user(nobody).search([])

    def test_other_company_sees_nothing(self):
        models = [
            "heat.meter.reading",
            "heat.meter.reading.batch",
            "heat.meter.reading.import.profile",
            "heat.weather.station",
            "heat.wood.delivery",
            "heat.network.kpi",
        ]
        self.env["heat.wood.delivery"].create(
            {"network_id": self.network.id, "tonnes": 20, "moisture_pct": 30}
        )
        for model in models:
            self.assertFalse(
                self.env[model].with_user(self.other_user).search([]), model
            )
        with self.assertRaises(AccessError):
            self.reading.with_user(self.other_user).read(["energy_kwh"])
        self.assertTrue(self.env["heat.wood.delivery"].with_user(self.user).search([]))
