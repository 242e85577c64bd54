# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from pathlib import Path

from odoo import Command
from odoo.tests import TransactionCase

DATA = Path(__file__).resolve().parent / "data"


class HeatMeteringCommon(TransactionCase):
    """A small network of its own (never demo data): two sub-stations with meters, a
    wood boiler and a backup boiler with plant meters, a weather station."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other operator"})
        cls.station = cls.env["heat.weather.station"].create(
            {"name": "Test station", "code": "99999001"}
        )
        cls.network = cls.env["heat.network"].create(
            {
                "name": "Metering test network",
                "code": "MTN",
                "weather_station_id": cls.station.id,
                "heat_proration": "linear",
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
        cls.wood_boiler, cls.backup_boiler = cls.network.plant_ids.boiler_ids.sorted(
            "id"
        )
        category = cls.env["heat.building.category"].search([], limit=1)
        cls.building = cls.env["heat.building"].create(
            {
                "network_id": cls.network.id,
                "reference": "1.01",
                "name": "Town hall",
                "category_id": category.id,
                "estimated_need_mwh": 60.0,
            }
        )
        cls.building2 = cls.env["heat.building"].create(
            {
                "network_id": cls.network.id,
                "reference": "1.02",
                "name": "School",
                "category_id": category.id,
                "estimated_need_mwh": 80.0,
            }
        )
        cls.substation = cls.env["heat.substation"].create(
            {"code": "SST-1", "building_id": cls.building.id, "exchanger_power_kw": 60}
        )
        cls.substation2 = cls.env["heat.substation"].create(
            {"code": "SST-2", "building_id": cls.building2.id, "exchanger_power_kw": 80}
        )
        cls.meter = cls._meter("M-0001", cls.substation, date(2020, 1, 1))
        cls.meter2 = cls._meter("M-0002", cls.substation2, date(2020, 1, 1))
        cls.wood_meter = cls.env["heat.meter"].create(
            {"serial_number": "P-WOOD", "boiler_id": cls.wood_boiler.id}
        )
        cls.backup_meter = cls.env["heat.meter"].create(
            {"serial_number": "P-BACKUP", "boiler_id": cls.backup_boiler.id}
        )
        cls.Reading = cls.env["heat.meter.reading"]
        cls.profile = cls.env["heat.meter.reading.import.profile"].create(
            {"name": "GTC CSV"}
        )

    @classmethod
    def _meter(cls, serial, substation, start, end=False, **extra):
        return cls.env["heat.meter"].create(
            {
                "serial_number": serial,
                "installation_ids": [
                    Command.create(
                        {
                            "substation_id": substation.id,
                            "date_start": start,
                            "date_end": end,
                        }
                    )
                ],
                **extra,
            }
        )

    @classmethod
    def _read(cls, meter, stamp, kwh, **extra):
        if isinstance(stamp, date) and not isinstance(stamp, datetime):
            stamp = datetime(stamp.year, stamp.month, stamp.day)
        return cls.env["heat.meter.reading"].create(
            {"meter_id": meter.id, "timestamp": stamp, "energy_kwh": kwh, **extra}
        )

    @classmethod
    def _weather(cls, date_from, date_to, tn=0.0, tx=10.0):
        """Constant temperatures: 13 DJU a day with the defaults."""
        days = []
        current = date_from
        while current <= date_to:
            days.append(
                {"station_id": cls.station.id, "date": current, "tn": tn, "tx": tx}
            )
            current = date.fromordinal(current.toordinal() + 1)
        return cls.env["heat.weather.day"].create(days)

    @classmethod
    def _user(cls, login, group, company=None):
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
                            [cls.env.ref("base.group_user").id, cls.env.ref(group).id]
                        )
                    ],
                }
            )
        )
