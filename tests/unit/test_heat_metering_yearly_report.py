# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from decimal import Decimal

import pytest
from heat_metering.domain import yearly_report as yr

JAN1, DEC31 = date(2024, 1, 1), date(2024, 12, 31)


def test_renewable_share_wood_over_all_production():
    # La Chaise-Dieu's demo year: 98 % of the heat from wood, 2 % from the backup
    assert yr.renewable_share(1_995_280, 2_036_000) == Decimal("0.98")
    assert yr.renewable_share(0, 0) is None


def test_energy_input_from_production_and_efficiency():
    assert yr.energy_input_kwh(40_720, "0.9") == Decimal("40720") / Decimal("0.9")
    with pytest.raises(ValueError):
        yr.energy_input_kwh(100, 0)


def test_emission_factors_of_the_dpe_method():
    factors = yr.EMISSION_FACTORS
    assert factors["wood_chips_forest"] == Decimal("0.024")
    assert factors["pellets"] == Decimal("0.030")
    assert factors["heating_oil"] == Decimal("0.324")
    assert factors["natural_gas"] == Decimal("0.227")
    assert factors["propane"] == Decimal("0.272")
    with pytest.raises(ValueError):
        yr.emissions_kg(1, "coal")


def test_co2_content_emissions_over_heat_delivered():
    # 2,000 MWh PCI of chips and 45.2 MWh PCI of heating oil for 1,723 MWh delivered
    emissions, content = yr.co2_content(
        [("wood_chips_forest", 2_000_000), ("heating_oil", 45_200)], 1_723_000
    )
    assert emissions == Decimal("48000.000") + Decimal("14644.800")
    assert content == emissions / 1_723_000
    assert round(content, 4) == Decimal("0.0364")
    # the backup fuel is the network's choice: gas emits less than oil
    _e, gas = yr.co2_content(
        [("wood_chips_forest", 2_000_000), ("natural_gas", 45_200)], 1_723_000
    )
    assert gas < content
    assert yr.co2_content([], 0) == (Decimal(0), None)


def test_co2_content_with_factors_given():
    emissions, content = yr.co2_content(
        [("wood_chips_forest", 1000)], 500, factors={"wood_chips_forest": 0}
    )
    assert emissions == 0 and content == 0


def test_sector_totals_add_up_and_unknown_is_other():
    totals = yr.sector_totals(
        [("tertiary", 100), ("residential", 50.5), (False, 7), ("farm", 3)]
    )
    assert totals == {
        "residential": Decimal("50.5"),
        "tertiary": Decimal(100),
        "industry": Decimal(0),
        "other": Decimal(10),
    }
    assert sum(totals.values()) == Decimal("160.5")


def test_delivery_window_by_state():
    assert yr.delivery_window("planned", None, [], JAN1, DEC31) is None
    assert yr.delivery_window("service", None, [], JAN1, DEC31) == (JAN1, DEC31)
    commissioned = date(2024, 10, 1)
    assert yr.delivery_window("service", commissioned, [], JAN1, DEC31) == (
        commissioned,
        DEC31,
    )
    assert yr.delivery_window("service", date(2025, 2, 1), [], JAN1, DEC31) is None
    # closed: up to the day before its last meter was removed, if in the period
    closed = [(date(2020, 1, 1), date(2024, 6, 1))]
    assert yr.delivery_window("closed", None, closed, JAN1, DEC31) == (
        JAN1,
        date(2024, 5, 31),
    )
    gone = [(date(2020, 1, 1), date(2023, 6, 1))]
    assert yr.delivery_window("closed", None, gone, JAN1, DEC31) is None


def test_is_metered_across_a_swap_and_with_a_gap():
    swap = [(date(2020, 1, 1), date(2024, 5, 10)), (date(2024, 5, 10), None)]
    assert yr.is_metered(swap, JAN1, DEC31)
    gap = [(date(2020, 1, 1), date(2024, 5, 10)), (date(2024, 5, 12), None)]
    assert not yr.is_metered(gap, JAN1, DEC31)
    late = [(date(2024, 2, 1), None)]
    assert not yr.is_metered(late, JAN1, DEC31)
    assert yr.is_metered(late, date(2024, 2, 1), DEC31)
    removed = [(date(2020, 1, 1), date(2024, 12, 31))]
    assert not yr.is_metered(removed, JAN1, DEC31)
    assert yr.is_metered(removed, JAN1, date(2024, 12, 30))
    assert not yr.is_metered([], JAN1, DEC31)


def test_classement_criteria():
    criteria = yr.classement_criteria(Decimal("0.98"), 18, 19, True)
    assert criteria == [
        ("renewable_share", True, Decimal("0.98")),
        ("metering", False, (18, 19)),
        ("balanced_accounts", True, None),
    ]
    assert yr.classement_criteria(Decimal("0.5"), 3, 3, False)[:2] == [
        ("renewable_share", True, Decimal("0.5")),
        ("metering", True, (3, 3)),
    ]
    assert not yr.classement_criteria(Decimal("0.4999"), 0, 0, False)[0][1]
    assert not yr.classement_criteria(None, 0, 0, False)[0][1]
