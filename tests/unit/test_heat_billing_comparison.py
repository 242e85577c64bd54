"""The cost comparison of the La Chaise-Dieu feasibility study, to the euro."""

from xml.etree import ElementTree

import pytest
from heat_billing.domain import chart
from heat_billing.domain import comparison as c

SVG = "{http://www.w3.org/2000/svg}"

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


@pytest.fixture
def electric_house():
    """The study's electric house: 12,000 kWh and 100 € of sundry costs a year, an
    11,000 € hot-water circuit to build, 12 kW at R1 80 € HT/MWh, R2 39 € HT/kW."""
    network = c.heat_network_cost(12, 12, 80, 39)
    electric = c.current_energy_cost(
        "electricity",
        12,
        fuel_ttc=12000 * 0.1952,
        fuel_vat_rate=0.20,
        standing_charge_ttc=232.68,
        sundry_ttc=100,
    )
    return network, electric


def test_electric_house_first_year(electric_house):
    network, electric = electric_house
    assert round(network.total_ttc, 2) == 1506.54
    assert round(electric.total_ttc, 2) == 2675.08
    assert round(electric.total_ttc - network.total_ttc, 2) == 1168.54


def test_simple_payback_is_the_investment_over_the_first_year_saving(electric_house):
    network, electric = electric_house
    saving = electric.total_ttc - network.total_ttc
    # 11,000 / 1,168.54, as the study and every practitioner compute it; the price
    # rises (which gave 7.63 years) play no part in it.
    assert round(c.simple_payback(11000, saving), 2) == 9.41
    assert c.simple_payback(0, saving) == 0


def test_simple_payback_never_without_saving():
    assert c.simple_payback(11000, 0) is None
    assert c.simple_payback(11000, -50) is None
    with pytest.raises(ValueError):
        c.simple_payback(-1, 100)


def test_discounted_payback_with_the_price_rises(electric_house):
    network, electric = electric_house
    years = 20
    # Heat +2 %, electricity (energy and standing charge) +4 %, sundry costs +2 %,
    # every saving discounted at the financing rate, 3 %.
    network_years = c.projection(network.total_ttc, 0.02, years)
    fuel = 12000 * 0.1952 + 232.68
    electric_years = [
        energy + sundry
        for energy, sundry in zip(
            c.projection(fuel, 0.04, years), c.projection(100, 0.02, years), strict=True
        )
    ]
    discounted = c.discounted_payback(11000, network_years, electric_years, 0.03)
    assert round(discounted, 1) == 8.6
    # Without discounting, the same savings repay it sooner.
    assert c.discounted_payback(11000, network_years, electric_years, 0.0) < discounted
    # Flat prices, no discounting: the simple payback again.
    flat = c.discounted_payback(
        11000, [network.total_ttc] * 30, [electric.total_ttc] * 30, 0.0
    )
    saving = electric.total_ttc - network.total_ttc
    assert flat == pytest.approx(c.simple_payback(11000, saving))


def test_discounted_payback_out_of_reach_is_none():
    assert c.discounted_payback(1000, [100, 100], [90, 90], 0.03) is None
    assert c.discounted_payback(1000, [100, 100], [400, 400], 0.03) is None


def test_cumulated_savings_less_the_investment():
    assert c.cumulated_savings([100, 100, 100], [150, 160, 170], 100) == [
        -50,
        10,
        80,
    ]


def test_typical_house_quantity():
    assert round(c.TYPICAL_HOUSE_USEFUL_MWH, 2) == 16.83
    assert c.typical_quantity(8.415) == 2000
    assert c.typical_quantity(1) == 16830
    assert c.typical_quantity(12780) == 1.32
    with pytest.raises(ValueError):
        c.typical_quantity(0)


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


def _bars(svg, series):
    """``(y, height)`` of each bar of ``series``, in the order of the categories."""
    root = ElementTree.fromstring(svg)
    return [
        (float(rect.get("y")), float(rect.get("height")))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("data-series") == series
    ]


def test_chart_one_bar_per_category_and_series():
    svg = chart.bar_chart_svg(
        [1, 2, 3],
        [
            ("network", "Heat network", "#2e7d32", [100, 102, 104.04]),
            ("current", "Oil", "#c0392b", [150, 156, 162.24]),
        ],
        title="Yearly cost",
    )
    network, current = _bars(svg, "network"), _bars(svg, "current")
    assert len(network) == len(current) == 3
    heights = [height for _y, height in network]
    assert heights == sorted(heights) and len(set(heights)) == 3
    assert all(
        cur_height > net_height
        for (_y, net_height), (_y2, cur_height) in zip(network, current, strict=True)
    )


def test_chart_negative_values_hang_below_zero():
    svg = chart.bar_chart_svg(
        [1, 2, 3], [("savings", "Savings", "#000", [-80, -20, 40])]
    )
    (y1, h1), (y2, h2), (y3, h3) = _bars(svg, "savings")
    # The negative bars start at the zero line; the positive one ends on it.
    assert y1 == y2 and h1 > h2
    assert y3 + h3 == pytest.approx(y1, abs=0.02)


def test_chart_escapes_labels():
    svg = chart.bar_chart_svg(
        ["<b>1</b>"],
        [("a", 'Fioul "<script>"', "#000", [1.0])],
        title="A & B",
        value_format=lambda value: f"{value} <€>",
    )
    ElementTree.fromstring(svg)  # well-formed
    assert "<script>" not in svg and "<b>" not in svg and "<€>" not in svg
    assert "&lt;script&gt;" in svg and "A &amp; B" in svg


def test_chart_legend_is_html_text_escaped():
    legend = chart.legend_html(
        [("a", 'Fioul "<script>"', "#c0392b", [1.0]), ("b", "Réseau", "#2e7d32", [2.0])]
    )
    ElementTree.fromstring(legend)  # well-formed
    assert "<script>" not in legend and "&lt;script&gt;" in legend
    assert legend.index("Fioul") < legend.index("Réseau")
    assert "background: #c0392b" in legend
    # the SVG itself no longer draws it: wkhtmltopdf would print it as shapes
    svg = chart.bar_chart_svg([1], [("b", "Réseau", "#2e7d32", [2.0])])
    assert "Réseau" not in svg.split("<title>")[0]


def test_chart_series_must_match_the_categories():
    with pytest.raises(ValueError):
        chart.bar_chart_svg([1, 2], [("a", "A", "#000", [1.0])])
    assert chart.bar_chart_svg([], []) == ""


def test_nice_ticks():
    assert chart.nice_ticks(0, 2854) == [0, 1000, 2000, 3000]
    assert chart.nice_ticks(-11000, 9000) == [-15000, -10000, -5000, 0, 5000, 10000]
