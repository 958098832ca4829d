"""A whole ward's or a committee member's area: late groups and open difficulty reports."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import area_groups, visible_groups
from accounts.models import User
from elections import selectors as election_selectors
from elections.models import DifficultyReport
from reports.selectors.home.base import LIMIT, Section, Task
from reports.selectors.home.base import section as section_for


def late_groups(user: User, today: datetime.date, *, mine: bool) -> Section:
    section = section_for("late_groups", title=_("Late groups in my area") if mine else None)
    area = set(area_groups(user).values_list("pk", flat=True)) if mine else None
    for _campaign, rows in election_selectors.overdue_rows(user, today=today):
        for row in rows:
            ge = row.group_election
            if area is not None and ge.group_id not in area:
                continue
            late = row.overdue
            section.tasks.append(
                Task(
                    _("%(group)s: %(step)s") % {"group": ge.group.name, "step": late[0].label},
                    reverse("elections:group_election_detail", args=[ge.pk]),
                    _("due %(date)s; %(n)s step(s) late") % {"date": late[0].due.strftime("%d/%m/%Y"), "n": len(late)},
                    True,
                )
            )
    section.tasks = section.tasks[:LIMIT]
    return section


def difficulties(user: User, today: datetime.date, *, mine: bool) -> Section:
    section = section_for("difficulties", title=_("Difficulties in my area") if mine else None)
    groups = area_groups(user) if mine else visible_groups(user)
    reports = (
        DifficultyReport.objects.filter(group__in=groups)
        .exclude(status=DifficultyReport.Status.RESOLVED)
        .select_related("group", "reported_by")
        .order_by("-reported_at", "-id")
    )
    for report in reports[:LIMIT]:
        section.tasks.append(
            Task(
                _("%(group)s: %(title)s") % {"group": report.group.name, "title": report.title},
                reverse("elections:difficulty_detail", args=[report.pk]),
                _("%(status)s · reported %(date)s by %(name)s")
                % {
                    "status": report.get_status_display(),
                    "name": report.reported_by.display_name,
                    "date": timezone.localtime(report.reported_at).strftime("%d/%m/%Y"),
                },
                report.status == DifficultyReport.Status.OPEN,
            )
        )
    return section
