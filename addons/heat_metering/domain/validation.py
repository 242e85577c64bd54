# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Checks of a new index reading against the previous one of the same meter.

Each check returns a :class:`Flag` or None. ``check_reading`` runs them all.
"""

from dataclasses import dataclass, field
from decimal import Decimal

# the English reason of each flag; the model layer gives their translations
MESSAGES = {
    "decrease": "index decreases from %(previous)s to %(index)s kWh without a "
    "recorded meter swap or rollover",
    "gap": "no reading for %(days)s days (more than %(max)s)",
    "frozen": "index unchanged at %(index)s kWh over %(dju)s degree-days",
    "spike": "%(kwh)s kWh consumed where %(dju)s degree-days allow about "
    "%(expected)s kWh (limit %(limit)s)",
    "power": "%(kwh)s kWh in %(hours)s h exceeds what %(power)s kW can deliver "
    "(%(limit)s kWh)",
}


@dataclass
class Flag:
    code: str  # decrease, spike, frozen, gap, power
    params: dict = field(default_factory=dict)

    def text(self, messages=None):
        """The reason, from ``messages`` (translations by code) or in English."""
        return (messages or MESSAGES)[self.code] % self.params

    @property
    def message(self):
        return self.text()


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def check_decrease(previous_index, index, rollover=None, swapped=False):
    """The index must not go down, except at a meter swap or a rollover at the
    meter's maximum (the previous index must then be in the top tenth of the range)."""
    if swapped or previous_index is None or _dec(index) >= _dec(previous_index):
        return None
    if rollover:
        rollover = _dec(rollover)
        if _dec(previous_index) >= rollover * Decimal("0.9") and _dec(
            index
        ) < rollover * Decimal("0.1"):
            return None
    return Flag("decrease", {"previous": previous_index, "index": index})


def check_gap(previous_ts, ts, max_gap_days):
    if previous_ts is None or not max_gap_days:
        return None
    days = (ts - previous_ts).total_seconds() / 86400
    if days > max_gap_days:
        return Flag("gap", {"days": f"{days:.0f}", "max": max_gap_days})
    return None


def check_frozen(previous_index, index, dju, min_dju):
    """An unchanged index while the degree-days say heat was needed."""
    if previous_index is None or _dec(index) != _dec(previous_index):
        return None
    if min_dju and _dec(dju) >= _dec(min_dju):
        return Flag("frozen", {"index": index, "dju": f"{_dec(dju):.1f}"})
    return None


def check_spike(delta_kwh, dju, kwh_per_dju, factor, base_kwh=0):
    """A consumption far above what the degree-days allow:
    ``delta > factor * (base + kwh_per_dju * dju)``."""
    if not kwh_per_dju or delta_kwh is None:
        return None
    expected = _dec(base_kwh) + _dec(kwh_per_dju) * _dec(dju)
    limit = _dec(factor) * expected
    if _dec(delta_kwh) > limit and _dec(delta_kwh) > 0:
        return Flag(
            "spike",
            {
                "kwh": f"{_dec(delta_kwh):.0f}",
                "dju": f"{_dec(dju):.1f}",
                "expected": f"{expected:.0f}",
                "limit": f"{limit:.0f}",
            },
        )
    return None


def check_power(delta_kwh, hours, power_kw, margin=Decimal("1.2")):
    """More energy than the subscribed power can deliver in the interval."""
    if not power_kw or not hours or delta_kwh is None:
        return None
    limit = _dec(power_kw) * _dec(hours) * margin
    if _dec(delta_kwh) > limit:
        return Flag(
            "power",
            {
                "kwh": f"{_dec(delta_kwh):.0f}",
                "hours": f"{_dec(hours):.0f}",
                "power": power_kw,
                "limit": f"{limit:.0f}",
            },
        )
    return None


def check_reading(
    previous,
    current,
    *,
    rollover=None,
    swapped=False,
    dju=0,
    kwh_per_dju=None,
    spike_factor=3,
    base_kwh=0,
    frozen_min_dju=10,
    max_gap_days=None,
    power_kw=None,
):
    """Check ``current`` = ``(timestamp, index)`` against ``previous`` (or None)."""
    if previous is None:
        return []
    prev_ts, prev_index = previous
    ts, index = current
    flags = []
    decrease = check_decrease(prev_index, index, rollover, swapped)
    if decrease:
        flags.append(decrease)
    delta = None
    if not swapped and not decrease:
        delta = _dec(index) - _dec(prev_index)
        if delta < 0 and rollover:
            delta += _dec(rollover)
    hours = Decimal((ts - prev_ts).total_seconds()) / Decimal(3600)
    for flag in (
        check_spike(delta, dju, kwh_per_dju, spike_factor, base_kwh),
        check_power(delta, hours, power_kw),
        None if swapped else check_frozen(prev_index, index, dju, frozen_min_dju),
        check_gap(prev_ts, ts, max_gap_days),
    ):
        if flag:
            flags.append(flag)
    return flags
