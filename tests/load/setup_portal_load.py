# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Fed to `odoo shell` by `make loadtest PART=portal` (tools/suite.py loadtest): `env`
# exists. The portal part's database: LOAD_COUNT subscriptions (default 5,000), each
# sub-station read on the first of every month of 2024 and January-February 2025,
# its January 2025 run posted; LOAD_USERS portal users (default 50), each the
# subscriber of one of them, whose password is LOAD_PASSWORD. Writes what the load
# test needs to LOAD_INFO (JSON).
import json  # noqa: I001
import os
import sys

from odoo.tools import SQL

sys.path.insert(0, "tests/bench")  # suite.py runs this from the root
from billing_setup import posted_january, setup_billing, vacuum  # noqa: E402

COUNT = int(os.environ.get("LOAD_COUNT", "5000"))
USERS = int(os.environ.get("LOAD_USERS", "50"))
env = env(context=dict(env.context, tracking_disable=True, no_reset_password=True))  # noqa: F821
network, partners = setup_billing(env, COUNT)
# a year of monthly indexes before the benchmark's two: the chart's twelve months
env.cr.execute(
    SQL(
        """
        INSERT INTO heat_meter_reading (meter_id, substation_id, company_id,
               timestamp, energy_kwh, source, state, is_estimate, is_locked)
        SELECT i.meter_id, i.substation_id, %(company)s, d,
               1000 - 50 * (13 - EXTRACT(MONTH FROM d)), 'bms', 'valid', FALSE, FALSE
          FROM heat_meter_installation i,
               generate_series('2024-01-01'::timestamp, '2024-12-01', '1 month') d
         WHERE i.substation_id = ANY(%(subs)s)
        """,
        company=env.company.id,
        subs=env["heat.substation"].search([("network_id", "=", network.id)]).ids,
    )
)
posted_january(env, network, "Portal load test")
portal = env.ref("base.group_portal").id
users = env["res.users"].create(
    [
        {
            "name": partner.name,
            "login": f"abonne{n:03d}",
            "password": os.environ["LOAD_PASSWORD"],
            "partner_id": partner.id,
            "lang": "fr_FR",
            "groups_id": [(6, 0, [portal])],
        }
        for n, partner in enumerate(partners[:USERS], start=1)
    ]
)
info = {"logins": users.mapped("login")}
with open(os.environ["LOAD_INFO"], "w") as handle:
    json.dump(info, handle)
vacuum(env)
print(f"portal load test database: {COUNT} subscriptions, {USERS} portal users")
