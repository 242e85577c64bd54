"""Results of a general meeting's resolution.

SCIC rule: one member one vote inside each college; the result of each college is its
share of "yes" among the votes cast (abstentions are not votes cast), weighted by the
college's weight. Colleges where nobody cast a vote are left out and the weights of the
others are scaled back to 100 %. A resolution passes above 50 %.
"""

from dataclasses import dataclass

MAJORITY = 0.5


@dataclass(frozen=True)
class CollegeVotes:
    weight: float  # in %
    yes: int = 0
    no: int = 0
    abstain: int = 0

    @property
    def cast(self):
        return self.yes + self.no


def weights_total_ok(weights, tolerance=0.001):
    """Whether the weights (in %) of the active colleges sum to 100 %."""
    return abs(sum(weights) - 100.0) <= tolerance


def head_count_share(colleges):
    """Share of "yes" among all votes cast, every member counting the same."""
    yes = sum(c.yes for c in colleges.values())
    cast = sum(c.cast for c in colleges.values())
    return yes / cast if cast else 0.0


def weighted_share(colleges):
    """Share of "yes" with college weights: ``sum(yes/cast * weight) / sum(weight)``
    over the colleges where votes were cast (``colleges`` maps a key to
    :class:`CollegeVotes`)."""
    voting = [c for c in colleges.values() if c.cast]
    total_weight = sum(c.weight for c in voting)
    if not total_weight:
        return 0.0
    return sum(c.yes / c.cast * c.weight for c in voting) / total_weight


def passes(share):
    """A resolution passes with strictly more than half."""
    return share > MAJORITY
