# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Fed to `odoo shell` by `make loadtest` (tools/suite.py loadtest): `env` exists.
# The load test's database: LOAD_COUNT subscriptions (default 5,000) with a January
# 2025 billing run computed, ready to post, and LOAD_USERS back-office users
# (default 20: billing, metering and invoicing rights, the first one billing
# manager) whose password is
# LOAD_PASSWORD. Writes what the load test needs to LOAD_INFO (JSON).
import json  # noqa: I001
import os
import sys

sys.path.insert(0, "tests/bench")  # suite.py runs this from the root
from billing_setup import january_preview, setup_billing, vacuum  # noqa: E402

COUNT = int(os.environ.get("LOAD_COUNT", "5000"))
USERS = int(os.environ.get("LOAD_USERS", "20"))
env = env(context=dict(env.context, tracking_disable=True, no_reset_password=True))  # noqa: F821
network, partners = setup_billing(env, COUNT)
run = january_preview(env, network, "Load test")
groups = [
    env.ref(xmlid).id
    for xmlid in (
        "base.group_user",
        "account.group_account_invoice",
        "heat_network.heat_network_group_user",
        "heat_metering.heat_metering_group_user",
        "heat_billing.heat_billing_group_user",
    )
]
users = env["res.users"].create(
    [
        {
            "name": f"Agent {n:02d}",
            "login": f"staff{n:02d}",
            "password": os.environ["LOAD_PASSWORD"],
            "lang": "fr_FR",
            "groups_id": [(6, 0, groups)],
        }
        for n in range(1, USERS + 1)
    ]
)
# the first one is the billing manager who posts the run
users[0].groups_id = [(4, env.ref("heat_billing.heat_billing_group_manager").id)]
info = {
    "run_id": run.id,
    "network_id": network.id,
    "logins": users.mapped("login"),
    "subscription_ids": env["heat.subscription"]
    .search([("substation_id.building_id.network_id", "=", network.id)])
    .ids,
    "partner_ids": partners.ids,
}
with open(os.environ["LOAD_INFO"], "w") as handle:
    json.dump(info, handle)
vacuum(env)
print(f"load test database: {COUNT} subscriptions, {USERS} staff users, run {run.id}")
