# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data of a year of readings, generated so that the KPIs computed from them are
the La Chaise-Dieu study's (1,723 MWh delivered, 2,036 MWh produced, 680 t of wood).
The split per building, month and boiler is illustrative. Readings are dated at local
midnight (the network's time zone), as French telereading systems write them."""

import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from odoo import api, models

from ..domain.consumption import local_midnight

# share of the yearly heat of each month, October to September (sums to 1)
DEMO_MONTHS = [0.08, 0.12, 0.15, 0.16, 0.14, 0.12, 0.08, 0.04, 0.03, 0.02, 0.02, 0.04]
DEMO_BOILERS = [0.36, 0.33, 0.29, 0.02]  # wood 1, 2, 3, backup


def _month_starts(first):
    months = [first]
    for _index in range(12):
        current = months[-1]
        months.append(
            date(current.year + current.month // 12, current.month % 12 + 1, 1)
        )
    return months


def _demo_season(day):
    """Illustrative daily mean temperature at Le Puy-Loudes (833 m): about 1 °C in
    January and 17.5 °C in July."""
    return 9.2 - 8.3 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 20) / 365.25)


def _demo_tn_tx(day):
    """Illustrative Tn and Tx of a day: the season, spells of a few days, and a
    daily range of 10 °C."""
    ordinal = day.toordinal()
    mean = _demo_season(day) + 3.0 * math.sin(ordinal / 3.7) + 1.5 * math.sin(ordinal)
    return round(mean - 5.0, 1), round(mean + 5.0, 1)


def _split(total, shares):
    """Split ``total`` (integer Wh) by ``shares``; the last part takes the rest."""
    parts = [int(total * share) for share in shares[:-1]]
    return [*parts, total - sum(parts)]


