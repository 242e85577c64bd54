from datetime import date

import pytest
from heat_billing_direct_debit.domain import direct_debit

TODAY = date(2025, 2, 3)


@pytest.mark.parametrize(
    "due, notified, days, expected",
    [
        # the due date when the notice has run by then
        (date(2025, 3, 2), date(2025, 1, 31), 14, date(2025, 3, 2)),
        # due at once: 14 days after the invoice that told the subscriber
        (date(2025, 1, 31), date(2025, 1, 31), 14, date(2025, 2, 14)),
        # a shorter delay agreed in the mandate
        (date(2025, 1, 31), date(2025, 1, 31), 2, date(2025, 2, 4)),
        # never today or in the past: the bank needs the file first
        (date(2025, 1, 15), date(2025, 1, 1), 14, date(2025, 2, 4)),
    ],
)
def test_debit_date(due, notified, days, expected):
    assert direct_debit.debit_date(due, notified, days, TODAY) == expected


def test_debit_date_across_a_month_end_and_a_leap_day():
    assert direct_debit.debit_date(
        date(2024, 2, 20), date(2024, 2, 20), 14, date(2024, 2, 20)
    ) == date(2024, 3, 5)


@pytest.mark.parametrize(
    "iban, printed",
    [
        ("FR7630006000011234567890189", "FR76 XXXX XXXX XXXX XXXX XXXX 189"),
        ("FR76 3000 6000 0112 3456 7890 189", "FR76 XXXX XXXX XXXX XXXX XXXX 189"),
        ("de89370400440532013000", "DE89 XXXX XXXX XXXX XXX0 00"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_iban(iban, printed):
    assert direct_debit.mask_iban(iban) == printed


@pytest.mark.parametrize(
    "reason, policy, expected",
    [
        # insufficient funds: the company's choice
        ("AM04", "represent", ("represent", False)),
        ("AM04", "transfer", ("transfer", False)),
        # refused by the debtor: the company's choice too
        ("MS02", "represent", ("represent", False)),
        # account closed, no mandate: the mandate ends, the invoice goes to transfer
        ("AC04", "represent", ("transfer", True)),
        ("md01", "represent", ("transfer", True)),
        # a return typed by hand without a reason
        (None, "represent", ("represent", False)),
    ],
)
def test_return_outcome(reason, policy, expected):
    assert direct_debit.return_outcome(reason, policy) == expected
