"""Yearly cost of heat: the heat network against the subscriber's current energy.

Plain functions on plain values ("coût global" of the feasibility study). Amounts are
computed unrounded; only display rounds them.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CostLine:
    """One line of a yearly bill: its amount before tax and its VAT rate."""

    label: str
    amount_ht: float
    vat_rate: float

    @property
    def amount_ttc(self):
        return self.amount_ht * (1 + self.vat_rate)

    @classmethod
    def from_ttc(cls, label, amount_ttc, vat_rate):
        return cls(label, amount_ttc / (1 + vat_rate), vat_rate)


@dataclass(frozen=True)
class YearlyCost:
    """The lines of one heating solution for one year and the useful energy they buy."""

    name: str
    useful_mwh: float
    lines: tuple = field(default_factory=tuple)

    @property
    def total_ht(self):
        return sum(line.amount_ht for line in self.lines)

    @property
    def total_ttc(self):
        return sum(line.amount_ttc for line in self.lines)

    @property
    def ttc_per_mwh(self):
        if self.useful_mwh <= 0:
            raise ValueError("the useful energy must be positive")
        return self.total_ttc / self.useful_mwh


# The study's typical house: 2,000 litres of heating oil a year at 8.415 useful kWh
# per litre, on the network with 20 kW subscribed.
TYPICAL_HOUSE_USEFUL_MWH = 2000 * 8.415 / 1000
TYPICAL_HOUSE_KW = 20.0


def typical_quantity(useful_kwh_per_unit, useful_mwh=TYPICAL_HOUSE_USEFUL_MWH):
    """Yearly quantity of an energy that gives ``useful_mwh`` of useful heat, rounded
    to the hundredth (2,000 litres of heating oil for the study's house)."""
    if useful_kwh_per_unit <= 0:
        raise ValueError("the useful energy per unit must be positive")
    return round(useful_mwh * 1000 / useful_kwh_per_unit, 2)


def annuity(principal, rate, years):
    """Constant yearly payment that repays ``principal`` over ``years`` at ``rate``."""
    if years <= 0:
        raise ValueError("the number of years must be positive")
    if rate == 0:
        return principal / years
    return principal * rate / (1 - (1 + rate) ** -years)


def heat_network_cost(
    useful_mwh, subscribed_kw, r1_per_mwh, r2_per_kw_year, vat_rate=0.055
):
    """The network's yearly bill: R1 on the useful energy, R2 on the power."""
    if useful_mwh <= 0 or subscribed_kw <= 0:
        raise ValueError("the energy and the subscribed power must be positive")
    return YearlyCost(
        "heat_network",
        useful_mwh,
        (
            CostLine("energy", useful_mwh * r1_per_mwh, vat_rate),
            CostLine("subscription", subscribed_kw * r2_per_kw_year, vat_rate),
        ),
    )


def current_energy_cost(
    name,
    useful_mwh,
    fuel_ttc,
    fuel_vat_rate,
    standing_charge_ttc=0.0,
    routine_maintenance_ht=0.0,
    routine_maintenance_vat_rate=0.10,
    major_maintenance_ht=0.0,
    major_maintenance_vat_rate=0.20,
    replacement_ttc=0.0,
    replacement_vat_rate=0.10,
    replacement_years=20,
    replacement_rate=0.03,
    sundry_ttc=0.0,
):
    """The yearly bill of the subscriber's current heating, everything included.

    ``fuel_ttc`` is what the fuel costs in a year, tax included (quantity × price); the
    boiler replacement is turned into a yearly annuity.
    """
    if useful_mwh <= 0 or fuel_ttc < 0:
        raise ValueError("the energy must be positive and the fuel cost not negative")
    lines = [CostLine.from_ttc("fuel", fuel_ttc, fuel_vat_rate)]
    if standing_charge_ttc:
        lines.append(
            CostLine.from_ttc("standing_charge", standing_charge_ttc, fuel_vat_rate)
        )
    if routine_maintenance_ht:
        lines.append(
            CostLine(
                "routine_maintenance",
                routine_maintenance_ht,
                routine_maintenance_vat_rate,
            )
        )
    if major_maintenance_ht:
        lines.append(
            CostLine(
                "major_maintenance", major_maintenance_ht, major_maintenance_vat_rate
            )
        )
    if replacement_ttc:
        yearly = annuity(replacement_ttc, replacement_rate, replacement_years)
        lines.append(CostLine.from_ttc("replacement", yearly, replacement_vat_rate))
    if sundry_ttc:
        lines.append(CostLine.from_ttc("sundry", sundry_ttc, 0.0))
    return YearlyCost(name, useful_mwh, tuple(lines))


def projection(first_year_ttc, yearly_rise, years):
    """Yearly amounts over ``years`` years, rising by ``yearly_rise`` each year."""
    return [first_year_ttc * (1 + yearly_rise) ** year for year in range(years)]


def simple_payback(investment, first_year_saving):
    """Simple payback in years, as practitioners compute it.

    The investment over the first year's saving, with no price rise and no
    discounting: 11,000 € / 1,168.54 € = 9.41 years for the study's electric house.
    None when the saving is nil or negative: the investment is never repaid.
    """
    if investment < 0:
        raise ValueError("the investment cannot be negative")
    if first_year_saving <= 0:
        return None
    return investment / first_year_saving


def discounted_payback(investment, network_costs, current_costs, discount_rate):
    """Discounted payback in years, with the price rises, or None within the horizon.

    ``network_costs`` and ``current_costs`` are the projected yearly amounts (first
    year first), so they carry each energy's price rise; each year's saving is
    discounted to today at ``discount_rate`` (the financing rate, 3 % in the study)
    and added up until it repays ``investment``. The result is fractional: the last
    year counts for the part of it needed (8.6 years for the study's electric house).
    """
    if investment < 0:
        raise ValueError("the investment cannot be negative")
    remaining = investment
    for year, (network, current) in enumerate(
        zip(network_costs, current_costs, strict=True)
    ):
        saving = (current - network) / (1 + discount_rate) ** (year + 1)
        if saving >= remaining and saving > 0:
            return year + remaining / saving
        remaining -= saving
    return None


def cumulated_savings(network_costs, current_costs, investment=0.0):
    """Savings added up year after year, less ``investment``: the payback is where
    the amounts turn positive."""
    cumulated, total = [], -investment
    for network, current in zip(network_costs, current_costs, strict=True):
        total += current - network
        cumulated.append(total)
    return cumulated


def sensitivity(price_share, rise=0.20):
    """Relative change of a price when a component weighing ``price_share`` rises."""
    return price_share * rise
