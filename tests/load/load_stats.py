# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What both parts of the load test report (Locust adds this folder to the path)."""

from locust.stats import StatsEntry


def summary(environment, name):
    """p50, p95, errors and requests of every page together, the logins apart (once
    a day, not a page of the work)."""
    pages = StatsEntry(environment.stats, name, "")
    for entry in environment.stats.entries.values():
        if entry.name != "login":
            pages.extend(entry)
    return {
        "p50": pages.get_response_time_percentile(0.5),
        "p95": pages.get_response_time_percentile(0.95),
        "errors": pages.num_failures,
        "requests": pages.num_requests,
    }
