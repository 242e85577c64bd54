# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

import pytest
from heat_metering.domain import kpi


def test_la_chaise_dieu_study_figures():
    result = kpi.network_kpis(
        delivered_kwh=1_723_000,
        produced_wood_kwh=2_036_000,
        produced_backup_kwh=0,
        length_m=1534,
        wood_tonnes=680,
    )
    assert result["delivered_mwh"] == 1723
    assert result["produced_mwh"] == 2036
    assert result["losses_mwh"] == 313
    assert round(result["efficiency"], 2) == 0.85
    assert round(result["density_mwh_per_m"], 2) == 1.12
    assert round(result["losses_kwh_per_m"]) == 204
    assert result["renewable_share"] == 1.0 and result["reduced_vat"]
    assert round(result["wood_mwh_per_tonne"], 2) == 2.99


def test_renewable_share_and_vat_threshold():
    half = kpi.network_kpis(1000, 500, 500, 100)
    assert half["renewable_share"] == 0.5 and half["reduced_vat"]
    below = kpi.network_kpis(1000, 499, 501, 100)
    assert not below["reduced_vat"]


def test_undefined_ratios_and_normalisation():
    empty = kpi.network_kpis(0, 0, 0, 0)
    assert empty["efficiency"] is None and empty["density_mwh_per_m"] is None
    norm = kpi.network_kpis(1_000_000, 1_200_000, 0, 1000, dju=2000, normal_dju=2500)
    assert norm["delivered_mwh_dju_normalised"] == 1250.0
    change = kpi.compare(norm, kpi.network_kpis(800_000, 1_000_000, 0, 1000))
    assert change["delivered_mwh"] == pytest.approx(0.25)


def test_pci_depends_on_moisture():
    assert kpi.pci_mwh_per_tonne(0) == Decimal("5.1389")
    assert kpi.pci_mwh_per_tonne(30) == Decimal("3.3936")
    assert kpi.pci_mwh_per_tonne(10, "pellets") > kpi.pci_mwh_per_tonne(40, "chips")
    assert kpi.wood_energy_mwh(10, 30) == Decimal("33.936")
    with pytest.raises(ValueError, match="outside 0-100"):
        kpi.pci_mwh_per_tonne(100)
