# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Billing - Chorus Pro",
    "summary": "A billing run sends its public bodies' invoices through Chorus Pro",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "heat_billing",
        "l10n_fr_chorus_account",
        # the payment means code Chorus Pro reads on the invoice's payment method
        "account_payment_unece",
    ],
    "data": [
        "data/ir_cron.xml",
        "views/heat_billing_run_views.xml",
    ],
    "demo": ["demo/heat_billing_chorus_demo.xml"],
    "post_init_hook": "post_init_hook",
}
