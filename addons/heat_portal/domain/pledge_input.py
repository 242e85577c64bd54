# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The connection pledge form as a prospect fills it: each field checked, plain values
out, and for each wrong field the reason (``required``, ``invalid``, ``choice``)."""

import re

from .reading_input import parse_index

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# French numbers: ten digits, or +33 and nine, with spaces, points or dashes
PHONE = re.compile(r"^(?:0\d{9}|\+33\d{9})$")
POSTCODE = re.compile(r"^\d{5}$")
TEXT_MAX = 120
QUANTITY_MAX = 10_000_000  # litres, kWh, tonnes: far above any building
AREA_MAX = 100_000  # m²


def _text(params, name, errors, required=True):
    value = " ".join((params.get(name) or "").split())
    if not value and required:
        errors[name] = "required"
    elif len(value) > TEXT_MAX:
        errors[name] = "invalid"
    return value


def _choice(params, name, choices, errors):
    value = params.get(name) or ""
    if not value:
        errors[name] = "required"
        return None
    if value not in choices:
        errors[name] = "choice"
        return None
    return value


def _number(params, name, maximum, errors, required=True):
    text = (params.get(name) or "").strip()
    if not text:
        if required:
            errors[name] = "required"
        return None
    value = parse_index(text)
    if not value or value > maximum:
        errors[name] = "invalid"
        return None
    return value


def check_pledge(params, networks, categories, energies):
    """``(values, errors)`` of a pledge form; ``networks``, ``categories`` and
    ``energies`` are the choices offered (ids as text, energy keys)."""
    errors = {}
    values = {
        "name": _text(params, "name", errors),
        "email": _text(params, "email", errors).lower(),
        "phone": _text(params, "phone", errors, required=False),
        "street": _text(params, "street", errors),
        "zip": _text(params, "zip", errors),
        "city": _text(params, "city", errors),
        "network": _choice(params, "network", networks, errors),
        "category": _choice(params, "category", categories, errors),
        "energy": _choice(params, "energy", energies, errors),
        "quantity": _number(params, "quantity", QUANTITY_MAX, errors),
        "area": _number(params, "area", AREA_MAX, errors, required=False),
    }
    if values["email"] and not EMAIL.match(values["email"]):
        errors["email"] = "invalid"
    phone = re.sub(r"[\s.\-]", "", values["phone"])
    if phone and not PHONE.match(phone):
        errors["phone"] = "invalid"
    values["phone"] = phone
    if values["zip"] and not POSTCODE.match(values["zip"]):
        errors["zip"] = "invalid"
    return values, errors
