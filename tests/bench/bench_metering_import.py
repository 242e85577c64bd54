# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Benchmark fed to `odoo shell` by `make bench` (tools/suite.py bench): `env` exists.
# Imports 1,007,400 hourly readings (115 sub-stations for a year) from one French CSV
# file through an import profile, end to end, and compares with a plain PostgreSQL COPY
# of the same file into a table of text columns, measured in the same run.
# Everything is rolled back and the file removed at the end.
import io  # noqa: I001
import os
import tempfile
import time
from datetime import date, datetime, timedelta

from odoo import Command

METERS, HOURS = 115, 24 * 366
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
company = env.company
category = env["heat.building.category"].search([], limit=1)
network = env["heat.network"].create({"name": "Bench network", "code": "BENCH-IMP"})
buildings = env["heat.building"].create(
    [
        {
            "network_id": network.id,
            "reference": f"B{n}",
            "name": f"B{n}",
            "category_id": category.id,
        }
        for n in range(METERS)
    ]
)
substations = env["heat.substation"].create(
    [
        {"code": f"BENCH-{n}", "building_id": b.id, "exchanger_power_kw": 50}
        for n, b in enumerate(buildings)
    ]
)
meters = env["heat.meter"].create(
    [
        {
            "serial_number": f"BENCH{n:05d}",
            "installation_ids": [
                Command.create({"substation_id": s.id, "date_start": date(2023, 1, 1)})
            ],
        }
        for n, s in enumerate(substations)
    ]
)
profile = env["heat.meter.reading.import.profile"].create({"name": "Bench CSV"})
env.flush_all()
start = datetime(2024, 1, 1)
stamps = [(start + timedelta(hours=h)).strftime("%d/%m/%Y %H:%M") for h in range(HOURS)]
buffer = io.StringIO()
buffer.write("compteur;date;index\n")
for n in range(METERS):
    serial = f"BENCH{n:05d}"
    buffer.write(
        "".join(
            f"{serial};{stamp};{h * 7 + n},{n % 1000:03d}\n"
            for h, stamp in enumerate(stamps)
        )
    )

handle, path = tempfile.mkstemp(suffix=".csv")
os.write(handle, buffer.getvalue().encode())
os.close(handle)
del buffer
lines = METERS * HOURS
cr = env.cr
cr.execute("CREATE TEMP TABLE bench_copy (meter text, ts text, idx text)")
began = time.perf_counter()
with open(path) as source:
    cr._obj.copy_expert(
        "COPY bench_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)",
        source,
    )

copy_seconds = time.perf_counter() - began
cr.execute("DROP TABLE bench_copy")
began = time.perf_counter()


def progress(counts):
    elapsed = time.perf_counter() - began
    print(f"  {counts['read']:>9,} lines read after {elapsed:6.2f} s", flush=True)


with open(path, "rb") as source:
    batch = env["heat.meter.reading.batch"]._heat_import_file(
        source.read(), profile, file_name="bench.csv", progress=progress
    )

import_seconds = time.perf_counter() - began
print(f"lines in file              : {lines:,}")
print(f"batch state                : {batch.state} {batch.error or ''}")
print(f"readings imported          : {batch.lines_imported:,}")
print(f"rejected, duplicates       : {batch.lines_rejected}, {batch.lines_duplicate}")
print(f"plain PostgreSQL COPY      : {copy_seconds:6.2f} s")
rate = lines / import_seconds
print(f"heat_metering import       : {import_seconds:6.2f} s ({rate:,.0f} lines/s)")
print(
    f"ratio import / COPY        : {import_seconds / copy_seconds:6.2f} x (goal <= 5x)"
)
print(f"within 30 s                : {'yes' if import_seconds <= 30 else 'NO'}")
# the floor of any import into this table: the same rows, already typed, copied into
# a table with the readings' indexes (then also the meter's foreign key); a plain
# table, as a temporary one cannot reference heat_meter (all rolled back at the end)
typed = io.StringIO()
# the rows as the import writes them, its batch and line included (one more index)
columns = (
    "meter_id, substation_id, company_id, timestamp, energy_kwh, volume_m3, "
    "flow_temperature, return_temperature, power_kw, source, state, is_estimate, "
    "is_locked, batch_id, import_line, create_date, write_date"
)
cr._obj.copy_expert(
    f"COPY (SELECT {columns} FROM heat_meter_reading WHERE batch_id = {batch.id}) "
    "TO STDOUT",
    typed,
)
for label, foreign_key in (("indexes", ""), ("indexes + meter FK", "meter")):
    cr.execute("CREATE TABLE bench_floor (LIKE heat_meter_reading INCLUDING ALL)")
    if foreign_key:
        cr.execute(
            "ALTER TABLE bench_floor ADD FOREIGN KEY (meter_id) REFERENCES heat_meter"
        )
    typed.seek(0)
    began = time.perf_counter()
    cr._obj.copy_expert(f"COPY bench_floor ({columns}) FROM STDIN", typed)
    seconds = time.perf_counter() - began
    cr.execute("DROP TABLE bench_floor")
    print(
        f"floor: typed rows, {label:<18}: {seconds:6.2f} s "
        f"({seconds / copy_seconds:5.1f} x COPY)"
    )
print(f"ratio import / floor      : {import_seconds / seconds:6.2f} x (goal <= 1.5 x)")
began = time.perf_counter()
with open(path, "rb") as source:
    again = env["heat.meter.reading.batch"]._heat_import_file(
        source.read(), profile, file_name="bench.csv"
    )

seconds = time.perf_counter() - began
print(f"re-import (all duplicates) : {seconds:6.2f} s, {again.lines_imported} new")
os.remove(path)
env.cr.rollback()
print("cleaned up: transaction rolled back, file removed")
