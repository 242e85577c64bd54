# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta
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
    # no reading at the bounds: both indexes are interpolated, so estimated
    assert result["estimated"]
    assert result["estimated_start"] and result["estimated_end"]
    assert (result["index_start"], result["date_start"]) == (
        1500.0,
        datetime(2025, 1, 6),
    )
    assert (result["index_end"], result["date_end"]) == (2250.0, datetime(2025, 1, 16))
    assert result["kwh"] == D(str(result["index_end"] - result["index_start"]))
    assert result["meters"] == ["A"]
    assert [n.code for n in result["warnings"]] == [
        "start_interpolated",
        "end_interpolated",
    ]


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
    assert without["warnings"][0].code == "index_decrease"
    assert without["warnings"][0].params["index"] == D(150)


def test_estimated_end_and_flag():
    points = [P(1, "A", 0), P(11, "A", 1000)]

    def estimator(start, end):
        return D(100) * D((end - start).days)

    result = c.consumption(
        points, datetime(2025, 1, 6), datetime(2025, 1, 16), estimator=estimator
    )
    assert result["kwh"] == D("1000.000")  # 500 measured + 5 days x 100 estimated
    assert result["estimated"]
    # the start is interpolated (no reading within the tolerance), the end
    # extrapolated
    assert result["estimated_start"] and result["estimated_end"]
    (notice,) = [n for n in result["warnings"] if n.code == "end_extrapolated"]
    assert notice.params["reading"] == datetime(2025, 1, 11)
    assert notice.params["index"] == D(1500)
    assert result["index_end"] == 1500.0
    # an estimated reading in the period also flags the result
    est = c.consumption(
        [P(1, "A", 0), P(11, "A", 1000, estimate=True)],
        datetime(2025, 1, 1),
        datetime(2025, 1, 11),
    )
    assert est["estimated"] and est["kwh"] == D("1000.000")


def test_no_reading_and_no_estimator():
    result = c.consumption([], datetime(2025, 1, 1), datetime(2025, 2, 1))
    assert result["kwh"] == 0 and result["warnings"] == [c.Notice("no_reading", {})]
    est = c.consumption(
        [], datetime(2025, 1, 1), datetime(2025, 2, 1), estimator=lambda a, b: 42
    )
    assert est["kwh"] == D(42) and est["estimated"]
    cut = c.consumption(
        [P(5, "A", 0), P(6, "A", 10)], datetime(2025, 1, 1), datetime(2025, 1, 9)
    )
    assert cut["kwh"] == D("10.000")
    assert [n.code for n in cut["warnings"]] == ["start_cut", "end_cut"]
    assert (cut["index_start"], cut["index_end"]) == (0.0, 10.0)


def test_estimate_kwh():
    # same period last year: 12 MWh for 300 DJU; this year 250 DJU
    assert c.estimate_kwh(250, 12000, 300) == D(10000)
    # building need 60 MWh/year, normal 2400 DJU/year, 240 DJU -> 6 MWh
    assert c.estimate_kwh(240, 60000, 2400) == D(6000)
    assert c.estimate_kwh(240, 60000, 0, base_kwh=5) == D(5)


PARIS = "Europe/Paris"
DAYS3 = timedelta(days=3)


def R(stamp, index, meter="A", estimate=False, rid=None):
    return c.Point(stamp, meter, D(index), estimate, rid)


def test_local_bounds_winter_summer_and_daylight_saving_days():
    # January: UTC+1, the month starts at 23:00 UTC on December 31
    assert c.local_bounds(date(2025, 1, 1), date(2025, 1, 31), PARIS) == (
        datetime(2024, 12, 31, 23),
        datetime(2025, 1, 31, 23),
    )
    # July: UTC+2
    assert c.local_bounds(date(2025, 7, 1), date(2025, 7, 31), PARIS) == (
        datetime(2025, 6, 30, 22),
        datetime(2025, 7, 31, 22),
    )
    # the day of the missing hour lasts 23 hours, the repeated one 25
    start, end = c.local_bounds(date(2025, 3, 30), date(2025, 3, 30), PARIS)
    assert end - start == timedelta(hours=23)
    start, end = c.local_bounds(date(2025, 10, 26), date(2025, 10, 26), PARIS)
    assert end - start == timedelta(hours=25)
    # March 2025 lasts 31 days less an hour
    start, end = c.local_bounds(date(2025, 3, 1), date(2025, 3, 31), PARIS)
    assert end - start == timedelta(days=31, hours=-1)
    # datetimes are UTC, as they are; no time zone means UTC days
    moment = datetime(2025, 1, 1, 5)
    assert c.local_bounds(moment, moment, PARIS) == (moment, moment)
    assert c.local_bounds(date(2025, 1, 1), date(2025, 1, 1), None) == (
        datetime(2025, 1, 1),
        datetime(2025, 1, 2),
    )
    assert c.local_date(datetime(2025, 6, 30, 22), PARIS) == date(2025, 7, 1)


