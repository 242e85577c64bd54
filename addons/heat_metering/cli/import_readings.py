# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``odoo heat_import_readings``: import a large readings file from the command line.

    python3 -m odoo --addons-path=ADDONS heat_import_readings -c odoo.conf \
        --addons-path=ADDONS -d DB --profile "Profile name" --file readings.csv

Shows a progress bar while the chunks are imported and prints the batch report.
The batch is atomic: a failing file leaves nothing written. A bad line is a line of
the report, a bad file a failed batch with its reason: the command exits with 1 and
the report, never a traceback.
"""

import argparse
import sys
import time

from odoo.cli.command import Command


def progress_bar(total_bytes):
    started = time.time()

    def show(counts):
        done = counts["read"]
        rate = done / max(time.time() - started, 1e-6)
        width = 30
        ratio = min(1.0, done / total_bytes) if total_bytes else 1.0
        bar = "#" * int(ratio * width)
        sys.stderr.write(
            f"\r[{bar:<{width}}] {done:>10,} lines {rate:>9,.0f} lines/s "
            f"imported {counts['imported']:,} rejected {counts['rejected']:,}"
        )
        sys.stderr.flush()

    return show


class HeatImportReadings(Command):
    """Import a meter readings file (CSV, XLSX, M-Bus frames) through a profile"""

    name = "heat_import_readings"

    def run(self, cmdargs):
        import odoo
        from odoo.tools import config

        parser = argparse.ArgumentParser(prog="odoo heat_import_readings")
        parser.add_argument("--profile", required=True, help="import profile name")
        parser.add_argument("--file", required=True, help="file to import")
        args, odoo_args = parser.parse_known_args(cmdargs)
        config.parse_config(odoo_args, setup_logging=True)
        dbname = config["db_name"]
        if not dbname:
            sys.exit("error: give the database with -d")
        try:
            with open(args.file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            sys.exit(f"error: cannot read {args.file}: {exc.strerror}")
        registry = odoo.modules.registry.Registry(dbname)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            profile = env["heat.meter.reading.import.profile"].search(
                [("name", "=", args.profile)], limit=1
            )
            if not profile:
                sys.exit(f"error: no import profile named {args.profile!r}")
            lines = max(1, data.count(b"\n") - profile.header_lines)
            batch = (
                env["heat.meter.reading.batch"]
                .with_company(profile.company_id)
                ._heat_import_file(
                    data,
                    profile,
                    file_name=args.file.rsplit("/", 1)[-1],
                    progress=progress_bar(lines),
                )
            )
            sys.stderr.write("\n")
            sys.stdout.write(batch._report_text() + "\n")
            failed = batch.state != "done"
        sys.exit(1 if failed else 0)
