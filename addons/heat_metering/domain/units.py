# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Energy units: every energy is stored in kWh with three decimals (exact Wh)."""

from decimal import ROUND_HALF_EVEN, Decimal

KWH_PER_UNIT = {
    "wh": Decimal("0.001"),
    "kwh": Decimal("1"),
    "mwh": Decimal("1000"),
    "gj": Decimal("1000") / Decimal("3.6"),
    "mj": Decimal("1") / Decimal("3.6"),
    "j": Decimal("1") / Decimal("3600000"),
}
WH = Decimal("0.001")


class UnitError(ValueError):
    """An unknown energy unit."""


def normalise_unit(unit):
    key = (unit or "").strip().lower().replace(" ", "")
    if key not in KWH_PER_UNIT:
        raise UnitError(
            f"unknown energy unit {unit!r} (known: Wh, kWh, MWh, GJ, MJ, J)"
        )
    return key


def to_kwh(value, unit):
    """Convert ``value`` (a number or numeric text) in ``unit`` to kWh, to the Wh.

    >>> to_kwh("1", "GJ")
    Decimal('277.778')
    """
    factor = KWH_PER_UNIT[normalise_unit(unit)]
    return (Decimal(str(value)) * factor).quantize(WH, rounding=ROUND_HALF_EVEN)


def from_kwh(kwh, unit):
    """Convert kWh to ``unit`` (Decimal, unrounded beyond Decimal's precision)."""
    return Decimal(str(kwh)) / KWH_PER_UNIT[normalise_unit(unit)]
