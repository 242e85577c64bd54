# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest
from heat_network.domain.density import feasibility, share, thermal_density


def test_la_chaise_dieu_density():
    assert thermal_density(1723, 1534) == pytest.approx(1.1232, abs=1e-4)
    assert feasibility(1723, 1534) == "no_go"


def test_threshold_reached():
    assert feasibility(3835, 1534) == "go"
    assert feasibility(1723, 1534, threshold=1.1) == "go"


def test_unknown_length():
    assert thermal_density(100, 0) is None
    assert feasibility(100, 0) == "unknown"


def test_share():
    assert share(9, 30) == pytest.approx(0.3)
    assert share(1, 0) == 0.0