def _month(day_from, day_to):
    return c.local_bounds(day_from, day_to, PARIS)


def test_readings_at_local_midnight_winter_and_summer_are_the_bounds():
    # a French export: readings at 00:00 Paris time on the 1st
    for month, offset in ((1, 1), (7, 2)):
        following = date(2025, month + 1, 1)
        points = [
            R(datetime(2025, month, 1) - timedelta(hours=offset), "1070135.685"),
            R(datetime(2025, month, 15, 10), "1073000.5"),
            R(datetime(2025, month + 1, 1) - timedelta(hours=offset), "1076256.100"),
        ]
        start, end = _month(date(2025, month, 1), following - timedelta(days=1))
        # exact bounds: no tolerance needed
        result = c.consumption(points, start, end)
        assert not result["estimated"] and not result["warnings"]
        assert result["kwh"] == D("6120.415")
        assert result["kwh"] == D("1076256.100") - D("1070135.685")
        assert (result["index_start"], result["index_end"]) == (
            1070135.685,
            1076256.1,
        )
        assert (result["date_start"], result["date_end"]) == (start, end)


def test_daylight_saving_days_readings_at_local_midnight():
    # readings at local midnight around both changes of 2025
    for day in (date(2025, 3, 30), date(2025, 10, 26)):
        start, end = _month(day, day)
        points = [R(start, 1000), R(end, 1240)]
        result = c.consumption(points, start, end)
        assert result["kwh"] == D("240.000") and not result["estimated"]


def test_degree_days_are_local_days_and_daylight_saving_days_are_whole_days():
    # 10 DJU on March 30 (23 hours), none on March 29 and 31
    daily = {date(2025, 3, 29): D(0), date(2025, 3, 30): D(10), date(2025, 3, 31): D(0)}
    weight = c.degree_day_weight(daily, PARIS)
    start, end = _month(date(2025, 3, 30), date(2025, 3, 30))
    assert weight(start, end) == D(10)
    # half of the 23-hour day carries half of its degree-days
    assert weight(start, start + timedelta(hours=11.5)) == D(5)
    # the whole three days: the local midnights are found, nothing spills over
    first, last = _month(date(2025, 3, 29), date(2025, 3, 31))
    assert weight(first, last) == D(10)


def test_nearest_reading_within_the_tolerance_is_the_bound():
    start, end = _month(date(2025, 10, 1), date(2025, 10, 31))
    points = [
        R(start - timedelta(days=2), 1000, rid=1),  # 2 days before the start
        R(start + timedelta(days=1), 1100, rid=2),  # 1 day after: nearer
        R(datetime(2025, 10, 15), 1500, rid=3),
        R(end - timedelta(hours=30), 2000, rid=4),  # 30 hours before the end
        R(end + timedelta(days=2, hours=12), 2300, rid=5),
    ]
    result = c.consumption(points, start, end, tolerance=DAYS3)
    assert not result["estimated"] and not result["warnings"]
    # the readings' own dates and indexes, no proration
    assert (result["date_start"], result["index_start"]) == (points[1].timestamp, 1100)
    assert (result["date_end"], result["index_end"]) == (points[3].timestamp, 2000)
    assert result["kwh"] == D(900)
    assert (result["reading_start"], result["reading_end"]) == (2, 4)
    assert result["reading_ids"] == [2, 3, 4]
    # without the tolerance the same readings give an interpolated estimate
    strict = c.consumption(points, start, end)
    assert strict["estimated"] and strict["kwh"] != D(900)
    # the estimate starts from the readings framing the period: both are used
    assert (strict["reading_start"], strict["reading_end"]) == (1, 5)


def test_estimated_readings_are_never_a_bound():
    start, end = _month(date(2025, 10, 1), date(2025, 10, 31))
    points = [
        R(start, 1000),
        R(end - timedelta(hours=1), 1900, estimate=True),
        R(end + timedelta(days=2), 2100),
    ]
    result = c.consumption(points, start, end, tolerance=DAYS3)
    assert result["date_end"] == end + timedelta(days=2)
    assert result["kwh"] == D(1100) and result["estimated"]  # an estimate is used


