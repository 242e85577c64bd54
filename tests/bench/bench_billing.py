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
import time
from datetime import date

from odoo import Command
from odoo.tools import SQL

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
company = env.company
category = env["heat.building.category"].search([], limit=1)
tax = env["account.chart.template"].ref("tva_reduite")
tax.active = True
began = time.perf_counter()
network = env["heat.network"].create({"name": "Bench billing", "code": "BENCH-BILL"})
env["heat.tariff"].create(
    {
        "network_id": network.id,
        "date_start": date(2024, 1, 1),
        "r1": 80.40,
        "r21": 3.0,
        "r22": 10.0,
        "r23": 5.0,
        "r24": 19.69,
        "tax_id": tax.id,
    }
)
partners = env["res.partner"].create(
    [{"name": f"Abonné {n}", "lang": "fr_FR"} for n in range(COUNT)]
)
buildings = env["heat.building"].create(
    [
        {
            "network_id": network.id,
            "reference": f"B{n}",
            "name": f"B{n}",
            "category_id": category.id,
            "owner_id": p.id,
        }
        for n, p in enumerate(partners)
    ]
)
substations = env["heat.substation"].create(
    [
        {
            "code": f"BILL-{n}",
            "building_id": b.id,
            "exchanger_power_kw": 50,
            "power_ids": [
                Command.create(
                    {
                        "date_start": date(2024, 1, 1),
                        "power_kw": 15,
                        "decision": "accepted",
                    }
                )
            ],
        }
        for n, b in enumerate(buildings)
    ]
)
meters = env["heat.meter"].create(
    [{"serial_number": f"BILL{n:05d}"} for n in range(COUNT)]
)
env["heat.meter.installation"].create(
    [
        {"meter_id": m.id, "substation_id": s.id, "date_start": date(2024, 1, 1)}
        for m, s in zip(meters, substations, strict=True)
    ]
)
env.flush_all()
env.cr.execute(
    SQL(
        """
        INSERT INTO heat_meter_reading (meter_id, substation_id, company_id,
               timestamp, energy_kwh, source, state, is_estimate, is_locked)
        SELECT i.meter_id, i.substation_id, %(company)s, d,
               CASE WHEN d = '2025-01-01' THEN 1000 ELSE 1000 + 8000 + i.id END,
               'bms', 'valid', FALSE, FALSE
          FROM heat_meter_installation i,
               (VALUES ('2025-01-01'::timestamp), ('2025-02-01'::timestamp)) v(d)
         WHERE i.substation_id = ANY(%(subs)s)
        """,
        company=company.id,
        subs=substations.ids,
    )
)
subscriptions = env["heat.subscription"].create(
    [
        {
            "substation_id": s.id,
            "partner_id": p.id,
            "date_start": date(2024, 1, 1),
            "state": "active",
        }
        for s, p in zip(substations, partners, strict=True)
    ]
)
env.flush_all()
print(f"setup: {COUNT} subscriptions in {time.perf_counter() - began:.1f} s")


def _vacuum():
    """Commit, then vacuum and analyse the database: the state of a database in use
    (statistics known, no dead rows), the same for both sides."""
    env.cr.commit()
    with env.registry.cursor() as cr:
        cr.connection.autocommit = True
        cr.execute("VACUUM ANALYZE")


_vacuum()

run = env["heat.billing.run"].create(
    {
        "network_id": network.id,
        "date_from": date(2025, 1, 1),
        "date_to": date(2025, 1, 31),
        "invoice_date": date(2025, 1, 31),
    }
)
# Odoo's posting of the run's invoices (chunk by chunk), measured apart (the pending
# computations of the new invoices flushed first, not counted as posting)
Run = type(run)
post_invoices = Run._heat_post_invoices
posting = {}


def _measured_post(self, moves):
    env.flush_all()
    queries, began = env.cr.sql_log_count, time.perf_counter()
    result = post_invoices(self, moves)
    env.flush_all()
    posting["seconds"] = posting.get("seconds", 0) + time.perf_counter() - began
    posting["queries"] = posting.get("queries", 0) + env.cr.sql_log_count - queries
    return result


Run._heat_post_invoices = _measured_post
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
env.flush_all()
ours = time.perf_counter() - began
if profile:
    profile.disable()
our_queries = env.cr.sql_log_count - queries
Run._heat_post_invoices = post_invoices
assert len(run.move_ids) == COUNT and set(run.move_ids.mapped("state")) == {"posted"}
print(
    f"heat_billing: {COUNT} invoices computed in {computed:.1f} s, created and posted "
    f"in {ours:.1f} s end to end ({COUNT / ours:.1f} invoices/s), "
    f"{our_queries / COUNT:.1f} queries per invoice; of which Odoo's posting "
    f"{posting['seconds']:.1f} s ({posting['seconds'] * 1000 / COUNT:.1f} ms and "
    f"{posting['queries'] / COUNT:.1f} queries per invoice)"
)
if profile:
    if os.environ["BENCH_PROFILE"].endswith(".prof"):  # a file for pstats or snakeviz
        profile.dump_stats(os.environ["BENCH_PROFILE"])
    pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profile).sort_stats("tottime").print_stats(20)

env.cr.rollback()
_vacuum()
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
else:
    print(
        "OCA contract is not installed: no comparison (pip install odoo-addon-contract)"
    )
env.cr.rollback()
