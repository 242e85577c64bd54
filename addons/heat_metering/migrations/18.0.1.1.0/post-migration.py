# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The readings keep one foreign key, on meter_id (ADR 0033): drop the others."""

from odoo.tools import sql

DROPPED = {
    "substation_id": "heat_substation",
    "company_id": "res_company",
    "batch_id": "heat_meter_reading_batch",
}


def migrate(cr, version):
    for column, table in DROPPED.items():
        for name in sql.get_foreign_keys(
            cr, "heat_meter_reading", column, table, "id", "set null"
        ):
            sql.drop_constraint(cr, "heat_meter_reading", name)
            cr.execute("DELETE FROM ir_model_constraint WHERE name = %s", [name])
