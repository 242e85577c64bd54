"""Interest on shares: pro rata temporis, legal cap, withholding at source."""

from datetime import date
from decimal import Decimal

import pytest
from heat_citizen_shares.domain import interest as i

D = Decimal
Y2024 = (date(2024, 1, 1), date(2024, 12, 31))
Y2025 = (date(2025, 1, 1), date(2025, 12, 31))


def test_days_in_year_counts_the_leap_day():
    assert i.days_in_year(date(2025, 1, 1)) == 365
    assert i.days_in_year(date(2024, 1, 1)) == 366
    # a financial year from July holds the 29 February of the next calendar year
    assert i.days_in_year(date(2023, 7, 1)) == 366
    assert i.days_in_year(date(2024, 7, 1)) == 365


def test_whole_year_and_five_more_shares_from_1_july():
    """10 shares of 100 EUR all 2025 and 5 more from 1 July, at 2 %: 20 EUR for the
    ten, 5 x 100 x 2 % x 184 / 365 = 5.04 EUR for the five."""
    movements = [(date(2023, 5, 2), 10), (date(2025, 7, 1), 5)]
    periods = i.holding_periods(movements, 100, *Y2025)
    assert periods == [
        i.HoldingPeriod(10, 100, date(2025, 1, 1), date(2025, 6, 30)),
        i.HoldingPeriod(15, 100, date(2025, 7, 1), date(2025, 12, 31)),
    ]
    assert [p.days for p in periods] == [181, 184]
    assert i.capital_days(periods) == D(10 * 100 * 181 + 15 * 100 * 184)
    # 20 + 5.0410... = 25.04
    assert i.interest_pro_rata(periods, 2, 365) == D("25.04")


def test_leap_year_whole_year_gives_the_whole_rate():
    periods = i.holding_periods([(date(2020, 1, 1), 10)], 100, *Y2024)
    assert periods[0].days == 366
    assert i.interest_pro_rata(periods, 2, i.days_in_year(date(2024, 1, 1))) == D(
        "20.00"
    )
    # half the leap year: 1 July to 31 December is 184 days of 366
    half = i.holding_periods([(date(2024, 7, 1), 10)], 100, *Y2024)
    assert i.interest_pro_rata(half, 2, 366) == D("10.05")  # 10.0546...


def test_member_who_came_and_left_in_the_year():
    """Came on 1 March with 4 shares of 50 EUR, left on 1 October: the share counts
    on the day it comes, not on the day it leaves (1 March to 30 September, 214
    days)."""
    movements = [(date(2025, 3, 1), 4), (date(2025, 10, 1), -4)]
    periods = i.holding_periods(movements, 50, *Y2025)
    assert periods == [i.HoldingPeriod(4, 50, date(2025, 3, 1), date(2025, 9, 30))]
    assert periods[0].days == 214
    # 4 x 50 x 3 % x 214 / 365 = 3.5178...
    assert i.interest_pro_rata(periods, 3, 365) == D("3.52")


def test_movements_outside_the_year_and_same_day_changes():
    movements = [
        (date(2024, 6, 1), 6),
        (date(2025, 4, 1), -2),  # transfer out
        (date(2025, 4, 1), 2),  # and its reversal the same day: no change
        (date(2025, 5, 1), -6),  # redemption of all
        (date(2026, 1, 1), 3),  # next year: ignored
    ]
    periods = i.holding_periods(movements, 50, *Y2025)
    assert periods == [i.HoldingPeriod(6, 50, date(2025, 1, 1), date(2025, 4, 30))]
    assert (
        i.holding_periods([(date(2023, 1, 1), 1), (date(2024, 1, 1), -1)], 50, *Y2025)
        == []
    )


def test_cap_check_and_legal_cap():
    assert i.cap_rate_from_tmo("3.37") == D("5.37")
    ok = i.check_cap(2, "5.37")
    assert ok.within_cap and ok.excess == D("-3.37")
    at_cap = i.check_cap("5.37", "5.37")
    assert at_cap.within_cap
    over = i.check_cap(6, "5.37")
    assert not over.within_cap
    assert (over.rate, over.cap_rate, over.excess) == (D(6), D("5.37"), D("0.63"))


def test_withholding_of_a_natural_person():
    """Each withholding rounded to the cent, the net is what is left."""
    split = i.withholding_split(D("25.04"))
    # 25.04 x 12.8 % = 3.20512 -> 3.21; x 17.2 % = 4.30688 -> 4.31
    assert split == i.Withholding(D("25.04"), D("3.21"), D("4.31"), D("17.52"))
    assert split.pfnl + split.social + split.net == split.gross
    # half a cent goes up
    assert i.withholding_split(D("12.50"), 12.8, 17.2).pfnl == D("1.60")
    assert i.withholding_split(D("0.25"), 12.8, 17.2).social == D("0.04")  # 0.043


def test_withholding_exempt_and_legal_person():
    exempt = i.withholding_split(D("25.04"), exempt=True)
    # the exemption (CGI art. 242 quater) removes the PFNL, not the social levies
    assert exempt == i.Withholding(D("25.04"), D("0.00"), D("4.31"), D("20.73"))
    company = i.withholding_split(D("25.04"), legal_person=True)
    assert company == i.Withholding(D("25.04"), D("0"), D("0"), D("25.04"))
    other_rates = i.withholding_split(D("100"), pfnl_rate=12.8, social_rate=18.6)
    assert (other_rates.social, other_rates.net) == (D("18.60"), D("68.60"))


def test_exemption_covers_the_next_year_only():
    assert i.exemption_applies(True, 2025, 2026)
    assert not i.exemption_applies(True, 2024, 2026)
    assert not i.exemption_applies(True, 2026, 2026)
    assert not i.exemption_applies(True, 0, 2026)
    assert not i.exemption_applies(False, 2025, 2026)


def test_a_year_has_days():
    with pytest.raises(ValueError):
        i.interest_pro_rata([], 2, 0)
