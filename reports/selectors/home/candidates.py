"""Candidates to nominate or vet, and the open complaints about them."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import User
from elections.candidates.models import Candidate
from elections.candidates.selectors import complaint_queue, default_queue_handler
from elections.models import Stage
from reports.selectors.home.base import LIMIT, Section, Task, current_elections
from reports.selectors.home.base import section as section_for


def complaints(user: User, today: datetime.date) -> Section:
    section = section_for("complaints")
    handler = default_queue_handler(user)
    queue = complaint_queue(user, handler=handler, show="open")
    for complaint in queue[:LIMIT]:
        candidate = complaint.candidate
        section.tasks.append(
            Task(
                _("%(kind)s about %(candidate)s (%(group)s)")
                % {
                    "kind": complaint.get_kind_display(),
                    "candidate": candidate.resident.full_name,
                    "group": candidate.group_election.group.name,
                },
                reverse("candidates:complaint", args=[complaint.pk]),
                _("%(status)s · to settle by %(due)s")
                % {"status": complaint.get_status_display(), "due": complaint.due_on.strftime("%d/%m/%Y")},
                complaint.due_on < today,
            )
        )
    return section


def candidates(user: User, today: datetime.date) -> Section:
    """Groups still without candidates to nominate; for the ward, nominees waiting to be vetted."""
    section = section_for("candidates")
    _campaign, elections = current_elections(user)
    active = Q(
        candidates__status__in=[Candidate.Status.NOMINATED, Candidate.Status.UNDER_REVIEW, Candidate.Status.APPROVED]
    )
    preparing = elections.filter(stage__in=[Stage.PLANNED, Stage.PREPARING]).annotate(n=Count("candidates", active))
    for ge in preparing[:LIMIT]:
        if ge.n == 0 and can(user, Action.NOMINATE, ge.group):
            section.tasks.append(
                Task(
                    _("Nominate candidates for %(group)s") % {"group": ge.group.name},
                    reverse("candidates:group", args=[ge.pk]),
                    _("No candidate nominated yet (one or two per group)."),
                    True,
                )
            )
    if can(user, Action.VET_CANDIDATE):
        waiting = (
            Candidate.objects.filter(
                group_election__in=elections, status__in=[Candidate.Status.NOMINATED, Candidate.Status.UNDER_REVIEW]
            )
            .select_related("resident", "group_election__group")
            .order_by("group_election__group__code", "pk")
        )
        for candidate in waiting[:LIMIT]:
            section.tasks.append(
                Task(
                    _("Vet %(name)s (%(group)s)")
                    % {"name": candidate.resident.full_name, "group": candidate.group_election.group.name},
                    reverse("candidates:candidate", args=[candidate.pk]),
                    candidate.get_status_display(),
                )
            )
    return section
