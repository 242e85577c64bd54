# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The chèque énergie's validity, on plain values."""

from datetime import date


def valid_until(year):
    """A chèque énergie issued for ``year`` may be used until 31 March of the next
    year."""
    return date(year + 1, 3, 31)


def is_valid(year, day):
    """Whether a cheque of ``year`` can pay on ``day`` (a local date): not before its
    year, not after its validity."""
    return date(year, 1, 1) <= day <= valid_until(year)
