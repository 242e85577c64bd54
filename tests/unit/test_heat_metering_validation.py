# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from heat_metering.domain import validation as v

T0 = datetime(2025, 1, 1)
T1 = datetime(2025, 1, 31)


def codes(flags):
    return [f.code for f in flags]


def test_decrease_without_swap():
    assert codes(v.check_reading((T0, 1000), (T1, 900))) == ["decrease"]
    assert codes(v.check_reading((T0, 1000), (T1, 900), swapped=True)) == []


def test_rollover_is_not_a_decrease():
    assert v.check_decrease(99_999_000, 500, rollover=100_000_000) is None
    # far from the maximum: not a rollover
    flag = v.check_decrease(50_000_000, 500, rollover=100_000_000)
    assert flag.code == "decrease" and "without a recorded meter swap" in flag.message


def test_spike_against_degree_days():
    # 10 kWh per DJU, 300 DJU: about 3,000 kWh expected, limit 9,000
    flags = v.check_reading((T0, 0), (T1, 9500), dju=300, kwh_per_dju=10)
    assert codes(flags) == ["spike"]
    assert "300.0 degree-days allow about 3000 kWh" in flags[0].message
    assert v.check_reading((T0, 0), (T1, 8500), dju=300, kwh_per_dju=10) == []


def test_power_limit():
    # 10 kW for 720 h: at most 8,640 kWh (with a 20 % margin)
    flags = v.check_reading((T0, 0), (T1, 9000), power_kw=10)
    assert codes(flags) == ["power"]


def test_frozen_meter():
    flags = v.check_reading((T0, 1234), (T1, 1234), dju=300)
    assert codes(flags) == ["frozen"]
    # in summer (few degree-days) an unchanged index is normal
    assert v.check_reading((T0, 1234), (T1, 1234), dju=2) == []


def test_gap():
    flags = v.check_reading((T0, 0), (T1, 10), max_gap_days=20)
    assert codes(flags) == ["gap"] and "no reading for 30 days" in flags[0].message
    assert v.check_reading((T0, 0), (T1, 10), max_gap_days=45) == []


def test_first_reading_has_no_flag():
    assert v.check_reading(None, (T1, 10)) == []
