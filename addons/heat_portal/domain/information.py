# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The information owed to a subscriber (décret 2020-886, arrêté of 24 July 2020):
how often each notice goes out."""

from dateutil.relativedelta import relativedelta

# a consumption estimate at least every quarter; the notice of the online space
# every year
ESTIMATE_MONTHS = 3
NOTICE_MONTHS = 12


def sent_before(today, months):
    """A notice last sent on this day or earlier is due again ``today``."""
    return today - relativedelta(months=months)
