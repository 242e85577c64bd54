# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Suite Tests",
    "summary": "Tests across the heat-network suite (never for production)",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "license": "AGPL-3",
    "depends": ["heat_network", "heat_metering", "heat_billing", "heat_citizen_shares"],
}
