# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Web Forms",
    "summary": "What the suite's public forms share: consent kept on the record, "
    "a signed form token, a honeypot against robots and a rate limit by address",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["web"],
    "data": [
        "security/ir.model.access.csv",
        "security/heat_web_form_security.xml",
        "views/heat_web_form_templates.xml",
    ],
}
