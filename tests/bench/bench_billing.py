# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Benchmark fed to `odoo shell` by `make bench` (tools/suite.py bench): `env` exists.
# Bill BENCH_BILLING_COUNT subscriptions (default 5,000) for one month: create and post
# the invoices of a billing run; then let OCA `contract` (when installed) invoice the
# same customers with the same two lines, create and post. The customers, meters and
# readings are committed and analysed first, as a database in use has them (suite.py
# runs each benchmark in a copy of the database); each side is rolled back and the
# tables vacuumed, so that both start from the same state.
# The share of Odoo's posting (numbers, state, ranks) is printed apart; with
# BENCH_PROFILE=1 (e.g. BENCH_BILLING_COUNT=300) the run is profiled with cProfile and
# the functions that take the most time are printed (BENCH_PROFILE=<file>.prof also
# writes the profile to that file).
import cProfile  # noqa: I001
import os
import pstats
import sys
import time
from datetime import date

from odoo import Command

sys.path.insert(0, "tests/bench")  # suite.py runs the benchmarks from the root
from billing_setup import setup_billing, vacuum  # noqa: E402

COUNT = int(os.environ.get("BENCH_BILLING_COUNT", "5000"))
PROFILE = bool(os.environ.get("BENCH_PROFILE"))
env = env(  # noqa: F821
    context=dict(
        env.context,  # noqa: F821
        tracking_disable=True,
        mail_create_nolog=True,
        mail_notrack=True,
        mail_create_nosubscribe=True,
    )
)
network, partners = setup_billing(env, COUNT)
company = env.company


vacuum(env)

run = env["heat.billing.run"].create(
    {
        "network_id": network.id,
        "date_from": date(2025, 1, 1),
        "date_to": date(2025, 1, 31),
        "invoice_date": date(2025, 1, 31),
    }
)
# the creation of the run's invoices (their journal items computed with Odoo's tax
# engine, then Odoo's create, pending computations flushed) and Odoo's posting
# (chunk by chunk) measured apart: what any invoice made in Odoo costs
Run = type(run)
measured = {"create": {}, "post": {}}
originals = {"create": Run._heat_create_invoices, "post": Run._heat_post_invoices}


def _measure(step):
    method = originals[step]

    def wrapper(self, records):
        env.flush_all()
        queries, began = env.cr.sql_log_count, time.perf_counter()
        result = method(self, records)
        env.flush_all()
        figures = measured[step]
        figures["seconds"] = figures.get("seconds", 0) + time.perf_counter() - began
        figures["queries"] = figures.get("queries", 0) + env.cr.sql_log_count - queries
        return result

    return wrapper


Run._heat_create_invoices = _measure("create")
Run._heat_post_invoices = _measure("post")
env.invalidate_all()
queries = env.cr.sql_log_count
profile = cProfile.Profile() if PROFILE else None
began = time.perf_counter()
if profile:
    profile.enable()
run.action_compute()
env.flush_all()
computed = time.perf_counter() - began
if run.needs_post_confirmation:  # no plant metered: the renewable share is unknown
    run._heat_confirm_post("Benchmark")
run.action_post()
# a run this large posts in the background, a batch per cron call, each committed:
# here its batches are posted one after the other in this transaction (rolled back
# below); bench_background.py measures the cron workers themselves
while run.state == "posting" and run._heat_post_batch():
    pass
env.flush_all()
ours = time.perf_counter() - began
if profile:
    profile.disable()
our_queries = env.cr.sql_log_count - queries
Run._heat_create_invoices = originals["create"]
Run._heat_post_invoices = originals["post"]
assert len(run.move_ids) == COUNT and set(run.move_ids.mapped("state")) == {"posted"}
creating, posting = measured["create"], measured["post"]
print(
    f"heat_billing: {COUNT} invoices computed in {computed:.1f} s, created and posted "
    f"in {ours:.1f} s end to end ({COUNT / ours:.1f} invoices/s), "
    f"{our_queries / COUNT:.1f} queries per invoice; of which the invoices' creation "
    f"{creating['seconds']:.1f} s ({creating['queries'] / COUNT:.1f} queries per "
    f"invoice) and Odoo's posting {posting['seconds']:.1f} s "
    f"({posting['seconds'] * 1000 / COUNT:.1f} ms and "
    f"{posting['queries'] / COUNT:.1f} queries per invoice)"
)
if profile:
    if os.environ["BENCH_PROFILE"].endswith(".prof"):  # a file for pstats or snakeviz
        profile.dump_stats(os.environ["BENCH_PROFILE"])
    pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profile).sort_stats("tottime").print_stats(20)

env.cr.rollback()
vacuum(env)
if "contract.contract" in env:
    r1 = env.ref("heat_billing.product_heat_r1")
    r2 = env.ref("heat_billing.product_heat_r2")
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    began = time.perf_counter()
    contracts = env["contract.contract"].create(
        [
            {
                "name": f"Contrat {p.name}",
                "partner_id": p.id,
                "contract_type": "sale",
                "journal_id": journal.id,
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "date_start": date(2025, 1, 1),
                "recurring_next_date": date(2025, 1, 31),
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": product.name,
                            "quantity": 1,
                            "price_unit": price,
                            "uom_id": product.uom_id.id,
                            "date_start": date(2025, 1, 1),
                            "recurring_next_date": date(2025, 1, 31),
                        }
                    )
                    for product, price in ((r1, 700.0), (r2, 47.11))
                ],
            }
            for p in partners
        ]
    )
    env.flush_all()
    print(f"contract setup: {COUNT} contracts in {time.perf_counter() - began:.1f} s")
    env.invalidate_all()
    queries = env.cr.sql_log_count
    began = time.perf_counter()
    moves = contracts._recurring_create_invoice(date(2025, 1, 31))
    env.flush_all()
    created = time.perf_counter() - began
    moves.action_post()
    env.flush_all()
    theirs = time.perf_counter() - began
    their_queries = env.cr.sql_log_count - queries
    assert len(moves) == COUNT
    print(
        f"OCA contract: {COUNT} invoices created in {created:.1f} s, created and "
        f"posted in {theirs:.1f} s ({COUNT / theirs:.1f} invoices/s), "
        f"{their_queries / COUNT:.1f} queries per invoice"
    )
    print(f"ratio: heat_billing is {theirs / ours:.2f} times as fast as OCA contract")
    print(
        f"a ratio of 5 needs the whole run in {theirs / 5:.1f} s; creating and posting "
        f"its invoices in Odoo takes {creating['seconds'] + posting['seconds']:.1f} s"
    )
else:
    print(
        "OCA contract is not installed: no comparison (pip install odoo-addon-contract)"
    )
env.cr.rollback()
