# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """The companies whose chart of accounts is loaded get the matching rule now;
    the charts loaded later bring it themselves."""
    for company in env["res.company"].search([("chart_template", "!=", False)]):
        env["account.chart.template"].with_company(company)._heat_load_matching()
