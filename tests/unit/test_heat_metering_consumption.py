# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from decimal import Decimal

from heat_metering.domain import consumption as c

D = Decimal


def P(day, meter, index, estimate=False):
    return c.Point(datetime(2025, 1, day), meter, D(index), estimate)


def test_linear_proration_inside():
    points = [P(1, "A", 1000), P(11, "A", 2000), P(21, "A", 2500)]
    result = c.consumption(points, datetime(2025, 1, 6), datetime(2025, 1, 16))
    # half of 1000 + half of 500
    assert result["kwh"] == D("750.000")
    assert not result["estimated"]
    assert (result["index_start"], result["date_start"]) == (
        1000.0,
        datetime(2025, 1, 1),
    )
    assert (result["index_end"], result["date_end"]) == (2500.0, datetime(2025, 1, 21))
    assert result["meters"] == ["A"]


def test_degree_day_proration():
    # 30 DJU on the 1st-5th, none afterwards: all of the first interval is in its
    # first five days
    daily = {date(2025, 1, d): D(6) if d <= 5 else D(0) for d in range(1, 32)}
    points = [P(1, "A", 0), P(11, "A", 1000)]
    weight = c.degree_day_weight(daily)
    result = c.consumption(points, datetime(2025, 1, 1), datetime(2025, 1, 6), weight)
    assert result["kwh"] == D("1000.000")
    linear = c.consumption(points, datetime(2025, 1, 1), datetime(2025, 1, 6))
    assert linear["kwh"] == D("500.000")


def test_degree_day_proration_falls_back_to_time_without_dju():
    weight = c.degree_day_weight({})
    points = [P(1, "A", 0), P(11, "A", 1000)]
    result = c.consumption(points, datetime(2025, 1, 1), datetime(2025, 1, 6), weight)
    assert result["kwh"] == D("500.000")


def test_meter_swap():
    # old meter A from 5000 to 5600 then removed; new meter B starts at 12
    points = [P(1, "A", 5000), P(10, "A", 5600), P(10, "B", 12), P(20, "B", 412)]
    points[2] = c.Point(datetime(2025, 1, 10, 0, 1), "B", D(12))
    result = c.consumption(points, datetime(2025, 1, 1), datetime(2025, 1, 20))
    assert result["kwh"] == D("1000.000")
    assert result["meters"] == ["A", "B"]
    assert not result["warnings"]


def test_rollover_at_meter_maximum():
    points = [P(1, "A", "99999900"), P(2, "A", "150")]
    result = c.consumption(
        points, datetime(2025, 1, 1), datetime(2025, 1, 2), rollovers={"A": 100000000}
    )
    assert result["kwh"] == D("250.000")
    without = c.consumption(points, datetime(2025, 1, 1), datetime(2025, 1, 2))
    assert without["kwh"] == D("0.000")
    assert "decreases" in without["warnings"][0]


def test_estimated_end_and_flag():
    points = [P(1, "A", 0), P(11, "A", 1000)]

    def estimator(start, end):
        return D(100) * D((end - start).days)

    result = c.consumption(
        points, datetime(2025, 1, 6), datetime(2025, 1, 16), estimator=estimator
    )
    assert result["kwh"] == D("1000.000")  # 500 measured + 5 days x 100 estimated
    assert result["estimated"]
    assert "end estimated" in result["warnings"][0]
    # an estimated reading in the period also flags the result
    est = c.consumption(
        [P(1, "A", 0), P(11, "A", 1000, estimate=True)],
        datetime(2025, 1, 1),
        datetime(2025, 1, 11),
    )
    assert est["estimated"] and est["kwh"] == D("1000.000")


def test_no_reading_and_no_estimator():
    result = c.consumption([], datetime(2025, 1, 1), datetime(2025, 2, 1))
    assert result["kwh"] == 0 and result["warnings"] == ["no reading"]
    est = c.consumption(
        [], datetime(2025, 1, 1), datetime(2025, 2, 1), estimator=lambda a, b: 42
    )
    assert est["kwh"] == D(42) and est["estimated"]
    cut = c.consumption(
        [P(5, "A", 0), P(6, "A", 10)], datetime(2025, 1, 1), datetime(2025, 1, 9)
    )
    assert cut["kwh"] == D("10.000") and len(cut["warnings"]) == 2


def test_estimate_kwh():
    # same period last year: 12 MWh for 300 DJU; this year 250 DJU
    assert c.estimate_kwh(250, 12000, 300) == D(10000)
    # building need 60 MWh/year, normal 2400 DJU/year, 240 DJU -> 6 MWh
    assert c.estimate_kwh(240, 60000, 2400) == D(6000)
    assert c.estimate_kwh(240, 60000, 0, base_kwh=5) == D(5)
