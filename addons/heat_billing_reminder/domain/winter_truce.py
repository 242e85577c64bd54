# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reminder levels and the winter truce, on plain values."""

# 1: courteous reminder, 2: firm reminder, 3: formal notice (which announces the
# interruption of the heat supply).
COURTEOUS, FIRM, FORMAL_NOTICE = 1, 2, 3


def in_winter_truce(day):
    """Whether ``day`` (a local date) falls in the winter truce: from 1 November to
    31 March of the next year, no interruption of heat for non-payment in a main
    residence (code de l'action sociale et des familles, art. L115-3)."""
    return day.month >= 11 or day.month <= 3


def reminder_level(count, day, main_residence):
    """The level of the ``count``-th reminder sent on ``day``: the formal notice
    from the third on, except in the winter truce for a main residence, which stays
    at the firm reminder."""
    level = min(max(count, COURTEOUS), FORMAL_NOTICE)
    if level == FORMAL_NOTICE and main_residence and in_winter_truce(day):
        return FIRM
    return level
