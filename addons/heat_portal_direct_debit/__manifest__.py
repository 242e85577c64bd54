# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Portal - Direct Debit",
    "summary": "The subscriber's SEPA mandate on its online space",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["heat_portal", "heat_billing_direct_debit"],
    "auto_install": True,
    "data": ["views/heat_portal_templates.xml"],
}
