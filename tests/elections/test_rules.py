"""Tests of the pure election rules: worked examples from the domain notes plus
property tests. No database is needed."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from elections.rules import (
    PROFILE_2021,
    PROFILE_2023,
    ProfileRules,
    add_working_days,
    candidate_age_on,
    deadline_calendar,
    election_outcome,
    has_quorum,
    is_working_day,
    percent_of_electorate,
    revote_deadline,
)

# Years the holidays package is asked about in property tests; wide enough to
# cover several lunar calendars.
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


# ------------------------------------------------------------------------- profiles


def test_profile_2021_defaults():
    assert ProfileRules() == PROFILE_2021
    assert PROFILE_2021.quorum_percent == Decimal(50)
    assert PROFILE_2021.winning_percent == Decimal(50)
    assert (PROFILE_2021.min_candidates, PROFILE_2021.max_candidates) == (1, 2)
    assert PROFILE_2021.min_candidate_age == 21
    assert PROFILE_2021.count_board_min is None
    assert PROFILE_2021.count_board_max is None
    assert PROFILE_2021.term_months == 30


def test_profile_2023_count_board_and_shared_figures():
    assert (PROFILE_2023.count_board_min, PROFILE_2023.count_board_max) == (3, 5)
    assert PROFILE_2023.plan_days_before == 20
    assert PROFILE_2023.team_decision_days_before == 10
    assert PROFILE_2023.posting_days_before == 7
    assert PROFILE_2023.recognition_working_days == 5
    assert PROFILE_2023.winning_percent == PROFILE_2021.winning_percent


def test_profile_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        PROFILE_2021.quorum_percent = Decimal(40)  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"plan_days_before": -1},
        {"quorum_percent": Decimal(101)},
        {"winning_percent": 50.0},
        {"min_candidates": 3, "max_candidates": 2},
        {"count_board_min": 3},
        {"count_board_min": 5, "count_board_max": 3},
    ],
)
def test_profile_rejects_absurd_values(kwargs):
    with pytest.raises((ValueError, TypeError)):
        ProfileRules(**kwargs)


# --------------------------------------------------------------------- working days


def test_tet_2021_is_skipped():
    # Tết 2021: Wednesday 10/02 to Tuesday 16/02; Tuesday 09/02 is a working day.
    for day in range(10, 17):
        assert not is_working_day(date(2021, 2, day))
    assert add_working_days(date(2021, 2, 9), 1) == date(2021, 2, 17)
    assert add_working_days(date(2021, 2, 8), 2) == date(2021, 2, 17)
    assert add_working_days(date(2021, 2, 17), -1) == date(2021, 2, 9)


def test_hung_kings_day_2021_is_skipped():
    # Wednesday 21/04/2021.
    assert not is_working_day(date(2021, 4, 21))
    assert add_working_days(date(2021, 4, 20), 1) == date(2021, 4, 22)


def test_observed_holiday_is_skipped():
    # Labour Day 01/05/2021 fell on a Saturday and was observed on Monday 03/05.
    assert not is_working_day(date(2021, 5, 3))
    assert add_working_days(date(2021, 4, 29), 1) == date(2021, 5, 4)


def test_weekend_is_skipped_and_zero_days_is_identity():
    friday = date(2021, 1, 8)
    assert add_working_days(friday, 1) == date(2021, 1, 11)
    sunday = date(2021, 1, 10)
    assert add_working_days(sunday, 0) == sunday


@given(start=dates, days=st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day(start, days):
    result = add_working_days(start, days)
    assert result > start
    assert result.weekday() < 5
    assert result not in holidays.country_holidays("VN", years=result.year)
    # Exactly `days` working days lie in (start, result].
    span = (result - start).days
    counted = sum(is_working_day(start + timedelta(days=i)) for i in range(1, span + 1))
    assert counted == days


@given(
    start=dates,
    a=st.integers(min_value=-40, max_value=40),
    b=st.integers(min_value=-40, max_value=40),
)
def test_add_working_days_is_monotonic(start, a, b):
    assume(a < b)
    assert add_working_days(start, a) < add_working_days(start, b)


# ------------------------------------------------------------------------- calendar


def test_calendar_worked_example_10_january_2021():
    calendar = deadline_calendar(election_day=date(2021, 1, 10), rules=PROFILE_2021)
    due = {d.code: d.due for d in calendar}
    assert [d.code for d in calendar] == [
        "plan",
        "candidate_list",
        "team_decision",
        "posting",
        "term_report",
        "election",
        "recognition",
    ]
    assert due["plan"] == date(2020, 12, 21)
    assert due["candidate_list"] == date(2020, 12, 26)
    assert due["team_decision"] == date(2020, 12, 31)
    assert due["posting"] == date(2021, 1, 3)
    assert due["term_report"] == date(2021, 1, 9)
    assert due["election"] == date(2021, 1, 10)
    # 10/01/2021 is a Sunday; five working days later is Friday 15/01.
    assert due["recognition"] == date(2021, 1, 15)
    assert [d.after_election for d in calendar] == [False] * 6 + [True]
    assert all(str(d.label) and str(d.responsible) for d in calendar)


@given(election_day=dates)
def test_calendar_is_chronological(election_day):
    calendar = deadline_calendar(election_day=election_day, rules=PROFILE_2023)
    dues = [d.due for d in calendar]
    assert dues == sorted(dues)
    assert calendar[-1].due > election_day


def test_revote_deadline():
    assert revote_deadline(conference_day=date(2021, 1, 10), rules=PROFILE_2021) == date(2021, 1, 25)


# -------------------------------------------------------------------------- percent


def test_percent_of_electorate_worked_example():
    assert percent_of_electorate(159, 361) == Decimal("44.04")
    assert str(percent_of_electorate(159, 361)) == "44.04"


def test_percent_rounds_half_up_and_handles_zero():
    assert percent_of_electorate(1, 8) == Decimal("12.50")
    assert percent_of_electorate(1, 400) == Decimal("0.25")
    assert percent_of_electorate(1, 800) == Decimal("0.13")  # 0.125 -> 0.13
    assert str(percent_of_electorate(0, 0)) == "0.00"
    assert str(percent_of_electorate(0, 5)) == "0.00"
    assert str(percent_of_electorate(5, 5)) == "100.00"


def test_percent_rejects_negative():
    with pytest.raises(ValueError):
        percent_of_electorate(-1, 10)


@given(data=st.data(), electorate=st.integers(min_value=0, max_value=10**9))
def test_percent_is_within_bounds(data, electorate):
    votes = data.draw(st.integers(min_value=0, max_value=electorate))
    percent = percent_of_electorate(votes, electorate)
    assert Decimal(0) <= percent <= Decimal(100)
    assert percent.as_tuple().exponent == -2
    if electorate:
        exact = Decimal(votes) * 100 / Decimal(electorate)
        assert abs(percent - exact) <= Decimal("0.005")


# --------------------------------------------------------------------------- quorum


def test_quorum_is_strictly_more_than_half():
    assert not has_quorum(electorate=361, present=180, rules=PROFILE_2021)
    assert has_quorum(electorate=361, present=181, rules=PROFILE_2021)
    assert not has_quorum(electorate=360, present=180, rules=PROFILE_2021)
    assert has_quorum(electorate=360, present=181, rules=PROFILE_2021)
    assert not has_quorum(electorate=0, present=0, rules=PROFILE_2021)


def test_quorum_with_another_threshold():
    two_thirds = ProfileRules(quorum_percent=Decimal("66.67"))
    assert not has_quorum(electorate=300, present=200, rules=two_thirds)
    assert has_quorum(electorate=300, present=201, rules=two_thirds)


@given(data=st.data(), electorate=st.integers(min_value=0, max_value=10**6))
def test_quorum_matches_integer_rule(data, electorate):
    present = data.draw(st.integers(min_value=0, max_value=electorate))
    assert has_quorum(electorate=electorate, present=present, rules=PROFILE_2021) == (2 * present > electorate)


# -------------------------------------------------------------------------- outcome


def test_outcome_worked_example_nobody_elected():
    outcome = election_outcome(electorate=361, votes={"A": 159, "B": 120}, rules=PROFILE_2021)
    assert outcome.elected is None
    assert outcome.reason == "below_threshold"
    assert outcome.percentages["A"] == Decimal("44.04")
    assert outcome.percentages["B"] == Decimal("33.24")


def test_outcome_threshold_is_against_whole_electorate():
    elected = election_outcome(electorate=361, votes={"A": 181}, rules=PROFILE_2021)
    assert (elected.elected, elected.reason) == ("A", "elected")
    half = election_outcome(electorate=360, votes={"A": 180}, rules=PROFILE_2021)
    assert (half.elected, half.reason) == (None, "below_threshold")


def test_outcome_no_candidates():
    outcome = election_outcome(electorate=100, votes={}, rules=PROFILE_2021)
    assert (outcome.elected, outcome.reason, outcome.percentages) == (
        None,
        "no_candidates",
        {},
    )


def test_outcome_with_low_threshold_highest_wins_and_tie():
    low = ProfileRules(winning_percent=Decimal(30))
    outcome = election_outcome(electorate=100, votes={"A": 35, "B": 40}, rules=low)
    assert (outcome.elected, outcome.reason) == ("B", "elected")
    tie = election_outcome(electorate=100, votes={"A": 40, "B": 40}, rules=low)
    assert (tie.elected, tie.reason) == (None, "tie")
    # A tie below the threshold is just "below threshold".
    below = election_outcome(electorate=100, votes={"A": 30, "B": 30}, rules=low)
    assert below.reason == "below_threshold"


def test_outcome_does_not_decide_on_rounded_percent():
    # 100001 of 200001 is 50.0002...%; 100000 of 200001 rounds to 50.00 but is
    # less than half and must lose even at a threshold that the rounded value meets.
    electorate = 200_001
    win = election_outcome(electorate=electorate, votes={"A": 100_001}, rules=PROFILE_2021)
    assert win.reason == "elected"
    lose = election_outcome(electorate=electorate, votes={"A": 100_000}, rules=PROFILE_2021)
    assert lose.reason == "below_threshold"
    assert lose.percentages["A"] == Decimal("50.00")


@given(
    data=st.data(),
    electorate=st.integers(min_value=0, max_value=10_000),
    n=st.integers(min_value=0, max_value=3),
)
def test_outcome_properties(data, electorate, n):
    votes = {f"C{i}": data.draw(st.integers(min_value=0, max_value=electorate)) for i in range(n)}
    outcome = election_outcome(electorate=electorate, votes=votes, rules=PROFILE_2021)
    assert outcome.reason in {"elected", "tie", "below_threshold", "no_candidates"}
    assert set(outcome.percentages) == set(votes)
    if outcome.elected is not None:
        assert outcome.reason == "elected"
        assert 2 * votes[outcome.elected] > electorate
        assert votes[outcome.elected] == max(votes.values())
    else:
        assert outcome.reason != "elected"
        if votes and sum(votes.values()) <= electorate:
            # At 50 % only one candidate can pass, so there is never a tie.
            assert outcome.reason == "below_threshold"
            assert all(2 * v <= electorate for v in votes.values())


# ------------------------------------------------------------------------ candidates


def test_candidate_age():
    assert candidate_age_on(birth_date=date(2000, 1, 10), on=date(2021, 1, 10)) == 21
    assert candidate_age_on(birth_date=date(2000, 1, 11), on=date(2021, 1, 10)) == 20
    assert candidate_age_on(birth_date=date(2000, 1, 10), on=date(2000, 1, 10)) == 0


def test_candidate_age_born_29_february():
    born = date(2000, 2, 29)
    assert candidate_age_on(birth_date=born, on=date(2021, 2, 27)) == 20
    assert candidate_age_on(birth_date=born, on=date(2021, 2, 28)) == 21
    assert candidate_age_on(birth_date=born, on=date(2021, 3, 1)) == 21
    assert candidate_age_on(birth_date=born, on=date(2024, 2, 28)) == 23
    assert candidate_age_on(birth_date=born, on=date(2024, 2, 29)) == 24


def test_candidate_age_rejects_date_before_birth():
    with pytest.raises(ValueError):
        candidate_age_on(birth_date=date(2000, 1, 1), on=date(1999, 12, 31))


def _anniversary(birth, years):
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year
        return date(birth.year + years, 2, 28)


@given(
    birth=dates,
    years=st.integers(min_value=0, max_value=100),
    extra=st.integers(min_value=0, max_value=364),
)
def test_candidate_age_property(birth, years, extra):
    anniversary = _anniversary(birth, years)
    # Consecutive anniversaries are at least 365 days apart, so the age stays put
    # for the 365 days starting at one, and is one less the day before it.
    assert candidate_age_on(birth_date=birth, on=anniversary + timedelta(days=extra)) == years
    if years:
        day_before = anniversary - timedelta(days=1)
        assert candidate_age_on(birth_date=birth, on=day_before) == years - 1
