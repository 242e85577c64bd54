# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

import pytest
from heat_citizen_shares_portal.domain.subscribe_input import check_subscription

TODAY = date(2026, 12, 4)
CHOICES = ({"3"}, {"5", "6"}, {"75": "FR", "20": "BE"})
PERSON = {
    "kind": "person",
    "class": "3",
    "college": "5",
    "quantity": "4",
    "first_name": "Jeanne",
    "last_name": "Martin",
    "birth_date": "1980-05-17",
    "email": "jeanne.martin@example.fr",
    "phone": "",
    "street": "3 rue de la Gare",
    "zip": "43160",
    "city": "La Chaise-Dieu",
    "country": "75",
    "payment": "transfer",
}
COMPANY = dict(
    PERSON,
    kind="company",
    birth_date="",
    company_name="Boulangerie Martin SARL",
    siren="RCS Le Puy 912 345 675",
    payment="mandate",
    iban="FR76 3000 6000 0112 3456 7890 189",
    account_holder="Boulangerie Martin",
)


def test_a_person_paying_by_transfer():
    values, errors = check_subscription(PERSON, *CHOICES, TODAY)
    assert errors == {}
    assert (values["quantity"], values["birth_date"]) == (4, date(1980, 5, 17))
    assert values["iban"] is None


def test_a_company_paying_by_mandate():
    values, errors = check_subscription(COMPANY, *CHOICES, TODAY)
    assert errors == {}
    assert values["siren"] == "912345675"
    assert values["iban"] == "FR7630006000011234567890189"
    assert values["birth_date"] is None


def test_an_address_abroad_has_its_own_postcode_and_phone():
    values, errors = check_subscription(
        dict(
            PERSON, country="20", zip="1000", city="Bruxelles", phone="+32 2 123 45 67"
        ),
        *CHOICES,
        TODAY,
    )
    assert errors == {}
    assert (values["country"], values["zip"], values["phone"]) == (
        "20",
        "1000",
        "+3221234567",
    )


@pytest.mark.parametrize(
    "base, field, value, reason",
    [
        (PERSON, "quantity", "0", "invalid"),
        (PERSON, "quantity", "2,5", "invalid"),
        (PERSON, "quantity", "", "required"),
        (PERSON, "class", "4", "choice"),
        (PERSON, "college", "", "required"),
        (PERSON, "kind", "robot", "choice"),
        (PERSON, "birth_date", "2010-01-01", "invalid"),  # a minor
        (PERSON, "birth_date", "17/05/1980", "invalid"),
        (PERSON, "birth_date", "", "required"),
        (PERSON, "payment", "cash", "choice"),
        (PERSON, "email", "jeanne", "invalid"),
        (PERSON, "first_name", " ", "required"),
        (PERSON, "street", "", "required"),
        (PERSON, "zip", "4316", "invalid"),
        (PERSON, "city", "", "required"),
        (PERSON, "country", "999", "choice"),
        (PERSON, "phone", "04 71 00 00", "invalid"),
        (dict(PERSON, country="20"), "phone", "02 123 45 67", "invalid"),
        (COMPANY, "siren", "912 345 676", "invalid"),
        (COMPANY, "siren", "", "required"),
        (COMPANY, "company_name", "", "required"),
        (COMPANY, "iban", "FR76 3000 6000 0112 3456 7890 188", "invalid"),
        (COMPANY, "iban", "", "required"),
        (COMPANY, "account_holder", "", "required"),
    ],
)
def test_each_wrong_field_is_named_with_its_reason(base, field, value, reason):
    _values, errors = check_subscription(dict(base, **{field: value}), *CHOICES, TODAY)
    assert errors == {field: reason}
