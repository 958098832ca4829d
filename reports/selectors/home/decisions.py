"""Elected leaders waiting for the recognition decision."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import User
from elections.count.models import Count as CountRecord
from elections.count.selectors import recognition_deadline
from elections.models import Stage
from reports.selectors.home.base import LIMIT, Section, Task, current_elections
from reports.selectors.home.base import section as section_for


def decisions(user: User, today: datetime.date) -> Section:
    section = section_for("decisions")
    _campaign, elections = current_elections(user)
    counts = {
        c.conference.group_election_id: c
        for c in CountRecord.objects.filter(
            conference__group_election__in=elections.filter(stage=Stage.ELECTED), sealed_at__isnull=False
        )
        .select_related("conference", "elected__resident")
        .order_by("conference__sequence")
    }
    for ge in elections.filter(stage=Stage.ELECTED)[:LIMIT]:
        count = counts.get(ge.pk)
        # Only a count with a winner has someone to recognise (`elected` is set iff the outcome is "elected").
        if count is None or count.elected is None or not can(user, Action.SIGN_DECISION, ge.group):
            continue
        deadline = recognition_deadline(count)
        section.tasks.append(
            Task(
                _("Recognise %(name)s as leader of %(group)s")
                % {"name": count.elected.resident.full_name, "group": ge.group.name},
                reverse("count:decision_create", args=[ge.pk]),
                _("Decision due by %(date)s") % {"date": deadline.strftime("%d/%m/%Y")},
                deadline < today,
            )
        )
    return section
