# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""SEPA direct debit rules, on plain values."""

from datetime import timedelta


def debit_date(due, notified_on, notice_days, today):
    """The day an invoice is debited: its due date, but not before the
    pre-notification delay has run from the day the subscriber was told (the
    invoice's date: the invoice is the pre-notification), nor before tomorrow (a
    bank needs the file before the debit day)."""
    return max(
        due, notified_on + timedelta(days=notice_days), today + timedelta(days=1)
    )


def mask_iban(iban):
    """The IBAN as printed on an invoice: the country, its check digits and the last
    three characters, the rest hidden, in groups of four."""
    compact = "".join((iban or "").split()).upper()
    if len(compact) < 8:
        return compact
    shown = compact[:4] + "X" * (len(compact) - 7) + compact[-3:]
    return " ".join(shown[i : i + 4] for i in range(0, len(shown), 4))
