"""The French legal identity of a company, on plain values.

A SIREN is the 9 digits that identify a French company; a SIRET (14 digits) is a
SIREN followed by the establishment's 5 digits. Both carry a Luhn check digit.
"""

import re


def luhn_ok(digits):
    """Whether a string of digits passes the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren(identifier):
    """The SIREN in a SIREN, a SIRET or an RCS number as people type them
    ("RCS Le Puy 123 456 789"), or None when there is no valid one."""
    digits = re.sub(r"\D", "", identifier or "")
    if len(digits) not in (9, 14) or not luhn_ok(digits):
        return None
    return digits[:9]


def format_siren(value):
    """'123456782' as '123 456 782'."""
    return " ".join(value[i : i + 3] for i in range(0, 9, 3))


def vat_fr(siren_value):
    """The French VAT number of a company from its SIREN (key, then SIREN)."""
    key = (12 + 3 * (int(siren_value) % 97)) % 97
    return f"FR{key:02d}{siren_value}"
