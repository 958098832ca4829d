"""Each person's home: what they must do now, each item linked to the page that does it.

Sections follow what the user may do (accounts.access), not a role name, so an account that holds
several rights sees each of its jobs. Everything is scoped by `visible_groups` through the selectors
of the apps below; a fixed number of queries per section whatever the size of the ward.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.access import Action, can
from accounts.models import User
from notices.selectors import inbox
from reports.selectors.home.area import difficulties, late_groups
from reports.selectors.home.base import Section, Task
from reports.selectors.home.candidates import candidates, complaints
from reports.selectors.home.decisions import decisions
from reports.selectors.home.election_day import election_day
from reports.selectors.home.term_reports import term_reports

__all__ = ["Home", "Section", "Task", "home_for"]


@dataclass
class Home:
    sections: list[Section]
    notices: list


def home_for(user: User, *, today: datetime.date | None = None) -> Home:
    """The sections this user has work in, in the order of their day."""
    today = today or timezone.localdate()
    committee_area = can(user, Action.REPORT_DIFFICULTY) and not can(user, Action.MANAGE_CAMPAIGN)
    sections = []
    if can(user, Action.CHECK_IN) or can(user, Action.ENTER_COUNT):
        sections.append(election_day(user, today))
    if can(user, Action.SIGN_DECISION):
        sections.append(decisions(user, today))
    if can(user, Action.HANDLE_PARTY_COMPLAINT) or can(user, Action.HANDLE_COMPLAINT):
        sections.append(complaints(user, today))
    if can(user, Action.NOMINATE) or can(user, Action.VET_CANDIDATE):
        sections.append(candidates(user, today))
    if can(user, Action.REVIEW_TERM_REPORT) or can(user, Action.ACCEPT_TERM_REPORT):
        sections.append(term_reports(user, today))
    if committee_area:
        sections.append(late_groups(user, today, mine=True))
        sections.append(difficulties(user, today, mine=True))
    else:
        if can(user, Action.MANAGE_CAMPAIGN):
            sections.append(late_groups(user, today, mine=False))
        if can(user, Action.VIEW_DIFFICULTIES):
            sections.append(difficulties(user, today, mine=False))
    return Home(sections=sections, notices=list(inbox(user, unread_only=True)[:5]))
