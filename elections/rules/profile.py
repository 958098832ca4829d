"""The legal figures of one regulatory period, and their bounds: the one definition the model, its form,
the service and the database constraint follow (see `LegalProfile`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

# The thresholds read "strictly more than X % of the electorate": X = 100 could never be met, so a
# threshold is from 0 up to, but not including, 100. (Integers: the model's constraint is built from them.)
PERCENT_MIN = 0
PERCENT_BELOW = 100
PERCENT_FIELDS = ("quorum_percent", "winning_percent")
NON_NEGATIVE_FIELDS = (
    "plan_days_before",
    "candidate_list_days_before",
    "team_decision_days_before",
    "posting_days_before",
    "revote_within_days",
    "recognition_working_days",
    "min_candidates",
    "min_candidate_age",
    "term_months",
)


def percent_in_range(value: Decimal) -> bool:
    """Whether a quorum or winning threshold is one the law's "more than X %" can use."""
    return PERCENT_MIN <= value < PERCENT_BELOW


@dataclass(frozen=True)
class ProfileRules:
    """The legal figures of one regulatory period.

    Defaults are the January 2021 profile (NQLT 09/2008, TT 04/2012 as amended by
    TT 14/2018). Figures the sources leave unconfirmed for 2021 (posting period,
    re-vote period, recognition limit) take the values later fixed by Decree 59/2023
    so that the product has a sensible, editable default.
    """

    plan_days_before: int = 20
    candidate_list_days_before: int = 15
    team_decision_days_before: int = 10
    posting_days_before: int = 7
    # Present must be STRICTLY more than this share of the electorate.
    quorum_percent: Decimal = Decimal(50)
    # Votes must be STRICTLY more than this share of the WHOLE electorate
    # (not of those present, not of the valid ballots).
    winning_percent: Decimal = Decimal(50)
    revote_within_days: int = 15
    recognition_working_days: int = 5
    min_candidates: int = 1
    max_candidates: int = 2
    min_candidate_age: int = 21
    # Only Decree 59/2023 has the meeting elect a count board of a fixed size.
    count_board_min: int | None = None
    count_board_max: int | None = None
    term_months: int = 30

    def __post_init__(self) -> None:
        # Fail at construction rather than producing absurd calendars later.
        for name in NON_NEGATIVE_FIELDS:
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        for name in PERCENT_FIELDS:
            value = getattr(self, name)
            if not isinstance(value, Decimal):
                # Floats would make the "strictly more than" comparisons inexact.
                raise TypeError(f"{name} must be a Decimal")
            if not percent_in_range(value):
                raise ValueError(f"{name} must be from {PERCENT_MIN} to under {PERCENT_BELOW}")
        if self.max_candidates < self.min_candidates:
            raise ValueError("max_candidates must be >= min_candidates")
        if (self.count_board_min is None) != (self.count_board_max is None):
            raise ValueError("count_board_min and count_board_max go together")
        if (
            self.count_board_min is not None
            and self.count_board_max is not None
            and not 0 < self.count_board_min <= self.count_board_max
        ):
            raise ValueError("count board bounds must satisfy 0 < min <= max")


PROFILE_2021 = ProfileRules()

# Decree 59/2023/NĐ-CP, Articles 6-9: same deadlines, plus a count board of 3-5
# people elected by the meeting.
PROFILE_2023 = ProfileRules(
    plan_days_before=20,
    team_decision_days_before=10,
    posting_days_before=7,
    recognition_working_days=5,
    min_candidates=1,
    max_candidates=2,
    count_board_min=3,
    count_board_max=5,
)


# The fields of a legal profile that are rules, in order: `LegalProfile` has a column for each.
RULE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ProfileRules))
