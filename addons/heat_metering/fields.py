# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A many2one whose column has no FOREIGN KEY constraint (ADR 0033)."""

from odoo import fields


class Many2oneNoForeignKey(fields.Many2one):
    """A many2one like any other, except that the database does not check it.

    PostgreSQL checks a foreign key once per inserted row: on the readings table, each
    one costs as much as the row itself. Use it only for a column that is derived from
    a checked one or written by code that takes the ids from the database in the same
    transaction, and undo what its ``ondelete`` would have done in the comodel's
    ``unlink``.
    """

    def update_db_foreign_key(self, model, column):
        return
