# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Citizen Shares - Member's Space",
    "summary": "The member's online space: holdings by class, certificates and "
    "yearly statements to download",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["portal", "heat_citizen_shares", "heat_web_form"],
    "data": [
        "data/heat_share_subscribe_data.xml",
        "views/heat_shares_portal_templates.xml",
        "views/heat_share_subscription_views.xml",
        "views/heat_share_subscribe_templates.xml",
    ],
    "demo": [
        "demo/heat_shares_portal_demo.xml",
        "demo/heat_share_subscribe_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["heat_citizen_shares_portal/static/tests/**/*.js"],
    },
}
