"""The review workflow: submitted -> reviewed (cell secretary) -> accepted (ward official in charge), or
returned to draft with a comment."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import User
from audit.events import Event
from config.errors import DomainError
from elections.termreports.models import TermReport, TermReportStep
from elections.termreports.selectors import (
    accepting_official_other_than,
)
from elections.termreports.services.common import (
    Status,
    audit_report,
    group_label,
    lock_report,
    record_step,
    refuse_unless,
    validate_report,
)
from notices.models import Notice
from notices.services import notice_send


def _check_reviewer(actor: User, report: TermReport) -> None:
    refuse_unless(
        can(actor, Action.REVIEW_TERM_REPORT, report.group_election.group),
        _("Only the secretary of the Party cell of %(group)s may review its term report.")
        % {"group": group_label(report.group_election)},
    )


def _check_acceptor(actor: User, report: TermReport) -> None:
    group_election = report.group_election
    refuse_unless(
        can(actor, Action.ACCEPT_TERM_REPORT, group_election.group),
        _("Only the ward official in charge of %(group)s may accept or return its reviewed term report.")
        % {"group": group_label(group_election)},
    )
    in_charge = accepting_official_other_than(user=actor, group_election=group_election)
    if in_charge is not None:
        raise DomainError(
            _("%(official)s is the ward official in charge of %(group)s: only they may accept or return its report.")
            % {"official": in_charge.display_name, "group": group_label(group_election)}
        )


def term_report_review(*, report: TermReport, actor: User, comment: str = "") -> TermReport:
    """submitted -> reviewed, by the cell secretary of the group's cell."""
    comment = (comment or "").strip()
    with transaction.atomic():
        report = lock_report(report)
        _check_reviewer(actor, report)
        refuse_unless(
            report.status == Status.SUBMITTED,
            _("The report of %(group)s is “%(status)s”: only a submitted report can be reviewed.")
            % {"group": group_label(report.group_election), "status": report.get_status_display()},
        )
        _step_forward(report, to=Status.REVIEWED, stamp="reviewed", kind=TermReportStep.Kind.REVIEWED,
                      event=Event.TERM_REPORT_REVIEWED, actor=actor, comment=comment)  # fmt: skip
    return report


def term_report_accept(*, report: TermReport, actor: User, comment: str = "") -> TermReport:
    """reviewed -> accepted, by the ward official in charge of the group. Opens the way to the conference."""
    comment = (comment or "").strip()
    with transaction.atomic():
        report = lock_report(report)
        _check_acceptor(actor, report)
        refuse_unless(
            report.status == Status.REVIEWED,
            _("The report of %(group)s is “%(status)s”: only a report reviewed by the cell secretary can be accepted.")
            % {"group": group_label(report.group_election), "status": report.get_status_display()},
        )
        _step_forward(report, to=Status.ACCEPTED, stamp="accepted", kind=TermReportStep.Kind.ACCEPTED,
                      event=Event.TERM_REPORT_ACCEPTED, actor=actor, comment=comment)  # fmt: skip
        _notify_writer(report=report, kind=Notice.Kind.TERM_REPORT_ACCEPTED, actor=actor, comment=comment)
    return report


def _notify_writer(*, report: TermReport, kind: str, actor: User, comment: str) -> None:
    """The person who submitted the report (else who started it) hears what became of it."""
    writer = report.submitted_by or report.created_by
    notice_send(
        recipients=[writer],
        kind=kind,
        url=reverse("termreports:detail", args=[report.group_election_id]),
        params={"group": group_label(report.group_election), "comment": comment},
        actor=actor,
    )


def _step_forward(
    report: TermReport, *, to: str, stamp: str, kind: str, event: Event, actor: User, comment: str
) -> None:
    """Move a locked report one step on: status, who and when (`<stamp>_at`/`<stamp>_by`), history, audit."""
    before = report.status
    report.status = to
    setattr(report, f"{stamp}_at", timezone.now())
    setattr(report, f"{stamp}_by", actor)
    validate_report(report)
    report.save(update_fields=["status", f"{stamp}_at", f"{stamp}_by", "updated_at"])
    record_step(report=report, kind=kind, before=before, actor=actor, comment=comment)
    audit_report(actor=actor, report=report, event=event, before={"status": before}, after={"status": to}, note=comment)


def term_report_return(*, report: TermReport, actor: User, comment: str) -> TermReport:
    """submitted or reviewed -> draft, with a comment saying what to change (kept in the history).

    A submitted report is returned by the cell secretary (review step), a reviewed one by the ward
    official in charge (acceptance step).
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        report = lock_report(report)
        before = report.status
        if before == Status.SUBMITTED:
            _check_reviewer(actor, report)
        elif before == Status.REVIEWED:
            _check_acceptor(actor, report)
        else:
            raise DomainError(
                _("The report of %(group)s is “%(status)s”: only a submitted or reviewed report can be returned.")
                % {"group": group_label(report.group_election), "status": report.get_status_display()}
            )
        if not comment:
            raise DomainError(_("Comment: say what must be changed before the report is returned."), field="comment")
        report.status = Status.DRAFT
        report.reviewed_at = report.reviewed_by = None
        report.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
        record_step(report=report, kind=TermReportStep.Kind.RETURNED, before=before, actor=actor, comment=comment)
        audit_report(
            actor=actor,
            report=report,
            event=Event.TERM_REPORT_RETURNED,
            before={"status": before},
            after={"status": report.status},
            note=comment,
        )
        _notify_writer(report=report, kind=Notice.Kind.TERM_REPORT_RETURNED, actor=actor, comment=comment)
    return report
