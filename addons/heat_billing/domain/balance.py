# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The network's yearly balance for the tariff review: what R1 earns against what the
energy costs (wood, backup fuel), what R2 earns against the fixed costs."""

VARIABLE_COST_PREFIXES = ("601", "602", "6061")


def is_variable_cost(account_code, prefixes=VARIABLE_COST_PREFIXES):
    """Purchases of fuel and energy (French chart: 601, 602, 6061) follow the MWh."""
    return any((account_code or "").startswith(prefix) for prefix in prefixes)


def balance(r1_revenue, r2_revenue, variable_costs, fixed_costs):
    """Margins and cover ratios (revenue / costs, ``None`` without costs)."""
    return {
        "r1_margin": r1_revenue - variable_costs,
        "r2_margin": r2_revenue - fixed_costs,
        "r1_cover": r1_revenue / variable_costs if variable_costs else None,
        "r2_cover": r2_revenue / fixed_costs if fixed_costs else None,
        "margin": r1_revenue + r2_revenue - variable_costs - fixed_costs,
    }
