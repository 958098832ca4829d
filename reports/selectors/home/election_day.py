"""The election team's day: sittings to check voters in at, counts to enter, settle or seal."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action, can
from accounts.models import User
from elections.conference.models import Conference
from elections.count.models import TallyEntry
from reports.selectors.home.base import LIMIT, Section, Task, current_elections, local_time, section

S = Conference.Status
# What a sitting asks of whom, first match wins: statuses, only when the two entries differ, the right,
# the task, its page, and whether it is urgent (None: when the sitting is today).
STEPS = (
    (
        (S.SCHEDULED, S.OPEN),
        False,
        Action.CHECK_IN,
        gettext_lazy("Check voters in: %(group)s"),
        "conference:checkin",
        None,
    ),
    (
        (S.VOTING,),
        True,
        Action.RESOLVE_COUNT,
        gettext_lazy("The two count entries differ: settle them (%(group)s)"),
        "count:count_compare",
        True,
    ),
    ((S.VOTING,), False, Action.ENTER_COUNT, gettext_lazy("Enter the count: %(group)s"), "count:count_entry", True),
    (
        (S.COUNTED,),
        False,
        Action.RESOLVE_COUNT,
        gettext_lazy("Check and seal the count: %(group)s"),
        "count:seal",
        True,
    ),
)


def election_day(user: User, today: datetime.date) -> Section:
    """Sittings to check voters in at, counts to enter or settle: the election team's day."""
    result = section("election_day")
    _campaign, elections = current_elections(user)
    conferences = (
        Conference.objects.filter(group_election__in=elections, status__in=[*Conference.ACTIVE_STATUSES, S.COUNTED])
        .select_related("group_election__group")
        .annotate(entries=Count("tally_entries", distinct=True))
        .order_by("scheduled_at", "pk")
    )
    mismatched = set(
        TallyEntry.objects.filter(conference__in=conferences)
        .values("conference_id")
        .annotate(n=Count("id"))
        .filter(n=2)
        .exclude(conference__count__isnull=False)
        .values_list("conference_id", flat=True)
    )
    for conference in conferences[:LIMIT]:
        group = conference.group_election.group
        for statuses, needs_mismatch, action, text, url_name, urgent in STEPS:
            if (
                conference.status in statuses
                and (not needs_mismatch or conference.pk in mismatched)
                and can(user, action, group)
            ):
                when = local_time(conference.scheduled_at)
                if urgent is None:
                    urgent = timezone.localtime(conference.scheduled_at).date() == today
                result.tasks.append(
                    Task(
                        text % {"group": group.name},
                        reverse(url_name, args=[conference.pk]),
                        _("%(venue)s, %(time)s") % {"venue": conference.venue, "time": when},
                        urgent,
                    )
                )
                break
    return result
