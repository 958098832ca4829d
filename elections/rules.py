"""Pure legal rules for electing residential-group leaders (tổ trưởng tổ dân phố).

Everything here works on plain values (ints, dates, Decimals, mappings) so that the
rules can be tested exhaustively without a database and reused by forms, views,
printed papers and reports alike. The legal figures live in `ProfileRules` rather
than in the code, because several of them were never confirmed for 2021 and all of
them changed with the Law on grassroots democracy (10/2022/QH15) and Decree
59/2023/NĐ-CP; see /work/shared/domain/README.md sections 3 and 5.

User-facing texts are English source strings wrapped in gettext_lazy; every result
also carries a stable machine code so callers never have to parse text.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, Generic, TypeVar

import holidays
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

__all__ = [
    "PROFILE_2021",
    "PROFILE_2023",
    "Deadline",
    "Outcome",
    "ProfileRules",
    "TallyProblem",
    "add_working_days",
    "candidate_age_on",
    "check_tally",
    "deadline_calendar",
    "election_outcome",
    "has_quorum",
    "is_working_day",
    "percent_of_electorate",
    "revote_deadline",
]

K = TypeVar("K", bound=Hashable)

# A user-facing text: a plain str or a lazy translation proxy.
LazyText = str | Promise


# --------------------------------------------------------------------------- profile


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
        for name in (
            "plan_days_before",
            "candidate_list_days_before",
            "team_decision_days_before",
            "posting_days_before",
            "revote_within_days",
            "recognition_working_days",
            "min_candidates",
            "min_candidate_age",
            "term_months",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        for name in ("quorum_percent", "winning_percent"):
            value = getattr(self, name)
            if not isinstance(value, Decimal):
                # Floats would make the "strictly more than" comparisons inexact.
                raise TypeError(f"{name} must be a Decimal")
            if not Decimal(0) <= value <= Decimal(100):
                raise ValueError(f"{name} must be between 0 and 100")
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


# ---------------------------------------------------------------------- working days


@lru_cache(maxsize=256)
def _holiday_dates(country: str, year: int) -> frozenset[date]:
    # A frozenset per (country, year) instead of a shared HolidayBase: HolidayBase
    # mutates itself when it expands to a new year, which is not safe to share
    # between threads, and the lunar holidays must be recomputed per year anyway.
    return frozenset(holidays.country_holidays(country, years=year, observed=True))


def is_working_day(day: date, *, country: str = "VN") -> bool:
    """Monday to Friday and not a public holiday (observed days included)."""
    return day.weekday() < 5 and day not in _holiday_dates(country, day.year)


def add_working_days(start: date, days: int, *, country: str = "VN") -> date:
    """The date `days` working days after `start` (before it if `days` < 0).

    `start` itself is never counted, as in Vietnamese time-limit practice (Civil
    Code 2015, Art. 147: the day of the event is not counted); with `days` == 0 the
    start date is returned unchanged even if it is not a working day.
    """
    step = timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    current = start
    while remaining:
        current += step
        if is_working_day(current, country=country):
            remaining -= 1
    return current


# -------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class Deadline:
    code: str
    label: LazyText
    due: date
    responsible: LazyText
    after_election: bool


def deadline_calendar(*, election_day: date, rules: ProfileRules) -> list[Deadline]:
    """The deadlines of one group's election, in chronological order.

    "N days before" deadlines are plain calendar days and are not moved off
    weekends: the law says "at least N days before", so moving them later would
    break it, and moving them earlier is the ward's choice, not a rule.
    """

    def before(days: int) -> date:
        return election_day - timedelta(days=days)

    return [
        Deadline(
            code="plan",
            label=_("Announce the election day and issue the election plan"),
            due=before(rules.plan_days_before),
            responsible=_("Chairman of the ward People's Committee"),
            after_election=False,
        ),
        Deadline(
            code="candidate_list",
            label=_("Draft the list of candidates and agree it with the Party cell committee"),
            due=before(rules.candidate_list_days_before),
            responsible=_("Front work committee of the group; Party cell committee"),
            after_election=False,
        ),
        Deadline(
            code="team_decision",
            label=_("Decide on the election team and on who votes (all voters or one representative per household)"),
            due=before(rules.team_decision_days_before),
            responsible=_("Chairman of the ward People's Committee"),
            after_election=False,
        ),
        Deadline(
            code="posting",
            label=_("Post the voter list and the candidate list publicly"),
            due=before(rules.posting_days_before),
            responsible=_("Election team"),
            after_election=False,
        ),
        Deadline(
            code="term_report",
            label=_("Have the outgoing leader's end-of-term report ready"),
            due=before(1),
            responsible=_("Outgoing group leader; Party cell secretary"),
            after_election=False,
        ),
        Deadline(
            code="election",
            label=_("Hold the voters' conference and the election"),
            due=election_day,
            responsible=_("Election team"),
            after_election=False,
        ),
        Deadline(
            code="recognition",
            label=_("Issue the decision recognising the elected leader"),
            due=add_working_days(election_day, rules.recognition_working_days),
            responsible=_("Chairman of the ward People's Committee"),
            after_election=True,
        ),
    ]


def revote_deadline(*, conference_day: date, rules: ProfileRules) -> date:
    """Last day for a new vote when a conference elected nobody (calendar days)."""
    return conference_day + timedelta(days=rules.revote_within_days)


# ------------------------------------------------------------------ counting, quorum


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


# --------------------------------------------------------------------- tally checks


@dataclass(frozen=True)
class TallyProblem:
    # The input the problem is about: "electorate", "present", "issued",
    # "returned", "valid", "invalid_by_reason" or "votes".
    field: str
    code: str
    message: LazyText
    # The invalid-ballot reason or the candidate, for the mapping fields.
    key: Hashable | None = None


def _interpolate(template: LazyText, params: Mapping[str, Any]) -> str:
    # `lazy_text % params` would translate immediately (at check time, in whatever
    # language is active then); deferring keeps the message lazy like its template.
    return lazy(lambda: str(template) % params, str)()


_FIELD_LABELS: dict[str, LazyText] = {
    "electorate": _("Electorate"),
    "present": _("Voters present"),
    "issued": _("Ballots issued"),
    "returned": _("Ballots returned"),
    "valid": _("Valid ballots"),
}


def check_tally(
    *,
    electorate: int,
    present: int,
    issued: int,
    returned: int,
    valid: int,
    invalid_by_reason: Mapping[str, int],
    votes: Mapping[K, int],
    secret_ballot: bool = True,
) -> list[TallyProblem]:
    """Consistency problems of a count, empty when the figures add up.

    For a show of hands there are no ballots: `issued`, `returned`, `valid` and
    `invalid_by_reason` are ignored and the votes are checked against those present.
    """
    problems: list[TallyProblem] = []

    def add(
        field_name: str,
        code: str,
        template: LazyText,
        key: Hashable | None = None,
        **params: Any,
    ) -> None:
        problems.append(
            TallyProblem(
                field=field_name,
                code=code,
                message=_interpolate(template, params),
                key=key,
            )
        )

    scalars = {"electorate": electorate, "present": present}
    if secret_ballot:
        scalars |= {"issued": issued, "returned": returned, "valid": valid}
    for name, value in scalars.items():
        if value < 0:
            add(
                name,
                "negative",
                _("%(field)s cannot be negative (%(value)s)."),
                field=_FIELD_LABELS[name],
                value=value,
            )
    if secret_ballot:
        for reason, count in invalid_by_reason.items():
            if count < 0:
                add(
                    "invalid_by_reason",
                    "negative",
                    _("Invalid ballots for the reason “%(reason)s” cannot be negative (%(value)s)."),
                    key=reason,
                    reason=reason,
                    value=count,
                )
    for candidate, count in votes.items():
        if count < 0:
            add(
                "votes",
                "negative",
                _("Votes for %(candidate)s cannot be negative (%(value)s)."),
                key=candidate,
                candidate=candidate,
                value=count,
            )

    # Comparisons with a negative figure would only repeat the "negative" problem
    # in a confusing form, so each is made only when its operands are sound.
    if present > electorate >= 0:
        add(
            "present",
            "present_exceeds_electorate",
            _("Voters present (%(present)s) cannot exceed the electorate (%(electorate)s)."),
            present=present,
            electorate=electorate,
        )

    votes_sound = all(count >= 0 for count in votes.values())
    total_votes = sum(votes.values())
    if secret_ballot:
        if issued > present >= 0:
            add(
                "issued",
                "issued_exceeds_present",
                _("Ballots issued (%(issued)s) cannot exceed voters present (%(present)s)."),
                issued=issued,
                present=present,
            )
        if returned > issued >= 0:
            add(
                "returned",
                "returned_exceeds_issued",
                _("Ballots returned (%(returned)s) cannot exceed ballots issued (%(issued)s)."),
                returned=returned,
                issued=issued,
            )
        invalid = sum(invalid_by_reason.values())
        invalid_sound = all(count >= 0 for count in invalid_by_reason.values())
        if min(valid, returned) >= 0 and invalid_sound and valid + invalid != returned:
            add(
                "valid",
                "valid_invalid_mismatch",
                _(
                    "Valid ballots (%(valid)s) plus invalid ballots (%(invalid)s) must "
                    "equal ballots returned (%(returned)s)."
                ),
                valid=valid,
                invalid=invalid,
                returned=returned,
            )
        for candidate, count in votes.items():
            if count > valid >= 0:
                add(
                    "votes",
                    "candidate_votes_exceed_valid",
                    _("Votes for %(candidate)s (%(votes)s) cannot exceed valid ballots (%(valid)s)."),
                    key=candidate,
                    candidate=candidate,
                    votes=count,
                    valid=valid,
                )
        # One seat: a valid ballot keeps at most one name (more is an invalid ballot).
        if votes_sound and total_votes > valid >= 0:
            add(
                "votes",
                "total_votes_exceed_valid",
                _(
                    "The votes for all candidates together (%(total)s) cannot exceed "
                    "valid ballots (%(valid)s): a valid ballot keeps at most one name."
                ),
                total=total_votes,
                valid=valid,
            )
    else:
        for candidate, count in votes.items():
            if count > present >= 0:
                add(
                    "votes",
                    "candidate_votes_exceed_present",
                    _("Votes for %(candidate)s (%(votes)s) cannot exceed voters present (%(present)s)."),
                    key=candidate,
                    candidate=candidate,
                    votes=count,
                    present=present,
                )
        # One seat: each voter present raises a hand for at most one candidate.
        if votes_sound and total_votes > present >= 0:
            add(
                "votes",
                "total_votes_exceed_present",
                _(
                    "The votes for all candidates together (%(total)s) cannot exceed "
                    "voters present (%(present)s): each voter votes for at most one "
                    "candidate."
                ),
                total=total_votes,
                present=present,
            )
    return problems


# ------------------------------------------------------------------------ candidates


def candidate_age_on(*, birth_date: date, on: date) -> int:
    """Age in full years on the date `on` (TT 04/2012 Art. 11: candidates 21+).

    The birthday itself counts as reaching the age, as in election practice. Someone
    born on 29 February reaches it on 28 February in common years, by analogy with
    the Civil Code 2015 rule for periods counted in months (Art. 148: when the last
    month has no matching day, the period ends on that month's last day). Not
    confirmed for this election; it only matters for a 29 February birthday.
    """
    if on < birth_date:
        raise ValueError("`on` is before the birth date")
    try:
        birthday_this_year = birth_date.replace(year=on.year)
    except ValueError:  # 29 February in a common year
        birthday_this_year = date(on.year, 2, 28)
    return on.year - birth_date.year - (on < birthday_this_year)
