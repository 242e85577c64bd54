# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The fields every public form shares, as people type them: each function reads
one field of ``params`` and, when it is wrong, records why in ``errors``
(``required``, ``invalid`` or ``choice``)."""

import re

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# French numbers: ten digits, or +33 and nine, with spaces, points or dashes
PHONE = re.compile(r"^(?:0\d{9}|\+33\d{9})$")
POSTCODE = re.compile(r"^\d{5}$")
TEXT_MAX = 120


def text(params, name, errors, required=True):
    """The text with its spaces collapsed."""
    value = " ".join((params.get(name) or "").split())
    if not value and required:
        errors[name] = "required"
    elif len(value) > TEXT_MAX:
        errors[name] = "invalid"
    return value


def choice(params, name, choices, errors):
    """One of ``choices`` (as the form posts them, text), else None."""
    value = params.get(name) or ""
    if not value:
        errors[name] = "required"
        return None
    if value not in choices:
        errors[name] = "choice"
        return None
    return value


def email(params, name, errors):
    value = text(params, name, errors).lower()
    if value and not EMAIL.match(value):
        errors[name] = "invalid"
    return value


def phone(params, name, errors, required=False):
    """A French phone number, its separators taken off."""
    value = re.sub(r"[\s.\-]", "", text(params, name, errors, required=required))
    if value and not PHONE.match(value):
        errors[name] = "invalid"
    return value


def postcode(params, name, errors):
    value = text(params, name, errors)
    if value and not POSTCODE.match(value):
        errors[name] = "invalid"
    return value
