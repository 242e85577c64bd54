# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The yearly figures of a heat network: the national survey and the classement.

The survey (*enquête annuelle des réseaux de chaleur et de froid*, run by the SNCU
with FEDENE and AMORCE for the ministry's statistics service) asks each network for
its heat delivered by sector, its production by energy, its renewable and recovered
share and the CO2 content of the heat it delivers. A network may be classified
(*classement*, Code de l'énergie, art. L712-1) when at least half of its heat is
renewable or recovered, every delivery point is metered and its accounts balance.
"""

from datetime import date, timedelta
from decimal import Decimal

# Emission factors in kg CO2 per kWh PCI of final energy burnt, heating use: the
# arrêté of 31 March 2021 on the methods of the DPE (annex, "facteurs d'émission"),
# the values in force since 1 July 2021 (the arrêté of 15 September 2006, 0.013 for
# every wood, 0.300 for heating oil, 0.234 for natural gas, is superseded). Keyed by
# the boiler fuels of heat_network.
EMISSION_FACTORS = {
    "wood_chips_forest": Decimal("0.024"),
    "wood_chips_sawmill": Decimal("0.024"),
    "pellets": Decimal("0.030"),
    "heating_oil": Decimal("0.324"),
    "natural_gas": Decimal("0.227"),
    "propane": Decimal("0.272"),
    "electricity": Decimal("0.079"),
}
EMISSION_FACTORS_SOURCE = "arrêté du 31 mars 2021 (DPE), annexe"
# the fuel of a wood delivery (heat.wood.delivery.fuel_type) as a boiler fuel
WOOD_DELIVERY_FUELS = {"chips": "wood_chips_forest", "pellets": "pellets"}
RENEWABLE_FUELS = {"wood_chips_forest", "wood_chips_sawmill", "pellets"}
CLASSEMENT_MIN_SHARE = Decimal("0.5")
SECTORS = ("residential", "tertiary", "industry", "other")


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def renewable_share(renewable_kwh, total_kwh):
    """Renewable and recovered heat produced over all the heat produced (wood counts
    as renewable, backup fuel does not); ``None`` when nothing was produced."""
    total = _dec(total_kwh)
    if not total:
        return None
    return _dec(renewable_kwh) / total


def energy_input_kwh(produced_kwh, efficiency):
    """Energy burnt (kWh PCI) to produce ``produced_kwh`` of heat with a boiler of
    the given seasonal efficiency (a ratio of the fuel's PCI)."""
    efficiency = _dec(efficiency)
    if efficiency <= 0:
        raise ValueError(f"efficiency {efficiency} must be positive")
    return _dec(produced_kwh) / efficiency


def emissions_kg(input_kwh, fuel, factors=None):
    """CO2 emitted (kg) by burning ``input_kwh`` (kWh PCI) of ``fuel``."""
    factors = EMISSION_FACTORS if factors is None else factors
    if fuel not in factors:
        raise ValueError(f"no emission factor for fuel {fuel!r}")
    return _dec(input_kwh) * _dec(factors[fuel])


def co2_content(burnt, delivered_kwh, factors=None):
    """The CO2 content of the heat delivered (kg CO2 per kWh delivered), by the
    regulation's method: the emissions of every energy burnt (energy input in kWh
    PCI times its emission factor) over the heat delivered to the sub-stations.

    ``burnt`` is an iterable of ``(fuel, input_kwh)``. Returns ``(emissions_kg,
    content)``; the content is ``None`` when nothing was delivered."""
    total = sum((emissions_kg(kwh, fuel, factors) for fuel, kwh in burnt), Decimal(0))
    delivered = _dec(delivered_kwh)
    return total, (total / delivered if delivered else None)


def sector_totals(consumptions):
    """Heat delivered per survey sector from ``(sector, kwh)`` pairs: every sector
    present (0 when none), an unknown or empty sector counted as ``other``."""
    totals = dict.fromkeys(SECTORS, Decimal(0))
    for sector, kwh in consumptions:
        totals[sector if sector in totals else "other"] += _dec(kwh)
    return totals


def _day(value):
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def delivery_window(state, commissioning_date, installations, date_from, date_to):
    """The days ``(start, end)`` (inclusive) a sub-station was a delivery point in
    the period, or ``None`` when it was not: a planned one never is; one in service
    from its commissioning (or the period's start); a closed one only while a meter
    was installed in the period, up to the day before the last meter's removal.

    ``installations`` holds ``(date_start, date_end or None)`` pairs."""
    date_from, date_to = _day(date_from), _day(date_to)
    if state == "planned":
        return None
    start = date_from
    if commissioning_date:
        start = max(start, _day(commissioning_date))
    end = date_to
    if state == "closed":
        overlapping = [
            (_day(s), e and _day(e))
            for s, e in installations
            if _day(s) <= date_to and (e is None or _day(e) > date_from)
        ]
        if not overlapping:
            return None
        if all(e is not None for _s, e in overlapping):
            end = min(end, max(e for _s, e in overlapping) - timedelta(days=1))
    if start > end:
        return None
    return start, end


def is_metered(installations, start, end):
    """Whether meters cover every day from ``start`` to ``end`` (inclusive). An
    installation covers the days from its installation to the day before its
    removal: the removal day belongs to the successor (heat_network's rule).

    ``installations`` holds ``(date_start, date_end or None)`` pairs."""
    needed, stop = _day(start), _day(end) + timedelta(days=1)
    for s, e in sorted((_day(s), e and _day(e)) for s, e in installations):
        if s > needed:
            return False
        if e is None:
            return True
        needed = max(needed, e)
        if needed >= stop:
            return True
    return needed >= stop


def classement_criteria(share, metered_count, delivery_point_count, balanced):
    """The classement criteria as ``(code, met, figure)``: the renewable and
    recovered share reaches 50 %, every delivery point is metered (figure: the
    number metered and the number of points), the accounts balance."""
    return [
        (
            "renewable_share",
            share is not None and _dec(share) >= CLASSEMENT_MIN_SHARE,
            share,
        ),
        (
            "metering",
            metered_count == delivery_point_count,
            (metered_count, delivery_point_count),
        ),
        ("balanced_accounts", bool(balanced), None),
    ]