class HeatNetwork(models.Model):
    _inherit = "heat.network"

    @api.model
    def _heat_demo_generate(
        self,
        network_id,
        first_month="2024-10-01",
        delivered_mwh=1723,
        produced_mwh=2036,
    ):
        network = self.browse(network_id).exists()
        if not network or network.substation_ids.reading_ids:
            return False
        first = date.fromisoformat(first_month)
        months = _month_starts(first)
        readings = self._heat_demo_substations(network, months, delivered_mwh)
        readings += self._heat_demo_plant(network, months, produced_mwh)
        self.env["heat.meter.reading"].create(readings)
        self._heat_demo_wood(network, months, produced_mwh)
        self._heat_demo_weather(network, months)
        self.env["heat.network.kpi"]._heat_refresh(
            network, months[0], months[-1] - timedelta(days=1)
        )
        return True

    def _heat_demo_substations(self, network, months, delivered_mwh):
        substations = network.substation_ids.filtered("installation_ids").sorted("code")
        needs = [max(s.building_id.estimated_need_mwh, 1.0) for s in substations]
        yearly = _split(
            int(delivered_mwh * 1_000_000), [need / sum(needs) for need in needs]
        )
        stamps = [local_midnight(m, network.tz) for m in months]
        vals = []
        for substation, wh in zip(substations, yearly, strict=True):
            installations = substation.installation_ids.sorted("date_start")
            curve = [(stamps[0], 0)]
            for stamp, consumed in zip(
                stamps[1:], _split(wh, DEMO_MONTHS), strict=True
            ):
                curve.append((stamp, curve[-1][1] + consumed))
            points = []  # (timestamp, cumulative Wh, meter)
            for stamp, cumulative in curve:
                day = stamp.date()
                current = installations.filtered(
                    lambda i, day=day: (
                        i.date_start <= day and (not i.date_end or day <= i.date_end)
                    )
                )[-1:]
                if current:
                    points.append((stamp, cumulative, current.meter_id))
            # a swap during the year: the old meter's last reading and the new meter's
            # first frame the swap, with the same cumulative energy
            for old, new in zip(installations, installations[1:], strict=False):
                swap = datetime.combine(old.date_end, time(7))
                if not stamps[0] < swap < stamps[-1]:
                    continue
                before = max(c for c in curve if c[0] <= swap)
                after = min(c for c in curve if c[0] > swap)
                ratio = (swap - before[0]) / (after[0] - before[0])
                cumulative = before[1] + round((after[1] - before[1]) * ratio)
                points.append((swap, cumulative, old.meter_id))
                points.append((swap + timedelta(hours=1), cumulative, new.meter_id))
            points.sort(key=lambda p: p[0])
            first = {}
            for number, (stamp, cumulative, meter) in enumerate(points):
                first.setdefault(meter.id, (1_000_000 * (number + 1), cumulative))
                offset_kwh, origin = first[meter.id]
                vals.append(
                    {
                        "meter_id": meter.id,
                        "timestamp": stamp,
                        "energy_kwh": offset_kwh + (cumulative - origin) / 1000,
                        "source": "bms",
                    }
                )
        return vals

    def _heat_demo_plant(self, network, months, produced_mwh):
        boilers = network.plant_ids.boiler_ids.sorted(
            lambda b: (b.role != "main", b.id)
        )
        if not boilers:
            return []
        shares = (
            DEMO_BOILERS if len(boilers) == 4 else [1 / len(boilers)] * len(boilers)
        )
        yearly = _split(int(produced_mwh * 1_000_000), shares)
        vals = []
        for boiler, wh in zip(boilers, yearly, strict=True):
            meter = self.env["heat.meter"].create(
                {
                    "serial_number": f"PROD-{network.code or network.id}-{boiler.id}",
                    "manufacturer": "Kamstrup",
                    "model": "MULTICAL 803",
                    "boiler_id": boiler.id,
                    "company_id": network.company_id.id,
                }
            )
            cumulative = 0
            stamps = [local_midnight(m, network.tz) for m in months]
            monthly = _split(wh, DEMO_MONTHS)
            for stamp, consumed in zip(stamps, [0, *monthly], strict=True):
                cumulative += consumed
                vals.append(
                    {
                        "meter_id": meter.id,
                        "timestamp": stamp,
                        "energy_kwh": 500_000 + cumulative / 1000,
                        "source": "bms",
                    }
                )
        return vals

    def _heat_demo_wood(self, network, months, produced_mwh, tonnes=680):
        supplier = self.env["res.partner"].create(
            {"name": "Bois Énergie du Livradois (demo)", "is_company": True}
        )
        monthly = _split(tonnes * 1000, DEMO_MONTHS)  # kilograms
        self.env["heat.wood.delivery"].create(
            [
                {
                    "network_id": network.id,
                    "date": month.replace(day=5),
                    "partner_id": supplier.id,
                    "fuel_type": "chips",
                    "tonnes": kg / 1000,
                    "moisture_pct": 30 if month.month in (10, 11, 12, 1, 2, 3) else 25,
                }
                for month, kg in zip(months, monthly, strict=False)
            ]
        )

    def _heat_demo_weather(self, network, months):
        """Daily Tn and Tx at the network's station over the demo year and the year
        before (the portal compares them), and the station's monthly normals."""
        station = network.weather_station_id
        if not station or station.day_ids:
            return
        first = months[0].replace(year=months[0].year - 1)
        days = [first + timedelta(days=n) for n in range((months[-1] - first).days)]
        self.env["heat.weather.day"].create(
            [
                dict(
                    zip(("tn", "tx"), _demo_tn_tx(day), strict=True),
                    station_id=station.id,
                    date=day,
                )
                for day in days
            ]
        )
        # the normals: the mean of thirty years of the same illustrative weather
        reference = date(1991, 1, 1)
        totals = defaultdict(float)
        for n in range((date(2021, 1, 1) - reference).days):
            day = reference + timedelta(days=n)
            totals[day.month] += max(0.0, 18.0 - sum(_demo_tn_tx(day)) / 2)
        self.env["heat.weather.normal"].create(
            [
                {
                    "station_id": station.id,
                    "month": str(month),
                    "dju": round(totals[month] / 30, 1),
                }
                for month in range(1, 13)
            ]
        )
