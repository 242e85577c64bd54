# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Thermal density (densité thermique) of a heat network and the feasibility verdict."""

#: The Fonds Chaleur (ADEME) cap: below it, subsidies are reduced.
DEFAULT_THRESHOLD_MWH_PER_M = 2.5


def thermal_density(mwh_per_year, length_m):
    """Yearly energy per metre of network in MWh/m; None when the length is unknown."""
    if not length_m or length_m <= 0:
        return None
    return mwh_per_year / length_m


def feasibility(mwh_per_year, length_m, threshold=DEFAULT_THRESHOLD_MWH_PER_M):
    """Return ``"go"`` when the density reaches ``threshold``, ``"no_go"`` below it,
    ``"unknown"`` when the network has no length yet."""
    density = thermal_density(mwh_per_year, length_m)
    if density is None:
        return "unknown"
    return "go" if density >= threshold - 1e-9 else "no_go"


def share(part, whole):
    """``part / whole`` as a ratio, 0.0 for an empty whole."""
    return part / whole if whole else 0.0
