"""The cost comparison of the La Chaise-Dieu feasibility study, to the euro."""

import pytest
from heat_billing.domain import comparison as c

OIL_USEFUL_KWH_PER_L = 8.415


@pytest.fixture
def oil_house():
    useful = 2000 * OIL_USEFUL_KWH_PER_L / 1000
    network = c.heat_network_cost(useful, 20, 80.40, 37.69)
    oil = c.current_energy_cost(
        "heating_oil",
        useful,
        fuel_ttc=2000 * 1.15,
        fuel_vat_rate=0.20,
        routine_maintenance_ht=100,
        routine_maintenance_vat_rate=0.10,
        major_maintenance_ht=50,
        major_maintenance_vat_rate=0.20,
        replacement_ttc=5720,
        replacement_vat_rate=0.10,
        replacement_years=20,
        replacement_rate=0.03,
    )
    return network, oil


def amounts(cost, attr):
    return {line.label: round(getattr(line, attr)) for line in cost.lines}


def test_worked_example_heat_network(oil_house):
    network, _oil = oil_house
    assert round(network.useful_mwh, 2) == 16.83
    assert amounts(network, "amount_ht") == {"energy": 1353, "subscription": 754}
    assert amounts(network, "amount_ttc") == {"energy": 1428, "subscription": 795}
    assert round(network.total_ht) == 2107
    assert round(network.total_ttc) == 2223
    assert round(network.ttc_per_mwh) == 132


def test_worked_example_heating_oil(oil_house):
    _network, oil = oil_house
    assert amounts(oil, "amount_ht")["fuel"] == 1917
    assert amounts(oil, "amount_ttc") == {
        "fuel": 2300,
        "routine_maintenance": 110,
        "major_maintenance": 60,
        "replacement": 384,
    }
    assert round(oil.total_ht) == 2416
    assert round(oil.total_ttc) == 2854
    assert round(oil.ttc_per_mwh) == 170


def test_annuity_of_the_boiler_replacement():
    assert round(c.annuity(5720, 0.03, 20), 2) == 384.47
    assert c.annuity(2000, 0.0, 20) == 100


def test_electric_house_first_year_and_payback():
    network = c.heat_network_cost(12, 12, 80, 39)
    electric = c.current_energy_cost(
        "electricity",
        12,
        fuel_ttc=12000 * 0.1952,
        fuel_vat_rate=0.20,
        standing_charge_ttc=232.68,
        sundry_ttc=100,
    )
    assert round(network.total_ttc, 2) == 1506.54
    assert round(electric.total_ttc, 2) == 2675.08
    saving = electric.total_ttc - network.total_ttc
    assert round(saving, 2) == 1168.54
    # Flat prices: the simple payback is the investment over the yearly saving.
    flat = c.payback(11000, [network.total_ttc] * 30, [electric.total_ttc] * 30)
    assert flat == pytest.approx(11000 / saving)
    # Prices rising (biomass +2 %, electricity +4 %) shorten it; discounting the
    # savings at 3 % lengthens it again.
    rising_net = c.projection(network.total_ttc, 0.02, 30)
    rising_elec = c.projection(electric.total_ttc, 0.04, 30)
    simple = c.payback(11000, rising_net, rising_elec)
    discounted = c.payback(11000, rising_net, rising_elec, discount_rate=0.03)
    assert simple < flat
    assert simple < discounted


def test_payback_out_of_reach_is_none():
    assert c.payback(1000, [100, 100], [90, 90]) is None


def test_projection_rises_each_year():
    assert c.projection(100, 0.04, 3) == pytest.approx([100, 104, 108.16])


def test_zero_or_negative_quantities_are_refused():
    with pytest.raises(ValueError):
        c.heat_network_cost(0, 20, 80.40, 37.69)
    with pytest.raises(ValueError):
        c.current_energy_cost("propane", -1, fuel_ttc=100, fuel_vat_rate=0.2)


def test_propane_price_per_useful_mwh():
    propane = c.current_energy_cost("propane", 12.78, fuel_ttc=2271, fuel_vat_rate=0.20)
    assert round(propane.ttc_per_mwh, 2) == round(2271 / 12.78, 2)


def test_sensitivity_wood_against_oil():
    # +20 % on a component weighing 7.5 % of the delivered MWh price moves it by 1.5 %;
    # on heating oil, fuel is 80 % of the bill: +16 %.
    assert c.sensitivity(0.075) == pytest.approx(0.015)
    assert c.sensitivity(0.80) == pytest.approx(0.16)
