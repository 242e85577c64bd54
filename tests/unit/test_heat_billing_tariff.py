"""The binomial tariff: proration, structures, indexation, climate, installments."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from heat_billing.domain import tariff as t


def test_fifteen_kw_at_38_is_47_50_a_month():
    periods = [(date(2025, 1, 1), date(2025, 12, 31), 15)]
    for month, last in ((1, 31), (2, 28), (4, 30)):
        amount = t.r2_amount(periods, 38, date(2025, month, 1), date(2025, month, last))
        assert round(amount, 2) == 47.50


def test_partial_month_by_days_of_that_month():
    periods = [(date(2025, 1, 1), date(2025, 12, 31), 12)]
    amount = t.r2_amount(periods, 36, date(2025, 4, 16), date(2025, 4, 30))
    assert amount == pytest.approx(12 * 36 / 12 * 15 / 30)


def test_leap_february_has_29_days():
    periods = [(date(2024, 1, 1), date(2024, 12, 31), 10)]
    half = t.r2_amount(periods, 120, date(2024, 2, 1), date(2024, 2, 14))
    assert half == pytest.approx(100 * 14 / 29)
    whole = t.r2_amount(periods, 120, date(2024, 2, 1), date(2024, 2, 29))
    assert whole == pytest.approx(100)


def test_power_change_inside_the_period():
    periods = [
        (date(2025, 1, 1), date(2025, 3, 15), 145),
        (date(2025, 3, 16), date(2025, 12, 31), 110),
    ]
    amount = t.r2_amount(periods, 36, date(2025, 3, 1), date(2025, 3, 31))
    assert amount == pytest.approx(145 * 3 * 15 / 31 + 110 * 3 * 16 / 31)


def test_quarter_is_three_twelfths():
    periods = [(date(2025, 1, 1), date(2025, 12, 31), 20)]
    amount = t.r2_amount(periods, 37.69, date(2025, 1, 1), date(2025, 3, 31))
    assert amount == pytest.approx(20 * 37.69 / 4)


def test_reversed_period_refused():
    with pytest.raises(ValueError):
        list(t.month_slices(date(2025, 2, 1), date(2025, 1, 1)))


def test_structures():
    assert t.unit_prices(t.CLASSIC, 80.40, 3, 10, 5, 19.69) == pytest.approx(
        (80.40, 37.69)
    )
    per_mwh, per_kw = t.unit_prices(t.ALTERNATIVE, 80.40, 3, 10, 5, 19.69, 9.5)
    assert (per_mwh, per_kw) == pytest.approx((89.90, 24.69))
    with pytest.raises(ValueError):
        t.unit_prices("other", 1, 1, 1, 1, 1)


def test_indexation_keeps_r24_frozen():
    coefficient = t.revision_coefficient(0.15, [(0.55, 100, 110), (0.30, 200, 210)])
    assert coefficient == pytest.approx(0.15 + 0.55 * 1.1 + 0.30 * 1.05)
    revised = t.revise(
        {"r1": 80.40, "r22": 10, "r24": 19.69},
        {"r1": coefficient, "r22": 1.1, "r24": 2},
    )
    assert revised["r24"] == 19.69
    assert revised["r1"] == pytest.approx(80.40 * coefficient)
    assert revised["r22"] == pytest.approx(11)


def test_indexation_refuses_missing_values_and_bad_weights():
    with pytest.raises(ValueError, match="missing"):
        t.revision_coefficient(0.5, [(0.5, 100, None)])
    with pytest.raises(ValueError, match="sum"):
        t.revision_coefficient(0.5, [(0.6, 100, 100)])


def test_climate_band():
    assert t.climate_adjustment(1000, 2500 * 0.97, 2500) == 0
    assert t.climate_adjustment(1000, 2500 * 1.04, 2500) == 0
    assert t.climate_adjustment(1000, 2500 * 0.90, 2500) == pytest.approx(60)
    assert t.climate_adjustment(1000, 2500 * 1.10, 2500) == pytest.approx(-60)
    assert t.climate_adjustment(1000, 2500 * 0.90, 2500, band=0.10) == 0


def test_installments_and_regularisation():
    plan = t.installments(1200, 12)
    assert plan == [100] * 12
    assert t.regularisation(1100, plan) == -100
    assert t.regularisation(1300, plan) == 100


def test_months_of_a_period():
    assert t.months(date(2025, 1, 1), date(2025, 12, 31)) == pytest.approx(12)
    assert t.months(date(2024, 2, 1), date(2024, 2, 29)) == pytest.approx(1)
    assert t.months(date(2024, 2, 16), date(2024, 3, 31)) == pytest.approx(1 + 14 / 29)


def test_yearly_balance():
    from heat_billing.domain import balance as b

    assert b.is_variable_cost("601100") and b.is_variable_cost("606100")
    assert not b.is_variable_cost("615000") and not b.is_variable_cost("606400")
    result = b.balance(100_000, 40_000, 80_000, 50_000)
    assert result["r1_margin"] == 20_000 and result["r2_margin"] == -10_000
    assert result["r1_cover"] == 1.25 and result["r2_cover"] == 0.8
    assert result["margin"] == 10_000
    assert b.balance(10, 0, 0, 0)["r1_cover"] is None


def test_billed_mwh_is_whole_kwh():
    # a meter read to the Wh: 56,108.548 kWh are billed 56.109 MWh
    assert t.billed_mwh(1_178_845.996 - 1_122_737.448) == 56.109
    assert t.billed_mwh(10_000) == 10.0
    # half a kWh up, not to the even kWh
    assert t.billed_mwh(5000.5) == 5.001
    assert t.billed_mwh(6000.5) == 6.001
    assert t.billed_mwh(0.4) == 0.0


def cents(value):
    """Half away from zero, as Odoo rounds a currency amount (not Python's round,
    which works on the binary value: round(94.225, 2) is 94.22)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_line_quantity_when_it_gives_the_amount_back():
    # 14,962 kWh at 80.40 EUR/MWh: 1,202.94 EUR, printed 14.962 MWh x 80.40
    assert t.line_quantity(1202.94, 14.962, 80.40, (3, 2), cents) == (14.962, 80.40)
    # one month of 15 kW at 37.69 EUR/kW/year: 47.1125 a month, 4 price digits
    assert t.line_quantity(47.11, 1.0, 15 * 37.69 / 12, (3, 4), cents) == (1.0, 47.1125)
    # the amount unrounded, as computed: 2 months of 47.1125 are 94.225, billed 94.23
    assert t.line_quantity(94.225, 2.0, 47.1125, (3, 4), cents) == (2.0, 47.1125)


def test_line_quantity_none_when_the_amount_cannot_be_given_back():
    # with 2 price digits, 2 x 47.11 would print 94.22 for the 94.23 billed
    assert t.line_quantity(94.225, 2.0, 47.1125, (3, 2), cents) is None
    # an indexed price of 80.4037 EUR/MWh with 2 price digits: 14.962 x 80.40 is
    # 1,202.94, not the 1,203.00 billed
    assert t.line_quantity(1203.00, 14.962, 80.4037, (3, 2), cents) is None
    # a quantity with more decimals than the database keeps: 14.9625 MWh
    assert t.line_quantity(1203.0, 14.9625, 80.40, (3, 2), cents) is None
    # nothing measured
    assert t.line_quantity(0.0, 0.0, 80.40, (3, 2), cents) is None