def test_beyond_the_tolerance_each_bound_is_estimated_and_said():
    start, end = _month(date(2025, 10, 1), date(2025, 10, 31))
    points = [R(start - timedelta(days=5), 1000), R(end - timedelta(days=4), 2000)]

    def estimator(a, b):
        return D(10) * D((b - a).total_seconds()) / 86400

    result = c.consumption(points, start, end, estimator=estimator, tolerance=DAYS3)
    assert result["estimated_start"] and result["estimated_end"]
    codes = {n.code: n.params for n in result["warnings"]}
    assert set(codes) == {"start_interpolated", "end_extrapolated"}
    assert codes["end_extrapolated"]["bound"] == end
    assert codes["end_extrapolated"]["days"] == 3
    assert codes["end_extrapolated"]["reading"] == points[1].timestamp
    # 4 days of 10 kWh after the last reading
    assert result["index_end"] == 2040.0 and result["date_end"] == end
    assert result["kwh"] == D(str(result["index_end"] - result["index_start"]))


def test_ties_are_broken_the_same_way_and_months_add_up():
    october = _month(date(2025, 10, 1), date(2025, 10, 31))
    november = _month(date(2025, 11, 1), date(2025, 11, 30))
    bound = october[1]
    points = [
        R(october[0], 1000),
        R(bound - timedelta(days=1), 1700),  # as far before the bound
        R(bound + timedelta(days=1), 1800),  # as after it
        R(november[1] + timedelta(hours=2), 2600),
    ]
    first = c.consumption(points, *october, tolerance=DAYS3)
    second = c.consumption(points, *november, tolerance=DAYS3)
    # both periods meet on the same reading: the earlier one
    assert first["date_end"] == second["date_start"] == bound - timedelta(days=1)
    assert first["kwh"] + second["kwh"] == D(2600 - 1000)
    assert first["kwh"] == D(700) and second["kwh"] == D(900)


def test_consecutive_months_always_add_up_to_the_index_difference():
    # readings every 2 to 5 days at odd hours, a year long
    points, moment, index = [], datetime(2024, 12, 25, 7), D(50000)
    step = 0
    while moment < datetime(2026, 1, 10):
        points.append(R(moment, index))
        step += 1
        moment += timedelta(days=2 + step % 4, hours=5 * (step % 3))
        index += D(137) + D(step % 7) / 1000
    total = D(0)
    months = [date(2025, m, 1) for m in range(1, 13)] + [date(2026, 1, 1)]
    results = []
    for first, following in zip(months, months[1:], strict=False):
        start, end = _month(first, following - timedelta(days=1))
        result = c.consumption(points, start, end, tolerance=DAYS3)
        assert not result["estimated"]
        assert result["kwh"] == D(str(result["index_end"])) - D(
            str(result["index_start"])
        )
        results.append(result)
        total += result["kwh"]
    for previous, current in zip(results, results[1:], strict=False):
        assert previous["date_end"] == current["date_start"]
    assert total == D(str(results[-1]["index_end"])) - D(str(results[0]["index_start"]))


def test_meter_swap_at_the_bound():
    # the old meter's last reading and the new one's first at local midnight
    october = _month(date(2025, 10, 1), date(2025, 10, 31))
    november = _month(date(2025, 11, 1), date(2025, 11, 30))
    swap = october[1]
    points = [
        R(october[0], 5000, "OLD"),
        R(swap, 5600, "OLD"),
        R(swap, 12, "NEW"),
        R(november[1], 412, "NEW"),
    ]
    first = c.consumption(points, *october, tolerance=DAYS3)
    second = c.consumption(points, *november, tolerance=DAYS3)
    assert (first["meter_end"], first["index_end"], first["kwh"]) == ("OLD", 5600, 600)
    assert (second["meter_start"], second["index_start"]) == ("NEW", 12)
    assert second["kwh"] == D(400) and second["meters"] == ["NEW"]


def test_readings_left_out_between_two_points_are_used_with_them():
    start, end = _month(date(2025, 10, 1), date(2025, 10, 31))
    points = [
        R(start, 1000, rid=1),
        # readings 3 to 5 left out after reading 2: they add nothing to the curve
        c.Point(datetime(2025, 10, 5), "A", D(1100), False, 2, [3, 4, 5]),
        R(datetime(2025, 10, 25), 1800, rid=6),
        R(end, 2000, rid=7),
        # left out after the end: not used
        c.Point(end + timedelta(days=1), "A", D(2100), False, 8, [9]),
        R(end + timedelta(days=5), 2500, rid=10),
    ]
    result = c.consumption(points, start, end)
    assert result["kwh"] == D(1000)
    assert result["reading_ids"] == [1, 2, 3, 4, 5, 6, 7]
    # a period ending on the point they follow does not use them
    before = c.consumption(points, start, datetime(2025, 10, 5))
    assert before["reading_ids"] == [1, 2]
