"""The share capital of a company at variable capital, on plain values.

A capital movement is a ``(date, delta)`` pair: ``delta`` is the nominal amount the
movement adds to the capital (negative for a redemption). A company at variable
capital may not see its capital fall below a quarter of the highest capital reached
since its creation (Code de commerce L231-5, loi 47-1775 art. 7).
"""

from collections import namedtuple
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

FLOOR_RATIO = Decimal(1) / Decimal(4)

#: the figures of a refused decrease of the capital
FloorBreach = namedtuple(
    "FloorBreach", "capital_before capital_after highest highest_date floor"
)


def _cents(amount):
    return Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def highest_reached(movements):
    """``(highest capital, date it was first reached)``: the maximum of the running
    total of the movements walked by date (the movements of one day summed first);
    ``(0, None)`` when the capital never was positive."""
    by_day = {}
    for day, delta in movements:
        by_day[day] = by_day.get(day, Decimal(0)) + _cents(delta)
    running = Decimal(0)
    highest, highest_date = Decimal(0), None
    for day in sorted(by_day):
        running += by_day[day]
        if running > highest:
            highest, highest_date = running, day
    return float(highest), highest_date


def capital_floor(highest):
    """The lowest capital allowed: a quarter of the highest capital reached, rounded
    up to the cent (the capital may equal it, not go under it)."""
    floor = _cents(highest) * FLOOR_RATIO
    return float(floor.quantize(Decimal("0.01"), rounding=ROUND_CEILING))


def floor_breach(movements, new_movements):
    """The figures of the breach when adding ``new_movements`` to the capital made
    of ``movements`` takes it under the floor while lowering it, else ``None``.

    The highest capital is the one reached before the new movements (a decrease
    cannot raise it); the capital before and after are the totals of all the
    movements, whatever their date."""
    before = sum((_cents(delta) for _day, delta in movements), Decimal(0))
    after = before + sum((_cents(delta) for _day, delta in new_movements), Decimal(0))
    if after >= before:
        return None
    highest, highest_date = highest_reached(movements)
    floor = capital_floor(highest)
    if after >= _cents(floor):
        return None
    return FloorBreach(float(before), float(after), highest, highest_date, floor)


def call_amount(uncalled, percent=None, amount=None, rounding=0.01):
    """The amount of a call of the uncalled capital ``uncalled``: ``amount`` when
    given, else ``percent`` of ``uncalled`` rounded to ``rounding`` (the last call of
    100 % calls exactly the rest). ``None`` when the call is not positive or goes
    above the uncalled rest."""
    rest = _cents(uncalled)
    if amount is not None:
        value = _cents(amount)
    else:
        step = _cents(rounding)
        value = (rest * Decimal(str(percent)) / 100 / step).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        ) * step
    if value <= 0 or value > rest:
        return None
    return float(value)
