# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from decimal import Decimal

from heat_metering.domain import degree_days
from heat_portal.domain import information, portal_chart


def test_last_months_are_the_whole_months_before_today():
    months = portal_chart.last_months(date(2026, 3, 1), 3)
    assert months == [
        (date(2025, 12, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
    ]


def test_the_year_before_keeps_the_month_whole():
    assert portal_chart.year_before((date(2024, 2, 1), date(2024, 2, 29))) == (
        date(2023, 2, 1),
        date(2023, 2, 28),
    )


def test_a_month_counts_only_inside_the_subscription():
    march = (date(2026, 3, 1), date(2026, 3, 31))
    assert portal_chart.within(march, date(2026, 3, 1), None)
    assert portal_chart.within(march, date(2024, 1, 1), False)
    assert not portal_chart.within(march, date(2026, 3, 2), None)
    assert not portal_chart.within(march, date(2024, 1, 1), date(2026, 3, 30))
    assert portal_chart.within(march, date(2024, 1, 1), date(2026, 3, 31))


def test_bars_scale_to_the_highest_and_skip_what_is_unknown():
    bars = portal_chart.bars([[100, None], [50, 200]], width=100, height=200, gap=2)
    assert bars == [
        (0, 0, 0.0, 100.0, 24.0, 100.0),
        (1, 0, 24.0, 150.0, 24.0, 50.0),
        (1, 1, 74.0, 0.0, 24.0, 200.0),
    ]
    assert portal_chart.bars([[None, None]], 100, 200) == []
    assert portal_chart.bars([[0, 0]], 100, 200) == []


def test_normalised_consumption_scales_with_the_degree_days():
    # a mild month: 300 degree-days where 400 are normal
    assert degree_days.normalised(1500, 300, 400) == Decimal(2000)
    assert degree_days.normalised(1500, 0, 400) is None
    assert degree_days.normalised(1500, 300, 0) is None
    assert degree_days.normalised(None, 300, 400) is None


def test_a_notice_is_due_again_after_its_period():
    assert information.sent_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert information.sent_before(date(2026, 12, 4), 12) == date(2025, 12, 4)
