# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import BaseCase, tagged

from ..domain import register, vote, words
from ..domain.register import Movement


@tagged("post_install", "-at_install")
class TestRegisterDomain(BaseCase):
    movements = [
        Movement(date(2020, 1, 10), "alice", "A", 10),
        Movement(date(2021, 6, 1), "alice", "A", -4),
        Movement(date(2021, 6, 1), "bob", "A", 4),
        Movement(date(2022, 3, 1), "bob", "B", 2),
    ]

    def test_holdings_at_past_dates(self):
        self.assertEqual(register.holdings_at(self.movements, date(2019, 12, 31)), {})
        self.assertEqual(
            register.holdings_at(self.movements, date(2021, 5, 31)),
            {("alice", "A"): 10},
        )
        self.assertEqual(
            register.holdings_at(self.movements, date(2022, 12, 31)),
            {("alice", "A"): 6, ("bob", "A"): 4, ("bob", "B"): 2},
        )

    def test_capital_at(self):
        nominals = {"A": 50.0, "B": 500.0}
        self.assertEqual(
            register.capital_at(self.movements, nominals, date(2021, 1, 1)), 500.0
        )
        self.assertEqual(
            register.capital_at(self.movements, nominals, date(2022, 3, 1)), 1500.0
        )

    def test_first_negative(self):
        self.assertIsNone(register.first_negative(self.movements))
        bad = [*self.movements, Movement(date(2021, 1, 1), "bob", "A", -1)]
        self.assertEqual(
            register.first_negative(bad), (date(2021, 1, 1), "bob", "A", -1)
        )

    def test_redeemable_first_in_first_out(self):
        movements = [
            Movement(date(2020, 1, 1), "alice", "A", 10),
            Movement(date(2024, 1, 1), "alice", "A", 5),
            Movement(date(2024, 6, 1), "alice", "A", -3),
        ]
        # on 2024-12-31, with 36 months: the 10 of 2020 are old enough, 3 left
        self.assertEqual(
            register.redeemable_at(movements, "alice", "A", date(2024, 12, 31), 36), 7
        )
        self.assertEqual(
            register.redeemable_at(movements, "alice", "A", date(2022, 12, 31), 36), 0
        )
        self.assertEqual(
            register.redeemable_at(movements, "alice", "A", date(2023, 1, 1), 36), 10
        )
        self.assertEqual(
            register.waiting_period_end(date(2020, 1, 31), 1), date(2020, 2, 29)
        )

    def test_converted_quantity(self):
        self.assertEqual(register.converted_quantity(20, 50.0, 500.0), 2)
        self.assertIsNone(register.converted_quantity(5, 50.0, 500.0))
        self.assertEqual(register.converted_quantity(1, 500.0, 50.0), 10)


@tagged("post_install", "-at_install")
class TestVoteDomain(BaseCase):
    def test_head_count_against_weights(self):
        colleges = {
            "users": vote.CollegeVotes(40, yes=30, no=5),
            "authorities": vote.CollegeVotes(30, yes=0, no=3),
            "supporters": vote.CollegeVotes(20, yes=1, no=4),
            "employees": vote.CollegeVotes(10, yes=0, no=2, abstain=1),
        }
        self.assertAlmostEqual(vote.head_count_share(colleges), 31 / 45)
        self.assertTrue(vote.passes(vote.head_count_share(colleges)))
        # 40 * 30/35 + 20 * 1/5 = 34.29 + 4 = 38.29 %
        self.assertAlmostEqual(
            vote.weighted_share(colleges), (40 * 30 / 35 + 20 * 0.2) / 100
        )
        self.assertFalse(vote.passes(vote.weighted_share(colleges)))

    def test_colleges_without_votes_are_left_out(self):
        colleges = {
            "users": vote.CollegeVotes(60, yes=3, no=1),
            "authorities": vote.CollegeVotes(40, abstain=2),
        }
        self.assertAlmostEqual(vote.weighted_share(colleges), 0.75)
        self.assertEqual(vote.weighted_share({}), 0.0)
        self.assertFalse(vote.passes(0.5))

    def test_weights_total(self):
        self.assertTrue(vote.weights_total_ok([40, 30, 20, 10]))
        self.assertFalse(vote.weights_total_ok([40, 30, 20]))


@tagged("post_install", "-at_install")
class TestWordsDomain(BaseCase):
    def test_amount_in_words(self):
        self.assertEqual(words.amount_in_words_fr(250), "deux cent cinquante euros")
        self.assertEqual(words.amount_in_words_fr(1), "un euro")
        self.assertEqual(
            words.amount_in_words_fr(1000.5), "mille euros et cinquante centimes"
        )
