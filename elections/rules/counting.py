"""Quorum and the result by law: exact comparisons against the whole electorate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Generic

from elections.rules.profile import ProfileRules
from elections.rules.types import K


def _require_non_negative(**values: int) -> None:
    for name, value in values.items():
        if value < 0:
            raise ValueError(f"{name} must not be negative, got {value}")


def _strictly_more_than_share(part: int, whole: int, percent: Decimal) -> bool:
    # Exact rational comparison: rounding first would turn 180.5/361 style edge
    # cases into wrong answers, and the law only says "more than".
    return part * 100 > Fraction(percent) * whole


def percent_of_electorate(votes: int, electorate: int) -> Decimal:
    """`votes` as a percentage of `electorate`, two decimals, rounded half up.

    This is the figure printed on the count record; it is for display only and must
    never be used to decide the winner (see `election_outcome`).
    """
    _require_non_negative(votes=votes, electorate=electorate)
    if electorate == 0:
        return Decimal("0.00")
    # Integer arithmetic, so no Decimal context precision can round twice.
    hundredths = (2 * votes * 10000 + electorate) // (2 * electorate)
    return Decimal(hundredths).scaleb(-2)


def has_quorum(*, electorate: int, present: int, rules: ProfileRules) -> bool:
    """Whether strictly more than `rules.quorum_percent` of the electorate is present."""
    _require_non_negative(electorate=electorate, present=present)
    return _strictly_more_than_share(present, electorate, rules.quorum_percent)


@dataclass(frozen=True)
class Outcome(Generic[K]):
    elected: K | None
    # One of "elected", "tie", "below_threshold", "no_candidates".
    reason: str
    percentages: dict[K, Decimal] = field(default_factory=dict)


def election_outcome(*, electorate: int, votes: Mapping[K, int], rules: ProfileRules) -> Outcome[K]:
    """Who, if anyone, is elected to the single seat.

    A candidate must get strictly more than `rules.winning_percent` of the WHOLE
    electorate. Real case: 159 of 361 households is 44.04 %, not elected, although
    159 is more than half of the 314 who voted.
    """
    _require_non_negative(electorate=electorate)
    for candidate, count in votes.items():
        _require_non_negative(**{f"votes[{candidate!r}]": count})
    percentages = {k: percent_of_electorate(v, electorate) for k, v in votes.items()}
    if not votes:
        return Outcome(elected=None, reason="no_candidates", percentages=percentages)
    qualified = {k: v for k, v in votes.items() if _strictly_more_than_share(v, electorate, rules.winning_percent)}
    if not qualified:
        return Outcome(elected=None, reason="below_threshold", percentages=percentages)
    # At a 50 % threshold only one candidate can qualify; lower profile thresholds
    # could let several through, and then the most votes win.
    top = max(qualified.values())
    leaders = [k for k, v in qualified.items() if v == top]
    if len(leaders) > 1:
        return Outcome(elected=None, reason="tie", percentages=percentages)
    return Outcome(elected=leaders[0], reason="elected", percentages=percentages)
