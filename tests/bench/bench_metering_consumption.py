# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Benchmark fed to `odoo shell` by `make bench` (tools/suite.py bench): `env` exists.
# Monthly consumption of every sub-station of a 5,000-sub-station network holding a
# year of daily readings (1.83 million readings), in a constant number of queries.
# Everything is rolled back at the end.
import time  # noqa: I001
from datetime import date

from odoo.tools import SQL

COUNT = 5000
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
company = env.company
category = env["heat.building.category"].search([], limit=1)
began = time.perf_counter()
network = env["heat.network"].create(
    {"name": "Bench network 5000", "code": "BENCH-5000"}
)
buildings = env["heat.building"].create(
    [
        {
            "network_id": network.id,
            "reference": f"C{n}",
            "name": f"C{n}",
            "category_id": category.id,
        }
        for n in range(COUNT)
    ]
)
substations = env["heat.substation"].create(
    [
        {"code": f"BENCH5K-{n}", "building_id": b.id, "exchanger_power_kw": 50}
        for n, b in enumerate(buildings)
    ]
)
meters = env["heat.meter"].create(
    [{"serial_number": f"BENCH5K{n:05d}"} for n in range(COUNT)]
)
env["heat.meter.installation"].create(
    [
        {"meter_id": m.id, "substation_id": s.id, "date_start": date(2023, 1, 1)}
        for m, s in zip(meters, substations, strict=True)
    ]
)
env.flush_all()
env.cr.execute(
    SQL(
        """
        INSERT INTO heat_meter_reading (meter_id, substation_id, company_id,
               timestamp, energy_kwh, source, state, is_estimate, is_locked)
        SELECT i.meter_id, i.substation_id, %(company)s,
               d,
               round((extract(doy FROM d) * (100 + mod(i.substation_id, 50)))::numeric,
                     3),
               'bms', 'valid', FALSE, FALSE
          FROM heat_meter_installation i,
               generate_series('2024-01-01'::timestamp, '2024-12-31',
                               interval '1 day') d
         WHERE i.substation_id = ANY(%(subs)s)
        """,
        company=company.id,
        subs=substations.ids,
    )
)
env.cr.execute("ANALYZE heat_meter_reading")
print(f"setup: {COUNT} sub-stations in {time.perf_counter() - began:.1f} s")
env.cr.execute(
    "SELECT count(*) FROM heat_meter_reading WHERE substation_id = ANY(%s)",
    [substations.ids],
)
print(f"readings: {env.cr.fetchone()[0]:,}")
for month_start, month_end in (
    (date(2024, 3, 1), date(2024, 3, 31)),
    (date(2024, 11, 1), date(2024, 11, 30)),
):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    began = time.perf_counter()
    result = substations._heat_consumption(month_start, month_end)
    seconds = time.perf_counter() - began
    total = sum(v["kwh"] for v in result.values())
    queries = env.cr.sql_log_count - queries
    verdict = "within" if seconds < 1 else "ABOVE"
    print(f"month {month_start:%Y-%m}, {len(result)} sub-stations: {seconds:.2f} s")
    print(f"  {queries} queries, {total / 1000:,.1f} MWh, {verdict} the 1 s goal")

env.cr.rollback()
print("cleaned up: transaction rolled back")
