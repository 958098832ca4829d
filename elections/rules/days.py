"""Working days and the legal calendar of one group's election."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import gettext_lazy as _

from elections.rules.profile import ProfileRules
from elections.rules.types import LazyText


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
