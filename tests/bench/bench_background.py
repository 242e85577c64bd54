# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Benchmark fed to `odoo shell` by `make bench` (tools/suite.py bench): `env` exists.
# A billing run of BENCH_BILLING_COUNT subscriptions (default 5,000) posted in the
# background (ADR 0043) by the cron workers of an Odoo server started here on the same
# database (multi-processing, no HTTP: the job service of docker/compose.yaml), with 1
# cron worker, then with 2: the time from the click (the run marked being posted,
# committed) to the run posted, batch after batch, each committed. Between the two,
# the invoices are deleted in SQL and the run is a preview again; the tables are
# vacuumed and analysed.
import os  # noqa: I001
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import odoo
from odoo.tools import SQL, config

sys.path.insert(0, "tests/bench")  # suite.py runs the benchmarks from the root
from billing_setup import january_preview, setup_billing, vacuum  # noqa: E402

COUNT = int(os.environ.get("BENCH_BILLING_COUNT", "5000"))
env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
network, _partners = setup_billing(env, COUNT)
run = january_preview(env, network, "Benchmark")
vacuum(env)


def _server(cron_workers):
    """An Odoo server of ``cron_workers`` cron worker processes on this database, as
    the job service of docker/compose.yaml (``--no-http``); return it once its
    workers are alive and one has called the posting cron."""
    log = Path(".test-logs", f"bench-background-{cron_workers}.log")
    log.unlink(missing_ok=True)
    options = [
        f"--addons-path={config['addons_path']}",
        f"--data-dir={config['data_dir']}",
        f"--database={env.cr.dbname}",
        "--no-http",
        "--workers=2",
        f"--max-cron-threads={cron_workers}",
        f"--logfile={log}",
    ]
    for key in ("db_host", "db_port", "db_user", "db_password"):
        if config[key]:
            options.append(f"--{key}={config[key]}")
    launcher = Path(odoo.__file__).parent.parent / "odoo-bin"
    launcher = [str(launcher)] if launcher.exists() else [shutil.which("odoo")]
    server = subprocess.Popen([sys.executable, *launcher, "-c", "odoo.conf", *options])
    deadline = time.monotonic() + 120
    while not (log.exists() and log.read_text().count(" alive") >= cron_workers):
        assert server.poll() is None, "the server stopped"
        assert time.monotonic() < deadline, "the cron workers did not start"
        time.sleep(0.5)
    # a first call of the posting cron, nothing to post: a worker loads the registry
    env.ref("heat_billing.ir_cron_heat_billing_post")._trigger()
    env.cr.commit()
    while "Job 'Heat billing" not in log.read_text():
        assert time.monotonic() < deadline, "the cron workers did not answer"
        time.sleep(0.5)
    return server


def _state():
    with env.registry.cursor() as cr:
        cr.execute(
            SQL(
                "SELECT r.state, count(l.move_id) FROM heat_billing_run r "
                "JOIN heat_billing_run_line l ON l.run_id = r.id "
                "WHERE r.id = %s GROUP BY r.state",
                run.id,
            )
        )
        return cr.fetchone()


def _reset():
    """The run a preview again: its invoices deleted, its readings unlocked."""
    env.cr.execute(
        SQL(
            """
            DELETE FROM account_move WHERE heat_billing_run_id = %(run)s;
            UPDATE heat_billing_run_line SET move_id = NULL WHERE run_id = %(run)s;
            UPDATE heat_meter_reading SET is_locked = FALSE WHERE is_locked;
            UPDATE heat_billing_run SET state = 'computed' WHERE id = %(run)s;
            """,
            run=run.id,
        )
    )
    vacuum(env)


timings = {}
for cron_workers in (1, 2):
    server = _server(cron_workers)
    try:
        env.invalidate_all()
        began = time.perf_counter()
        env["heat.billing.run"].browse(run.id).action_post()
        env.cr.commit()
        while (state := _state())[0] == "posting":
            time.sleep(0.5)
        timings[cron_workers] = time.perf_counter() - began
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    assert state == ("posted", COUNT), state
    print(
        f"background, {cron_workers} cron worker(s): {COUNT} invoices posted in "
        f"{timings[cron_workers]:.1f} s ({COUNT / timings[cron_workers]:.1f} "
        "invoices/s)"
    )
    _reset()
print(
    f"background: 2 cron workers post one run {timings[1] / timings[2]:.2f} times "
    "as fast as 1"
)
