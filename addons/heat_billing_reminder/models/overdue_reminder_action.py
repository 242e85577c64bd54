# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

LEVELS = [
    ("1", "Courteous reminder"),
    ("2", "Firm reminder"),
    ("3", "Formal notice"),
]


class OverdueReminderAction(models.Model):
    _inherit = "overdue.reminder.action"

    heat_level = fields.Selection(
        LEVELS,
        string="Level",
        readonly=True,
        help="The wording sent: courteous, firm, or the formal notice that announces "
        "the interruption of the heat supply.",
    )
    heat_truce_held = fields.Boolean(
        string="Held by the winter truce",
        readonly=True,
        help="The formal notice was due, but the subscriber's main residence was in "
        "the winter truce: the firm reminder was sent instead.",
    )
