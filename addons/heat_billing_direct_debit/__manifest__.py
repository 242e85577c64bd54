# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Billing - SEPA Direct Debit",
    "summary": "Collect a billing run's invoices by SEPA direct debit",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "heat_billing",
        "account_banking_sepa_direct_debit",
        "account_payment_partner",
        "account_payment_return_import_iso20022",
    ],
    "data": [
        "views/res_company_views.xml",
        "views/heat_subscription_views.xml",
        "views/heat_billing_run_views.xml",
        "report/account_move_report.xml",
    ],
    "demo": ["demo/heat_billing_direct_debit_demo.xml"],
}
