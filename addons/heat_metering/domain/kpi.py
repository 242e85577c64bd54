# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Network KPIs and wood energy.

Definitions (La Chaise-Dieu study): produced = delivered + losses; efficiency =
delivered / produced; thermal density = delivered MWh per metre of network; losses in
kWh per metre; renewable share = wood (renewable) production / total production.
"""

from decimal import ROUND_HALF_UP, Decimal

# Anhydrous lower heating value (MJ/kg) and water's latent heat (MJ/kg)
ANHYDROUS_PCI_MJ_KG = {"chips": Decimal("18.5"), "pellets": Decimal("18.5")}
LATENT_HEAT_MJ_KG = Decimal("2.443")
MJ_PER_MWH = Decimal(3600)
REDUCED_VAT_RENEWABLE_SHARE = Decimal("0.5")


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def pci_mwh_per_tonne(moisture_pct, fuel="chips", anhydrous_mj_kg=None):
    """PCI of wet wood (MWh per tonne as delivered) for a moisture rate on wet basis:
    ``PCI = PCI0 (1 - H) - 2.443 H`` (MJ/kg), converted to MWh/t."""
    moisture = _dec(moisture_pct) / 100
    if not 0 <= moisture < 1:
        raise ValueError(f"moisture {moisture_pct} % is outside 0-100 %")
    pci0 = _dec(anhydrous_mj_kg) if anhydrous_mj_kg else ANHYDROUS_PCI_MJ_KG[fuel]
    mj_per_kg = pci0 * (1 - moisture) - LATENT_HEAT_MJ_KG * moisture
    return (mj_per_kg * 1000 / MJ_PER_MWH).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def wood_energy_mwh(tonnes, moisture_pct, fuel="chips", anhydrous_mj_kg=None):
    return _dec(tonnes) * pci_mwh_per_tonne(moisture_pct, fuel, anhydrous_mj_kg)


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else None


def network_kpis(
    delivered_kwh,
    produced_wood_kwh,
    produced_backup_kwh,
    length_m,
    wood_tonnes=0,
    dju=None,
    normal_dju=None,
):
    """The KPIs of a network over a period, as floats (None when undefined)."""
    delivered = _dec(delivered_kwh) / 1000
    wood = _dec(produced_wood_kwh) / 1000
    backup = _dec(produced_backup_kwh) / 1000
    produced = wood + backup
    losses = produced - delivered
    length = _dec(length_m or 0)
    tonnes = _dec(wood_tonnes or 0)
    normalised = None
    if dju and normal_dju:
        normalised = delivered * _dec(normal_dju) / _dec(dju)

    def f(value):
        return None if value is None else float(value)

    renewable = _ratio(wood, produced)
    return {
        "delivered_mwh": f(delivered),
        "produced_mwh": f(produced),
        "produced_wood_mwh": f(wood),
        "produced_backup_mwh": f(backup),
        "renewable_share": f(renewable),
        "reduced_vat": bool(
            renewable is not None and renewable >= REDUCED_VAT_RENEWABLE_SHARE
        ),
        "losses_mwh": f(losses),
        "losses_kwh_per_m": f(_ratio(losses * 1000, length)),
        "efficiency": f(_ratio(delivered, produced)),
        "density_mwh_per_m": f(_ratio(delivered, length)),
        "wood_tonnes": f(tonnes),
        "wood_mwh_per_tonne": f(_ratio(wood, tonnes)),
        "dju": f(_dec(dju)) if dju is not None else None,
        "normal_dju": f(_dec(normal_dju)) if normal_dju is not None else None,
        "delivered_mwh_dju_normalised": f(normalised),
    }


def compare(current, previous):
    """Relative change of each numeric KPI against an earlier period (or None)."""
    out = {}
    for key, value in current.items():
        before = previous.get(key)
        if isinstance(value, float) and isinstance(before, float) and before:
            out[key] = (value - before) / abs(before)
        else:
            out[key] = None
    return out
