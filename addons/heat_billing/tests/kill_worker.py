# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A cron worker to be killed, for ``test_heat_billing_background``: it runs the job
of the background posting with Odoo's own cron code (``_acquire_one_job``,
``_process_job``), by batches of two subscriptions. In its second batch, once the
invoices are posted and before the commit, it writes their ids to ``MARKER`` and
waits for its SIGKILL.

    python kill_worker.py MARKER CRON_ID ODOO_OPTIONS...
"""

import sys
import threading
import time
from pathlib import Path

from odoo.modules.registry import Registry
from odoo.tools import config


def main(marker, cron_id, *options):
    config.parse_config(list(options))
    registry = Registry(config["db_name"])
    threading.current_thread().dbname = registry.db_name
    run_class = registry["heat.billing.run"]
    # the module of the background posting, as loaded by the registry
    sys.modules[run_class._heat_post_step.__module__].INVOICE_CHUNK = 2
    post = run_class._heat_post_invoices
    batches = []

    def post_then_wait(self, moves):
        post(self, moves)
        batches.append(moves.ids)
        if len(batches) == 2:
            self.env.flush_all()
            Path(marker).write_text(" ".join(map(str, moves.ids)))
            time.sleep(600)

    run_class._heat_post_invoices = post_then_wait
    cron = registry["ir.cron"]
    with registry.cursor() as cron_cr:
        job = cron._acquire_one_job(cron_cr, int(cron_id))
        if not job:
            sys.exit(f"the cron {cron_id} is not ready")
        cron._process_job(registry.db_name, cron_cr, job)
    sys.exit("the worker was not killed")


if __name__ == "__main__":
    main(*sys.argv[1:])
