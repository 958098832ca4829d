"""What every section of the home is made of: a task, a section and its heading, the current elections."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import visible_groups
from accounts.models import User
from elections import selectors as election_selectors
from elections.models import GroupElection

LIMIT = 12


@dataclass
class Task:
    text: str
    url: str
    detail: str = ""
    urgent: bool = False


@dataclass
class Section:
    key: str
    title: str
    empty: str
    tasks: list[Task] = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""


# Each section's heading: title, what it says when empty, and the page with all of its kind.
HEADS = {
    "election_day": (
        _("Election day"),
        _("No sitting is scheduled or under way in your groups."),
        "conference:index",
        _("All sittings"),
    ),
    "complaints": (_("Open complaints"), _("No open complaint."), "candidates:complaints", _("All complaints")),
    "candidates": (
        _("Candidates"),
        _("No nomination or vetting is waiting."),
        "candidates:overview",
        _("All groups' candidates"),
    ),
    "term_reports": (
        _("Term reports"),
        _("No term report is waiting for you."),
        "termreports:compilation",
        _("All term reports"),
    ),
    "decisions": (
        _("Decisions to issue"),
        _("No elected leader is waiting for a decision."),
        "count:results",
        _("All results"),
    ),
    "late_groups": (
        _("Late groups"),
        _("No group is behind its legal calendar."),
        "elections:overdue",
        _("All overdue steps"),
    ),
    "difficulties": (
        _("Open difficulty reports"),
        _("No open difficulty report."),
        "elections:difficulty_list",
        _("All difficulty reports"),
    ),
}


def section(key: str, *, title=None) -> Section:
    """An empty section with its heading (`title` where the heading depends on the scope)."""
    default_title, empty, more, more_label = HEADS[key]
    return Section(key, str(title or default_title), str(empty), more_url=reverse(more), more_label=str(more_label))


def current_elections(user: User, groups=None):
    campaign = election_selectors.current_campaign(user)
    if campaign is None:
        return None, GroupElection.objects.none()
    elections = GroupElection.objects.filter(
        campaign=campaign, group__in=groups if groups is not None else visible_groups(user)
    ).select_related("group")
    return campaign, elections.order_by("group__code")


def local_time(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")
