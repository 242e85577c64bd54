# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Billing - Bank Statements",
    "summary": "Match the transfers of imported bank statements to heat invoices "
    "by the reference printed on them",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "heat_billing",
        "account_statement_import_camt",
        "account_reconcile_oca",
    ],
    "data": ["views/account_reconcile_model_views.xml"],
    "demo": ["demo/heat_billing_bank_statement_demo.xml"],
    "post_init_hook": "post_init_hook",
}
