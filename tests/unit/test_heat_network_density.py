# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest
from heat_network.domain.density import (
    committed_energy,
    feasibility,
    share,
    thermal_density,
)


def test_la_chaise_dieu_density():
    assert thermal_density(1723, 1534) == pytest.approx(1.1232, abs=1e-4)
    assert feasibility(1723, 1534) == "no_go"


def test_threshold_reached():
    assert feasibility(3835, 1534) == "go"
    assert feasibility(1723, 1534, threshold=1.1) == "go"


def test_unknown_length():
    assert thermal_density(100, 0) is None
    assert feasibility(100, 0) == "unknown"


def test_no_verdict_past_the_study():
    assert feasibility(1723, 1534, state="study") == "no_go"
    for state in ("construction", "service", "closed"):
        assert feasibility(1723, 1534, state=state) is None
        assert feasibility(3835, 1534, state=state) is None
        assert feasibility(100, 0, state=state) is None


def test_share():
    assert share(9, 30) == pytest.approx(0.3)
    assert share(1, 0) == 0.0


def test_committed_energy_counts_committed_buildings_only():
    buildings = [
        {"state": "prospect", "need_mwh": 50.0, "pledge_mwh": None, "pledge_kw": None},
        {"state": "declined", "need_mwh": 50.0, "pledge_mwh": 40.0, "pledge_kw": 30.0},
        {"state": "pledged", "need_mwh": 60.0, "pledge_mwh": 70.0, "pledge_kw": 45.0},
        {
            "state": "connected",
            "need_mwh": 20.0,
            "pledge_mwh": None,
            "pledge_kw": None,
            "subscribed_kw": 15.0,
        },
        {"state": "subscribed", "need_mwh": 10.0},
    ]
    assert committed_energy(buildings) == {"count": 3, "mwh": 100.0, "kw": 60.0}
    assert committed_energy([]) == {"count": 0, "mwh": 0.0, "kw": 0.0}
