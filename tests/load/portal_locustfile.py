# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Subscribers on their online space on the suite's own local server (``make loadtest
PART=portal``, tools/suite.py loadtest): each logs in as a browser does, then, with a
pause of 1 to 3 s, opens its heating page (the chart of twelve months, the indexes,
the powers, the invoices), now and then its account's home and its invoice list. The
test ends at ``--run-time``.
"""

import json
import os

from load_stats import summary
from locust import HttpUser, between, events, task

INFO = json.loads(open(os.environ["LOAD_INFO"]).read())  # noqa: SIM115
PASSWORD = os.environ["LOAD_PASSWORD"]
LOGINS = iter(INFO["logins"])


@events.quitting.add_listener
def _write_the_results(environment, **_kwargs):
    """The subscribers' pages together."""
    result = {"portal": summary(environment, "portal")}
    with open(os.environ["LOAD_RESULT"], "w") as handle:
        json.dump(result, handle)


class Subscriber(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        login = next(LOGINS)
        page = self.client.get("/web/login", name="login").text
        marker = 'name="csrf_token" value="'
        start = page.index(marker) + len(marker)
        token = page[start : page.index('"', start)]
        with self.client.post(
            "/web/login",
            data={"login": login, "password": PASSWORD, "csrf_token": token},
            name="login",
            catch_response=True,
        ) as response:
            if "/web/login" in response.url:
                response.failure(f"{login} could not log in")
        # its only subscription: /my/heat sends it there
        self.page = self.client.get("/my/heat", name="login").url

    def _get(self, url, name, expected):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or expected not in response.text:
                response.failure(f"status {response.status_code}")

    @task(6)
    def heating(self):
        self._get(
            self.page, "portal: /my/heat (chart, indexes, invoices)", "o_heat_chart"
        )

    @task(1)
    def home(self):
        self._get("/my/home", "portal: /my/home", "/my/heat")

    @task(1)
    def invoices(self):
        self._get("/my/invoices", "portal: /my/invoices", "/my/invoices/")
