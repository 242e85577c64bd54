# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from heat_metering.domain import degree_days as dd

DATA = Path(__file__).resolve().parents[2] / "addons/heat_metering/tests/data"
FUNCTIONS = {
    "meteo_heating": dd.meteo_heating,
    "meteo_cooling": dd.meteo_cooling,
    "pro_costic_heating": dd.costic_heating,
    "pro_costic_cooling": dd.costic_cooling,
}


def _vectors():
    with (DATA / "dju_method_vectors.csv").open() as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _vectors(), ids=lambda r: f"{r['method']}-{r['tn_c']}")
def test_vectors_exact(row):
    result = FUNCTIONS[row["method"]](row["tn_c"], row["tx_c"], row["base_c"])
    assert result == Decimal(row["expected_dj"])
    assert str(result) == str(Decimal(row["expected_dj"]).normalize() + 0)


def test_all_vectors_covered():
    assert len(_vectors()) == 12


def test_dispatch_and_unknown_method():
    assert dd.heating_degree_days(5, 15, "costic") == Decimal(8)
    assert dd.heating_degree_days(10, 20, "meteo") == Decimal(3)
    with pytest.raises(ValueError, match="unknown degree-day method"):
        dd.heating_degree_days(5, 15, "other")


def test_sum_and_normals():
    days = [(date(2023, 2, d), -2, 6) for d in range(1, 29)]
    days += [(date(2024, 2, d), 2, 10) for d in range(1, 30)]
    assert dd.sum_degree_days(days) == Decimal(16 * 28 + 12 * 29)
    normals = dd.monthly_normals(days)
    # mean of the two complete Februaries
    assert normals == {2: (Decimal(16 * 28) + Decimal(12 * 29)) / 2}
    # an incomplete month is not a normal
    assert dd.monthly_normals(days[:10]) == {}
    # the normal of half of February 2025 (28 days): half of it
    half = dd.normal_degree_days({2: Decimal(28)}, date(2025, 2, 1), date(2025, 2, 14))
    assert half == Decimal(14)
