"""Term reports to write, finish, rewrite, review or accept."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action, can
from accounts.models import User
from elections.termreports.models import TermReport, TermReportStep
from reports.selectors.home.base import LIMIT, Section, Task, current_elections
from reports.selectors.home.base import section as section_for

# A report waiting for someone else than its writer: who may take the next step, and the task.
NEXT_STEP: dict[str, tuple[str, str | Promise]] = {
    TermReport.Status.SUBMITTED: (Action.REVIEW_TERM_REPORT, gettext_lazy("Review the term report of %(group)s")),
    TermReport.Status.REVIEWED: (
        Action.ACCEPT_TERM_REPORT,
        gettext_lazy("Accept or return the term report of %(group)s"),
    ),
}


def term_reports(user: User, today: datetime.date) -> Section:
    """The writer (cell secretary): reports to write, finish or rewrite; then review; the ward: acceptance."""
    section = section_for("term_reports")
    _campaign, elections = current_elections(user)
    returned = TermReportStep.objects.filter(report=OuterRef("pk"), kind=TermReportStep.Kind.RETURNED)
    reports = {
        r.group_election_id: r
        for r in TermReport.objects.filter(group_election__in=elections).annotate(was_returned=Exists(returned))
    }
    writer = can(user, Action.REVIEW_TERM_REPORT)  # the cell secretary writes and reviews their groups' reports
    for ge in elections.filter(report_override_reason=""):
        report = reports.get(ge.pk)
        edit = reverse("termreports:edit", args=[ge.pk])
        detail = reverse("termreports:detail", args=[ge.pk])
        name = {"group": ge.group.name}
        if report is None:
            if writer and can(user, Action.WRITE_TERM_REPORT, ge.group):
                section.tasks.append(Task(_("Write the term report of %(group)s") % name, edit, _("Not started.")))
        elif writer and report.status == TermReport.Status.DRAFT and report.was_returned:
            section.tasks.append(
                Task(
                    _("Term report of %(group)s returned: change and submit it again") % name,
                    detail,
                    _("See the comment on the report."),
                    True,
                )
            )
        elif writer and report.status == TermReport.Status.DRAFT:
            section.tasks.append(
                Task(_("Finish and submit the term report of %(group)s") % name, edit, report.get_status_display())
            )
        elif report.status in NEXT_STEP and can(user, NEXT_STEP[report.status][0], ge.group):
            text = NEXT_STEP[report.status][1]
            section.tasks.append(Task(str(text) % name, detail, report.get_status_display()))
    section.tasks = section.tasks[:LIMIT]
    return section
