# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Back-office users on the suite's own local server while a billing run of 5,000
invoices is posted in the background (``make loadtest``, tools/suite.py loadtest).

Each user logs in as Odoo's web client does and, with a pause of 1 to 3 s, opens
lists (subscriptions, invoices, runs), forms (a subscription, a customer), the form of
the run being posted, and the HTML invoice report of an invoice already posted. At
the start, the first user posts the run; the test ends once the run is posted (or at
``--run-time``). The request names are the kinds of page the suite reports on.
"""

import json
import os
import random
import time

import gevent
import requests
from load_stats import summary
from locust import HttpUser, between, events, task

INFO = json.loads(open(os.environ["LOAD_INFO"]).read())  # noqa: SIM115
DB = os.environ["LOAD_DB"]
PASSWORD = os.environ["LOAD_PASSWORD"]
RUN_ID = INFO["run_id"]
# invoices posted so far, seen in the lists: the reports print them
INVOICES = []
LOGINS = iter(INFO["logins"])
RESULT = {}


def _rpc(session, host, model, method, args, kwargs=None, name=None):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "model": model,
            "method": method,
            "args": args,
            "kwargs": kwargs or {},
        },
    }
    url = f"{host}/web/dataset/call_kw/{model}/{method}"
    if name is None:  # the monitor: a plain session, not measured
        response = session.post(url, json=payload, timeout=30)
        return response.json()["result"]
    with session.post(url, json=payload, name=name, catch_response=True) as response:
        body = response.json() if response.ok else {}
        if "error" in body or not response.ok:
            response.failure(json.dumps(body.get("error", {}))[:300] or response.text)
            return None
        return body["result"]


def _login(session, host, login, **extra):
    response = session.post(
        f"{host}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": DB, "login": login, "password": PASSWORD},
        },
        **extra,
    )
    assert response.json().get("result", {}).get("uid"), response.text[:300]


RUN_SPEC = {
    field: {}
    for field in (
        "name",
        "state",
        "date_from",
        "date_to",
        "post_progress",
        "post_done_count",
        "post_error_count",
        "line_count",
        "invoice_count",
        "warning_count",
        "amount_untaxed",
        "amount_tax",
        "amount_total",
        "mwh",
    )
}


@events.test_start.add_listener
def _post_the_run(environment, **_kwargs):
    """The run is posted (in the background) by the first staff user, then watched:
    the test quits once it is posted."""
    session = requests.Session()
    host = environment.host
    _login(session, host, INFO["logins"][0], timeout=30)
    began = time.monotonic()
    _rpc(session, host, "heat.billing.run", "action_post", [[RUN_ID]])

    def watch():
        while True:
            gevent.sleep(3)
            [run] = _rpc(
                session,
                host,
                "heat.billing.run",
                "web_read",
                [[RUN_ID]],
                {"specification": {"state": {}, "post_done_count": {}}},
            )
            if run["state"] != "posting":
                RESULT.update(
                    state=run["state"],
                    invoiced=run["post_done_count"],
                    seconds=time.monotonic() - began,
                )
                environment.runner.quit()
                return

    gevent.spawn(watch)


@events.quitting.add_listener
def _write_the_results(environment, **_kwargs):
    """The run's figures, and the staff's pages together."""
    RESULT["staff"] = summary(environment, "staff")
    with open(os.environ["LOAD_RESULT"], "w") as handle:
        json.dump(RESULT, handle)


class Staff(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        _login(self.client, self.host, next(LOGINS), name="login")

    def _call(self, name, model, method, args, **kwargs):
        return _rpc(self.client, self.host, model, method, args, kwargs, name=name)

    @task(3)
    def list_subscriptions(self):
        self._call(
            "list: subscriptions",
            "heat.subscription",
            "web_search_read",
            [],
            domain=[],
            specification={
                "name": {},
                "partner_id": {"fields": {"display_name": {}}},
                "substation_id": {"fields": {"display_name": {}}},
                "date_start": {},
                "state": {},
            },
            offset=random.randrange(0, len(INFO["subscription_ids"]), 80),
            limit=80,
            count_limit=10001,
        )

    @task(3)
    def list_invoices(self):
        result = self._call(
            "list: invoices",
            "account.move",
            "web_search_read",
            [],
            domain=[("move_type", "=", "out_invoice")],
            specification={
                "name": {},
                "partner_id": {"fields": {"display_name": {}}},
                "invoice_date": {},
                "invoice_date_due": {},
                "amount_total_signed": {},
                "state": {},
                "payment_state": {},
            },
            limit=80,
            count_limit=10001,
        )
        if result:
            INVOICES[:] = [
                record["id"]
                for record in result["records"]
                if record["state"] == "posted"
            ] or INVOICES

    @task(1)
    def list_runs(self):
        self._call(
            "list: billing runs",
            "heat.billing.run",
            "web_search_read",
            [],
            domain=[],
            specification={
                key: RUN_SPEC[key]
                for key in ("name", "date_from", "date_to", "amount_untaxed", "state")
            },
            limit=80,
        )

    @task(3)
    def open_subscription(self):
        self._call(
            "form: subscription",
            "heat.subscription",
            "web_read",
            [[random.choice(INFO["subscription_ids"])]],
            specification={
                "name": {},
                "partner_id": {"fields": {"display_name": {}}},
                "substation_id": {"fields": {"display_name": {}}},
                "company_id": {"fields": {"display_name": {}}},
                "date_start": {},
                "state": {},
            },
        )

    @task(2)
    def open_customer(self):
        self._call(
            "form: customer",
            "res.partner",
            "web_read",
            [[random.choice(INFO["partner_ids"])]],
            specification={
                field: {}
                for field in ("name", "street", "zip", "city", "email", "phone", "vat")
            },
        )

    @task(2)
    def open_the_run(self):
        self._call(
            "form: the run being posted",
            "heat.billing.run",
            "web_read",
            [[RUN_ID]],
            # what the form view reads, its flagged lines and errors included
            specification=dict(
                RUN_SPEC,
                network_id={"fields": {"display_name": {}}},
                company_id={"fields": {"display_name": {}}},
                post_uid={"fields": {"display_name": {}}},
                post_confirmed_uid={"fields": {"display_name": {}}},
                post_reason={},
                post_checks={},
                needs_post_confirmation={},
                renewable_share={},
                renewable_warning={},
                late_reading_count={},
                frequency={},
                kind={},
                invoice_date={},
                warning_line_ids={
                    "fields": {
                        "partner_id": {"fields": {"display_name": {}}},
                        "mwh": {},
                        "warnings": {},
                    },
                    "limit": 40,
                },
                error_line_ids={
                    "fields": {
                        "subscription_id": {"fields": {"display_name": {}}},
                        "post_error": {},
                    },
                    "limit": 40,
                },
                line_ids={
                    "fields": {
                        "partner_id": {"fields": {"display_name": {}}},
                        "date_from": {},
                        "date_to": {},
                        "mwh": {},
                        "amount_untaxed": {},
                        "has_warning": {},
                    },
                    "limit": 40,
                    "order": "",
                },
            ),
        )

    @task(1)
    def print_invoice(self):
        if not INVOICES:
            return
        move_id = random.choice(INVOICES)
        with self.client.get(
            f"/report/html/account.report_invoice/{move_id}",
            name="report: invoice (HTML)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "o_report" not in response.text:
                response.failure(f"status {response.status_code}")
