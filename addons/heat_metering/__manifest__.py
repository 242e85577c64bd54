# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Metering",
    "summary": "Heat meter readings, consumption, plant production, network KPIs",
    "version": "18.0.1.1.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["heat_network", "report_xlsx"],
    "external_dependencies": {"python": ["pymbusparser", "openpyxl", "xlsxwriter"]},
    "data": [
        "security/heat_metering_groups.xml",
        "security/ir.model.access.csv",
        "security/heat_metering_security.xml",
        "data/ir_cron_data.xml",
        "views/heat_meter_reading_views.xml",
        "views/heat_meter_reading_batch_views.xml",
        "views/heat_weather_station_views.xml",
        "views/heat_delivery_views.xml",
        "views/heat_network_kpi_views.xml",
        "views/heat_metering_menus.xml",
    ],
    "demo": ["demo/heat_metering_demo.xml"],
}
