# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the billing benchmarks bill: ``count`` customers with a building, a
sub-station of 15 kW, a meter read on 1 January and 1 February 2025 and an active
subscription, on a network with the study's tariff; committed and analysed as a
database in use has them."""

import time
from datetime import date

from odoo import Command
from odoo.tools import SQL


def setup_billing(env, count):
    """Create the network and its ``count`` subscriptions; return the network and
    the customers."""
    company = env.company
    category = env["heat.building.category"].search([], limit=1)
    tax = env["account.chart.template"].ref("tva_reduite")
    tax.active = True
    began = time.perf_counter()
    network = env["heat.network"].create(
        {"name": "Bench billing", "code": "BENCH-BILL"}
    )
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
        [{"name": f"Abonné {n}", "lang": "fr_FR"} for n in range(count)]
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
        [{"serial_number": f"BILL{n:05d}"} for n in range(count)]
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
    env["heat.subscription"].create(
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
    print(f"setup: {count} subscriptions in {time.perf_counter() - began:.1f} s")
    return network, partners


def vacuum(env):
    """Commit, then vacuum and analyse the database: the state of a database in use
    (statistics known, no dead rows), the same for both sides."""
    env.cr.commit()
    with env.registry.cursor() as cr:
        cr.connection.autocommit = True
        cr.execute("VACUUM ANALYZE")


def january_preview(env, network, reason):
    """The network's billing run of January 2025, computed: its preview, confirmed
    for ``reason`` when it has checks (no plant metered: the renewable share is
    unknown)."""
    run = env["heat.billing.run"].create(
        {
            "network_id": network.id,
            "date_from": date(2025, 1, 1),
            "date_to": date(2025, 1, 31),
            "invoice_date": date(2025, 1, 31),
        }
    )
    run.action_compute()
    if run.needs_post_confirmation:
        run._heat_confirm_post(reason)
    return run


def posted_january(env, network, reason):
    """The network's January 2025 run, computed and posted batch by batch as the
    cron worker posts a large run, each batch committed."""
    run = january_preview(env, network, reason)
    run.action_post()
    while run.state == "posting":
        run._heat_post_batch()
        env.cr.commit()
    assert run.state == "posted", run.state
    return run
