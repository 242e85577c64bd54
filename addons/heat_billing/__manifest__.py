# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Billing",
    "summary": "Binomial R1/R2 heat tariffs, billing runs, cost comparison",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["heat_metering", "account", "l10n_fr_account"],
    "external_dependencies": {"python": ["num2words"]},
    "data": [
        "security/heat_billing_groups.xml",
        "security/ir.model.access.csv",
        "security/heat_billing_security.xml",
        "data/heat_billing_data.xml",
        "views/heat_tariff_views.xml",
        "views/heat_subscription_views.xml",
        "views/heat_billing_run_views.xml",
        "views/crm_lead_views.xml",
        "views/heat_cost_comparison_views.xml",
        "report/heat_cost_comparison_report.xml",
        "views/heat_billing_menus.xml",
    ],
    "demo": ["demo/heat_billing_demo.xml"],
}
