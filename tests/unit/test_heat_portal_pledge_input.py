# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest
from heat_portal.domain.pledge_input import check_pledge

CHOICES = ({"1", "2"}, {"7"}, {"heating_oil", "natural_gas"})
FILLED = {
    "name": "  Jeanne   Martin ",
    "email": "Jeanne.Martin@Example.fr",
    "phone": "04 71 00 00 00",
    "street": "3 rue de la Gare",
    "zip": "43160",
    "city": "La Chaise-Dieu",
    "network": "1",
    "category": "7",
    "energy": "heating_oil",
    "quantity": "2 000",
    "area": "120,5",
}


def test_a_filled_form_gives_plain_values():
    values, errors = check_pledge(FILLED, *CHOICES)
    assert errors == {}
    assert values["name"] == "Jeanne Martin"
    assert values["email"] == "jeanne.martin@example.fr"
    assert values["phone"] == "0471000000"
    assert (values["quantity"], values["area"]) == (2000.0, 120.5)


def test_phone_and_area_may_be_left_empty():
    values, errors = check_pledge(dict(FILLED, phone="", area=""), *CHOICES)
    assert errors == {}
    assert (values["phone"], values["area"]) == ("", None)


@pytest.mark.parametrize(
    "field, value, reason",
    [
        ("name", " ", "required"),
        ("name", "x" * 121, "invalid"),
        ("email", "jeanne.martin", "invalid"),
        ("email", "", "required"),
        ("phone", "12 34", "invalid"),
        ("zip", "4316", "invalid"),
        ("zip", "43 160 ", "invalid"),
        ("city", "", "required"),
        ("network", "3", "choice"),
        ("network", "", "required"),
        ("category", "8", "choice"),
        ("energy", "coal", "choice"),
        ("quantity", "", "required"),
        ("quantity", "0", "invalid"),
        ("quantity", "-5", "invalid"),
        ("quantity", "beaucoup", "invalid"),
        ("quantity", "99 999 999", "invalid"),
        ("area", "0", "invalid"),
    ],
)
def test_each_wrong_field_is_named_with_its_reason(field, value, reason):
    _values, errors = check_pledge(dict(FILLED, **{field: value}), *CHOICES)
    assert errors == {field: reason}
