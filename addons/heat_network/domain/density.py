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


#: Network states in which the feasibility is still a question; past its study a
#: network is being built, in service or closed, and shows that state, not a verdict.
STUDY_STATES = ("study",)


def feasibility(
    mwh_per_year, length_m, threshold=DEFAULT_THRESHOLD_MWH_PER_M, state="study"
):
    """Return ``"go"`` when the density reaches ``threshold``, ``"no_go"`` below it,
    ``"unknown"`` when the network has no length yet, ``None`` when the network
    (in ``state``) is past its study."""
    if state not in STUDY_STATES:
        return None
    density = thermal_density(mwh_per_year, length_m)
    if density is None:
        return "unknown"
    return "go" if density >= threshold - 1e-9 else "no_go"


def share(part, whole):
    """``part / whole`` as a ratio, 0.0 for an empty whole."""
    return part / whole if whole else 0.0


#: Building states that count as committed to the network.
COMMITTED_STATES = ("pledged", "subscribed", "connected")


def committed_energy(buildings):
    """Sum what the committed buildings of a network bring.

    ``buildings`` is an iterable of dicts with ``state``, ``need_mwh`` (the building's
    estimate), ``pledge_mwh`` and ``pledge_kw`` (of its latest signed pledge, or None)
    and ``subscribed_kw`` (of its sub-station, or 0). A building counts when it is
    pledged, subscribed or connected; the signed pledge's figures win over the
    building's estimate, the subscribed power over nothing.
    Returns ``{"count": int, "mwh": float, "kw": float}``.
    """
    count, mwh, kw = 0, 0.0, 0.0
    for building in buildings:
        if building["state"] not in COMMITTED_STATES:
            continue
        count += 1
        pledge_mwh = building.get("pledge_mwh")
        mwh += pledge_mwh if pledge_mwh is not None else building.get("need_mwh") or 0.0
        pledge_kw = building.get("pledge_kw")
        kw += (
            pledge_kw if pledge_kw is not None else building.get("subscribed_kw") or 0.0
        )
    return {"count": count, "mwh": mwh, "kw": kw}
