"""The French binomial heat tariff: R1 per MWh, R2 per kW of subscribed power and year.

Plain functions on plain values. Amounts are unrounded: the caller rounds once per
invoice line, as Odoo does.
"""

import calendar
import math
from datetime import date, timedelta

CLASSIC = "classic"
ALTERNATIVE = "alternative"


def month_slices(date_from, date_to):
    """Split [date_from, date_to] (both included) at month ends.

    Yields ``(start, end, days_in_month)`` for each calendar month touched.
    """
    if date_to < date_from:
        raise ValueError("the period ends before it starts")
    start = date_from
    while start <= date_to:
        days_in_month = calendar.monthrange(start.year, start.month)[1]
        month_end = date(start.year, start.month, days_in_month)
        end = min(month_end, date_to)
        yield start, end, days_in_month
        start = end + timedelta(days=1)


def months(date_from, date_to):
    """How many months [date_from, date_to] covers: whole months count 1, a partial
    month its days over the days of that month (installments follow it)."""
    return sum(
        ((end - start).days + 1) / days_in_month
        for start, end, days_in_month in month_slices(date_from, date_to)
    )


def r2_amount(power_periods, r2_per_kw_year, date_from, date_to):
    """R2 of a billing period, pro rata temporis.

    A whole month is a twelfth of the yearly price (15 kW at 38 €/kW/year is 47.50 € a
    month, whatever the month's length); a partial month counts its days over the days
    of that month, so February of a leap year has 29 of them. ``power_periods`` lists
    ``(start, end_included, kw)``; power changes inside the period are followed.
    """
    total = 0.0
    for start, end, days_in_month in month_slices(date_from, date_to):
        for p_start, p_end, kw in power_periods:
            lo, hi = max(start, p_start), min(end, p_end)
            if lo > hi:
                continue
            days = (hi - lo).days + 1
            total += kw * r2_per_kw_year / 12 * days / days_in_month
    return total


def unit_prices(structure, r1, r21, r22, r23, r24, r21_r22_per_mwh=0.0):
    """Price per MWh and per kW and year for a tariff structure.

    Classic: R1 per MWh and R21 to R24 per kW. Alternative (the 45-network study):
    R21 + R22 are billed with the energy, at ``r21_r22_per_mwh``, and only R23 + R24
    stay per kW.
    """
    if structure == CLASSIC:
        return r1, r21 + r22 + r23 + r24
    if structure == ALTERNATIVE:
        return r1 + r21_r22_per_mwh, r23 + r24
    raise ValueError(f"unknown tariff structure {structure!r}")


def revision_coefficient(fixed_part, terms):
    """Indexation coefficient: fixed part + Σ weight × new index / base index.

    ``terms`` is an iterable of ``(weight, base_value, new_value)``; the fixed part and
    the weights sum to 1.
    """
    terms = list(terms)
    weights = fixed_part + sum(weight for weight, _, _ in terms)
    if abs(weights - 1) > 1e-9:
        raise ValueError(f"the fixed part and the weights sum to {weights:g}, not 1")
    coefficient = fixed_part
    for weight, base, new in terms:
        if not base or base <= 0 or new is None:
            raise ValueError("an index value is missing")
        coefficient += weight * new / base
    return coefficient


def revise(components, coefficients):
    """New component prices; R24 (financing) is never revalued."""
    return {
        name: price if name == "r24" else price * coefficients.get(name, 1.0)
        for name, price in components.items()
    }


def climate_adjustment(fixed_amount, dju, dju_normal, band=0.04):
    """Surcharge (positive) or discount (negative) on the fixed part of the year.

    Inside ``normal × (1 ± band)`` nothing changes. A milder year (fewer degree-days)
    costs the network revenue: the fixed part is raised by the share of degree-days
    missing beyond the band; a colder year lowers it the same way.
    """
    if dju_normal <= 0:
        raise ValueError("the normal degree-days must be positive")
    ratio = dju / dju_normal
    if ratio < 1 - band:
        return fixed_amount * ((1 - band) - ratio)
    if ratio > 1 + band:
        return -fixed_amount * (ratio - (1 + band))
    return 0.0


def installments(yearly_estimate, count=12):
    """Equal installments of a yearly estimate."""
    if count <= 0:
        raise ValueError("at least one installment")
    return [yearly_estimate / count] * count


def regularisation(actual_amount, installments_billed):
    """What is still due at the yearly regularisation (negative: a credit note)."""
    return actual_amount - sum(installments_billed)


def billed_mwh(kwh):
    """The MWh billed for ``kwh`` delivered: whole kWh (half a kWh up), so that the
    invoice's quantity times its price is its amount, whatever resolution the meter
    reads (an M-Bus meter gives Wh; the indexes printed keep it)."""
    return math.floor(kwh + 0.5) / 1000


def line_quantity(amount, quantity, unit_price, digits, round_amount):
    """``(quantity, unit price)`` of the invoice line that bills ``amount``, or None.

    The billed quantity and its unit price (14.962 MWh x 80.40) when, rounded as the
    invoice line stores them (``digits``: the quantity's and the price's decimals),
    their product rounded by ``round_amount`` (the currency's rounding, as Odoo
    rounds a line's subtotal) is the amount rounded the same way. Otherwise None, and
    the line bills the amount itself: the amount is the rule (a power change inside
    the period, a price with more decimals than the database keeps) and the line's
    label tells how it was reached.
    """
    quantity_digits, price_digits = digits
    quantity = round(quantity, quantity_digits)
    unit_price = round(unit_price, price_digits)
    if quantity > 0 and round_amount(quantity * unit_price) == round_amount(amount):
        return quantity, unit_price
    return None
