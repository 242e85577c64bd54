# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Portal",
    "summary": "The subscriber's online space: consumption, indexes, subscribed "
    "power, invoices, and readings sent online",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["portal", "mail", "heat_billing", "heat_web_form"],
    "data": [
        "security/ir.model.access.csv",
        "security/heat_portal_security.xml",
        "report/heat_portal_reports.xml",
        "data/mail_template_data.xml",
        "data/ir_cron.xml",
        "data/utm_source_data.xml",
        "views/heat_subscription_views.xml",
        "views/heat_portal_templates.xml",
        "views/heat_pledge_views.xml",
        "views/heat_pledge_templates.xml",
    ],
    "demo": ["demo/heat_portal_demo.xml"],
    "assets": {
        "web.assets_tests": ["heat_portal/static/tests/tours/*.js"],
    },
}
