# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

import pytest
from heat_metering.domain import units


@pytest.mark.parametrize(
    "value,unit,kwh",
    [
        ("1500", "Wh", "1.500"),
        ("1234.5678", "kWh", "1234.568"),
        ("1.723", "MWh", "1723.000"),
        ("1", "GJ", "277.778"),
        ("3600000", "J", "1.000"),
        ("7.2", "MJ", "2.000"),
    ],
)
def test_to_kwh(value, unit, kwh):
    assert units.to_kwh(value, unit) == Decimal(kwh)


def test_sum_of_wh_never_drifts():
    total = sum((units.to_kwh("0.1", "kWh") for _ in range(8760)), Decimal(0))
    assert total == Decimal("876.000")


def test_unknown_unit_and_back():
    with pytest.raises(units.UnitError, match="unknown energy unit 'therm'"):
        units.to_kwh(1, "therm")
    assert units.from_kwh(Decimal("277.778"), "GJ").quantize(
        Decimal("0.0001")
    ) == Decimal("1.0000")
