# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The connection pledge form as a prospect fills it: each field checked, plain values
out, and for each wrong field the reason (``required``, ``invalid``, ``choice``)."""

from odoo.addons.heat_web_form.domain.form_fields import (
    choice,
    email,
    phone,
    postcode,
    text,
)

from .reading_input import parse_index

QUANTITY_MAX = 10_000_000  # litres, kWh, tonnes: far above any building
AREA_MAX = 100_000  # m²


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
        "name": text(params, "name", errors),
        "email": email(params, "email", errors),
        "phone": phone(params, "phone", errors),
        "street": text(params, "street", errors),
        "zip": postcode(params, "zip", errors),
        "city": text(params, "city", errors),
        "network": choice(params, "network", networks, errors),
        "category": choice(params, "category", categories, errors),
        "energy": choice(params, "energy", energies, errors),
        "quantity": _number(params, "quantity", QUANTITY_MAX, errors),
        "area": _number(params, "area", AREA_MAX, errors, required=False),
    }
    return values, errors
