# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The share subscription form as a resident fills it: each field checked, plain
values out, and for each wrong field the reason (``required``, ``invalid``,
``choice``)."""

import re
from datetime import date

from stdnum import iban as iban_number

from odoo.addons.heat_operator.domain.identity import siren as read_siren
from odoo.addons.heat_web_form.domain.form_fields import (
    choice,
    email,
    phone,
    postcode,
    text,
)

QUANTITY = re.compile(r"^\d{1,6}$")
# a number abroad, in the international form
INTERNATIONAL_PHONE = re.compile(r"^\+\d{6,15}$")


def _birth_date(params, errors, today):
    value = (params.get("birth_date") or "").strip()
    if not value:
        errors["birth_date"] = "required"
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        errors["birth_date"] = "invalid"
        return None
    # an adult (a minor subscribes through its legal representative)
    if not date(1900, 1, 1) <= day <= today.replace(year=today.year - 18):
        errors["birth_date"] = "invalid"
        return None
    return day


def check_subscription(params, classes, colleges, countries, today):
    """``(values, errors)`` of a share subscription form; ``classes`` and
    ``colleges`` are the choices offered (ids as text), ``countries`` the
    countries by id (as text) with their ISO code: a French postcode has five
    digits, another country's is free text."""
    errors = {}
    kind = choice(params, "kind", {"person", "company"}, errors)
    country = choice(params, "country", set(countries), errors)
    values = {
        "kind": kind,
        "class": choice(params, "class", classes, errors),
        "college": choice(params, "college", colleges, errors),
        "first_name": text(params, "first_name", errors),
        "last_name": text(params, "last_name", errors),
        "email": email(params, "email", errors),
        "phone": None,
        "street": text(params, "street", errors),
        "zip": None,
        "city": text(params, "city", errors),
        "country": country,
        "payment": choice(params, "payment", {"transfer", "mandate"}, errors),
        "quantity": None,
        "birth_date": None,
        "company_name": "",
        "siren": None,
        "iban": None,
        "account_holder": "",
    }
    if countries.get(country, "FR") == "FR":
        values["zip"] = postcode(params, "zip", errors)
        values["phone"] = phone(params, "phone", errors)
    else:
        values["zip"] = text(params, "zip", errors)
        values["phone"] = re.sub(
            r"[\s.\-()]", "", text(params, "phone", errors, required=False)
        )
        if values["phone"] and not INTERNATIONAL_PHONE.match(values["phone"]):
            errors["phone"] = "invalid"
    quantity = (params.get("quantity") or "").strip()
    if not quantity:
        errors["quantity"] = "required"
    elif not QUANTITY.match(quantity) or not int(quantity):
        errors["quantity"] = "invalid"
    else:
        values["quantity"] = int(quantity)
    if kind == "person":
        values["birth_date"] = _birth_date(params, errors, today)
    elif kind == "company":
        values["company_name"] = text(params, "company_name", errors)
        if params.get("siren"):
            values["siren"] = read_siren(params["siren"])
            if not values["siren"]:
                errors["siren"] = "invalid"
        else:
            errors["siren"] = "required"
    if values["payment"] == "mandate":
        account = iban_number.compact(params.get("iban") or "")
        if not account:
            errors["iban"] = "required"
        elif not iban_number.is_valid(account):
            errors["iban"] = "invalid"
        else:
            values["iban"] = account
        values["account_holder"] = text(params, "account_holder", errors)
    return values, errors
