"""What every change to a term report shares: the fields a writer edits, who may act, the lock, the
history step and the audit entry."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError, validate
from elections.models import GroupElection
from elections.termreports.models import FIGURES, NARRATIVE_FIELDS, TermReport, TermReportStep

START_FIELDS = [f"start_{name}" for name in FIGURES]
END_FIELDS = [f"end_{name}" for name in FIGURES]
# What the writer may change on a draft.
EDITABLE_FIELDS = ["leader_name", "report_date", *NARRATIVE_FIELDS, *START_FIELDS]
Status = TermReport.Status


def refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise DomainError(message)


def group_label(group_election: GroupElection) -> str:
    return group_election.group.name


def check_writer(actor: User, group_election: GroupElection) -> None:
    refuse_unless(
        can(actor, Action.WRITE_TERM_REPORT, group_election.group),
        _("Only the cell secretary of %(group)s or ward staff may write its term report.")
        % {"group": group_label(group_election)},
    )


def validate_report(report: TermReport) -> None:
    validate(report, exclude=["group_election", "created_by"])


def lock_report(report: TermReport) -> TermReport:
    return (
        TermReport.objects.select_for_update()
        .select_related("group_election", "group_election__group", "group_election__campaign")
        .get(pk=report.pk)
    )


def check_report_date(report: TermReport) -> None:
    if report.report_date is not None and report.report_date > timezone.localdate():
        raise DomainError(
            _("Date of the report: %(date)s is in the future.") % {"date": report.report_date.strftime("%d/%m/%Y")},
            field="report_date",
        )


def record_step(*, report: TermReport, kind: str, before: str, actor: User, comment: str = "") -> TermReportStep:
    step = TermReportStep(
        report=report, kind=kind, from_status=before, to_status=report.status, actor=actor, comment=comment
    )
    validate(step, exclude=["report", "actor"])
    step.save()
    return step


def audit_report(*, actor: User, report: TermReport, event: Event, before: dict, after: dict, note: str = "") -> None:
    audit_log(
        actor=actor,
        obj=report,
        event=event,
        before=before,
        after=after,
        group=report.group_election.group,
        note=note,
    )
