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


# ISO 20022 return reasons after which the mandate cannot serve again: the account
# is closed (AC04), or the debtor's bank holds no mandate for it (MD01).
MANDATE_ENDING_REASONS = frozenset({"AC04", "MD01"})


def return_outcome(reason_code, policy):
    """What follows a returned debit: ``(next_step, end_mandate)``, where
    ``next_step`` is ``"represent"`` (the invoice goes into the next order) or
    ``"transfer"`` (the subscriber pays it by transfer). ``policy`` is the
    company's choice for the other reasons; a reason that ends the mandate always
    sends the invoice to transfer."""
    if (reason_code or "").upper() in MANDATE_ENDING_REASONS:
        return "transfer", True
    return policy, False
