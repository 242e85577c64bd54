# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Network",
    "summary": "Heat networks, plants, buildings, sub-stations, meters, pledges",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["base", "mail", "contacts", "crm"],
    "data": [
        "security/heat_network_groups.xml",
        "security/ir.model.access.csv",
        "security/heat_network_security.xml",
        "data/heat_building_category_data.xml",
        "views/heat_network_views.xml",
        "views/heat_plant_views.xml",
        "views/heat_building_views.xml",
        "views/heat_substation_views.xml",
        "views/heat_meter_views.xml",
        "views/heat_network_menus.xml",
    ],
    "application": True,
}
