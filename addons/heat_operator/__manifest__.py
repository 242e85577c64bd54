# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Network Operator",
    "summary": "The operator's French legal identity on every document of the suite",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["web", "l10n_fr"],
    "data": [
        "data/report_paperformat_data.xml",
        "views/res_company_views.xml",
        "views/report_templates.xml",
    ],
    "demo": ["demo/heat_operator_demo.xml"],
}
