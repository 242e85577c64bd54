# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Citizen Shares - SEPA",
    "summary": "Capital calls collected by SEPA direct debit, redemptions repaid by "
    "SEPA credit transfer",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "heat_citizen_shares",
        "heat_billing_direct_debit",
        "account_banking_sepa_credit_transfer",
    ],
    "data": [
        "views/res_company_views.xml",
        "views/heat_share_subscription_views.xml",
        "views/heat_share_line_views.xml",
        "views/heat_share_interest_views.xml",
    ],
    "demo": ["demo/heat_citizen_shares_sepa_demo.xml"],
}
