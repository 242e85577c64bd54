"""The share register on plain values.

A movement is a ``Movement(date, holder, share_class, quantity)`` where ``quantity`` is
signed: positive when the holder acquires shares (issue, transfer in, conversion in),
negative when they leave (transfer out, redemption, conversion out, reversal of an
acquisition). ``holder`` and ``share_class`` are any hashable keys (ids in the models).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Date

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class Movement:
    date: Date
    holder: object
    share_class: object
    quantity: int


def holdings_at(movements, on_date):
    """``{(holder, share_class): shares}`` held at the end of ``on_date``; holdings
    that are zero are left out."""
    result = defaultdict(int)
    for movement in movements:
        if movement.date <= on_date:
            result[(movement.holder, movement.share_class)] += movement.quantity
    return {key: shares for key, shares in result.items() if shares}


def capital_at(movements, nominal_values, on_date):
    """Share capital at the end of ``on_date``: shares held times the nominal value of
    their class (``nominal_values`` maps a class key to its nominal value)."""
    return sum(
        shares * nominal_values[share_class]
        for (_holder, share_class), shares in holdings_at(movements, on_date).items()
    )


def first_negative(movements):
    """The first ``(date, holder, share_class, balance)`` where a holder's balance in a
    class goes below zero, walking the movements by date (acquisitions of a day before
    its disposals); ``None`` when the register never goes negative."""
    balances = defaultdict(int)
    for movement in sorted(movements, key=lambda m: (m.date, -m.quantity)):
        key = (movement.holder, movement.share_class)
        balances[key] += movement.quantity
        if balances[key] < 0:
            return movement.date, movement.holder, movement.share_class, balances[key]
    return None


def waiting_period_end(acquired_on, months):
    """The first day a share acquired on ``acquired_on`` may be redeemed."""
    return acquired_on + relativedelta(months=months)


def redeemable_at(movements, holder, share_class, on_date, waiting_months):
    """Shares of ``holder`` in ``share_class`` that may be redeemed on ``on_date``:
    the shares acquired at least ``waiting_months`` before, less every share that left
    since (first in, first out), never more than what is held."""
    limit = on_date - relativedelta(months=waiting_months)
    own = [m for m in movements if m.holder == holder and m.share_class == share_class]
    held = sum(m.quantity for m in own if m.date <= on_date)
    old_enough = sum(m.quantity for m in own if m.quantity > 0 and m.date <= limit)
    gone = -sum(m.quantity for m in own if m.quantity < 0 and m.date <= on_date)
    return max(0, min(held, old_enough - gone))


def converted_quantity(quantity, nominal_from, nominal_to):
    """Shares of the target class worth ``quantity`` shares of the source class, or
    ``None`` when the value does not convert into a whole number of shares."""
    value_cents = round(quantity * nominal_from * 100)
    unit_cents = round(nominal_to * 100)
    if not unit_cents or value_cents % unit_cents:
        return None
    return value_cents // unit_cents
