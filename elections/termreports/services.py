"""Every change to a term report: writing, the review workflow, and the conference override.

draft -> submitted -> reviewed (cell secretary) -> accepted (ward official in charge);
a submitted or reviewed report may be returned with a comment, which sends it back to draft.
Each step locks the row, checks who may do it and in what order, saves, keeps the step in the
report's history and writes an audit entry on the group's timeline.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can
from audit.events import Event
from audit.services import audit_log, changed_fields, snapshot
from config.errors import DomainError, validate
from elections.models import GroupElection
from elections.termreports.models import FIGURES, NARRATIVE_FIELDS, TermReport, TermReportStep
from elections.termreports.selectors import (
    accepting_official_other_than,
    outgoing_leader_term,
    previous_term_snapshot,
    register_figures,
)
from notices.models import Notice
from notices.services import notice_send

START_FIELDS = [f"start_{name}" for name in FIGURES]
END_FIELDS = [f"end_{name}" for name in FIGURES]
# What the writer may change on a draft.
EDITABLE_FIELDS = ["leader_name", "report_date", *NARRATIVE_FIELDS, *START_FIELDS]
Status = TermReport.Status


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise DomainError(message)


def _group_label(group_election: GroupElection) -> str:
    return group_election.group.name


def _check_writer(actor, group_election: GroupElection) -> None:
    _refuse_unless(
        can(actor, Action.WRITE_TERM_REPORT, group_election.group),
        _("Only the cell secretary of %(group)s or ward staff may write its term report.")
        % {"group": _group_label(group_election)},
    )


def _full_clean(report: TermReport) -> None:
    validate(report, exclude=["group_election", "created_by"])


def _locked(report: TermReport) -> TermReport:
    return (
        TermReport.objects.select_for_update()
        .select_related("group_election", "group_election__group", "group_election__campaign")
        .get(pk=report.pk)
    )


def _check_report_date(report: TermReport) -> None:
    if report.report_date is not None and report.report_date > timezone.localdate():
        raise DomainError(
            _("Date of the report: %(date)s is in the future.") % {"date": report.report_date.strftime("%d/%m/%Y")},
            field="report_date",
        )


def _record_step(*, report: TermReport, kind: str, before: str, actor, comment: str = "") -> TermReportStep:
    step = TermReportStep(
        report=report, kind=kind, from_status=before, to_status=report.status, actor=actor, comment=comment
    )
    validate(step, exclude=["report", "actor"])
    step.save()
    return step


def _audit(*, actor, report: TermReport, event: Event, before: dict, after: dict, note: str = "") -> None:
    audit_log(
        actor=actor,
        obj=report,
        event=event,
        before=before,
        after=after,
        group=report.group_election.group,
        note=note,
    )


# ---------------------------------------------------------------- writing


def term_report_save(*, group_election: GroupElection, actor, data: dict) -> TermReport:
    """Create the group's report as a draft, or change its draft. `data` holds EDITABLE_FIELDS (others ignored).

    The outgoing leader comes from the register's LeaderTerm for the campaign's outgoing term; the
    start-of-term figures from the previous campaign's accepted report when there is one (then the
    entered figures are ignored). End-of-term figures are never entered: they are counted at submission.
    """
    _check_writer(actor, group_election)
    campaign = group_election.campaign
    _refuse_unless(
        bool(campaign.previous_term_label),
        _("The campaign %(campaign)s has no outgoing term set: set it before writing term reports.")
        % {"campaign": campaign.label},
    )
    unknown = set(data) - set(EDITABLE_FIELDS)
    data = {k: v for k, v in data.items() if k not in unknown}
    with transaction.atomic():
        GroupElection.objects.select_for_update().filter(pk=group_election.pk).first()
        report = TermReport.objects.select_for_update().filter(group_election=group_election).first()
        created = report is None
        if created:
            report = TermReport(
                group_election=group_election, term_label=campaign.previous_term_label, created_by=actor
            )
            before = {}
        else:
            _refuse_unless(
                report.is_editable,
                _("The report of %(group)s is “%(status)s”: it can be changed only as a draft, after it is returned.")
                % {"group": _group_label(group_election), "status": report.get_status_display()},
            )
            before = snapshot(report, EDITABLE_FIELDS + ["start_source", "leader_term"])
        for name, value in data.items():
            if name in NARRATIVE_FIELDS or name == "leader_name":
                value = (value or "").strip()
            setattr(report, name, value)
        leader = outgoing_leader_term(group_election=group_election)
        if leader is not None:
            report.leader_term = leader
            report.leader_name = leader.full_name
        start = previous_term_snapshot(group_election=group_election)
        if start is not None:
            report.start_source = TermReport.StartSource.SNAPSHOT
            for name, value in start.items():
                setattr(report, f"start_{name}", value)
        else:
            report.start_source = TermReport.StartSource.GROUP
        _check_report_date(report)
        _full_clean(report)
        report.save()
        after = snapshot(report, EDITABLE_FIELDS + ["start_source", "leader_term"])
        if created:
            _audit(actor=actor, report=report, event=Event.TERM_REPORT_CREATED, before={}, after=after)
        else:
            old, new = changed_fields(before, after)
            if new:
                _audit(actor=actor, report=report, event=Event.TERM_REPORT_CHANGED, before=old, after=new)
    return report


def missing_for_submission(report: TermReport) -> list[str]:
    """The names of the fields still empty that a submitted report must have."""
    missing = []
    if not report.leader_name:
        missing.append("leader_name")
    if report.report_date is None:
        missing.append("report_date")
    missing.extend(name for name in NARRATIVE_FIELDS if not getattr(report, name).strip())
    if report.start_source == TermReport.StartSource.GROUP:
        missing.extend(name for name in START_FIELDS if getattr(report, name) is None)
    return missing


def _missing_for_submission(report: TermReport) -> list[str]:
    return [str(report._meta.get_field(name).verbose_name) for name in missing_for_submission(report)]


def term_report_submit(*, report: TermReport, actor) -> TermReport:
    """draft -> submitted. Every section must be written; the register's figures are counted and frozen now."""
    with transaction.atomic():
        report = _locked(report)
        group_election = report.group_election
        _check_writer(actor, group_election)
        _refuse_unless(
            report.status == Status.DRAFT,
            _("The report of %(group)s is already “%(status)s”: only a draft can be submitted.")
            % {"group": _group_label(group_election), "status": report.get_status_display()},
        )
        missing = _missing_for_submission(report)
        if missing:
            raise DomainError(
                _("The report of %(group)s cannot be submitted yet; still empty: %(fields)s.")
                % {"group": _group_label(group_election), "fields": ", ".join(missing)}
            )
        _check_report_date(report)
        figures = register_figures(group_id=group_election.group_id, campaign=group_election.campaign)
        for name, value in figures.items():
            setattr(report, f"end_{name}", value)
        report.end_counted_on = timezone.localdate()
        report.status = Status.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.reviewed_at = report.reviewed_by = None
        _full_clean(report)
        report.save(
            update_fields=[
                *END_FIELDS,
                "end_counted_on",
                "status",
                "submitted_at",
                "submitted_by",
                "reviewed_at",
                "reviewed_by",
                "updated_at",
            ]
        )
        _record_step(report=report, kind=TermReportStep.Kind.SUBMITTED, before=Status.DRAFT, actor=actor)
        _audit(
            actor=actor,
            report=report,
            event=Event.TERM_REPORT_SUBMITTED,
            before={"status": Status.DRAFT},
            after={"status": report.status, **figures, "end_counted_on": report.end_counted_on},
        )
    return report


# ---------------------------------------------------------------- review and acceptance


def _check_reviewer(actor, report: TermReport) -> None:
    _refuse_unless(
        can(actor, Action.REVIEW_TERM_REPORT, report.group_election.group),
        _("Only the secretary of the Party cell of %(group)s may review its term report.")
        % {"group": _group_label(report.group_election)},
    )


def _check_acceptor(actor, report: TermReport) -> None:
    group_election = report.group_election
    _refuse_unless(
        can(actor, Action.ACCEPT_TERM_REPORT, group_election.group),
        _("Only the ward official in charge of %(group)s may accept or return its reviewed term report.")
        % {"group": _group_label(group_election)},
    )
    in_charge = accepting_official_other_than(user=actor, group_election=group_election)
    if in_charge is not None:
        raise DomainError(
            _("%(official)s is the ward official in charge of %(group)s: only they may accept or return its report.")
            % {"official": in_charge.display_name, "group": _group_label(group_election)}
        )


def term_report_review(*, report: TermReport, actor, comment: str = "") -> TermReport:
    """submitted -> reviewed, by the cell secretary of the group's cell."""
    comment = (comment or "").strip()
    with transaction.atomic():
        report = _locked(report)
        _check_reviewer(actor, report)
        _refuse_unless(
            report.status == Status.SUBMITTED,
            _("The report of %(group)s is “%(status)s”: only a submitted report can be reviewed.")
            % {"group": _group_label(report.group_election), "status": report.get_status_display()},
        )
        _step_forward(report, to=Status.REVIEWED, stamp="reviewed", kind=TermReportStep.Kind.REVIEWED,
                      event=Event.TERM_REPORT_REVIEWED, actor=actor, comment=comment)  # fmt: skip
    return report


def term_report_accept(*, report: TermReport, actor, comment: str = "") -> TermReport:
    """reviewed -> accepted, by the ward official in charge of the group. Opens the way to the conference."""
    comment = (comment or "").strip()
    with transaction.atomic():
        report = _locked(report)
        _check_acceptor(actor, report)
        _refuse_unless(
            report.status == Status.REVIEWED,
            _("The report of %(group)s is “%(status)s”: only a report reviewed by the cell secretary can be accepted.")
            % {"group": _group_label(report.group_election), "status": report.get_status_display()},
        )
        _step_forward(report, to=Status.ACCEPTED, stamp="accepted", kind=TermReportStep.Kind.ACCEPTED,
                      event=Event.TERM_REPORT_ACCEPTED, actor=actor, comment=comment)  # fmt: skip
        _notify_writer(report=report, kind=Notice.Kind.TERM_REPORT_ACCEPTED, actor=actor, comment=comment)
    return report


def _notify_writer(*, report: TermReport, kind: str, actor, comment: str) -> None:
    """The person who submitted the report (else who started it) hears what became of it."""
    writer = report.submitted_by or report.created_by
    notice_send(
        recipients=[writer],
        kind=kind,
        url=reverse("termreports:detail", args=[report.group_election_id]),
        params={"group": _group_label(report.group_election), "comment": comment},
        actor=actor,
    )


def _step_forward(report: TermReport, *, to: str, stamp: str, kind: str, event: Event, actor, comment: str) -> None:
    """Move a locked report one step on: status, who and when (`<stamp>_at`/`<stamp>_by`), history, audit."""
    before = report.status
    report.status = to
    setattr(report, f"{stamp}_at", timezone.now())
    setattr(report, f"{stamp}_by", actor)
    _full_clean(report)
    report.save(update_fields=["status", f"{stamp}_at", f"{stamp}_by", "updated_at"])
    _record_step(report=report, kind=kind, before=before, actor=actor, comment=comment)
    _audit(actor=actor, report=report, event=event, before={"status": before}, after={"status": to}, note=comment)


def term_report_return(*, report: TermReport, actor, comment: str) -> TermReport:
    """submitted or reviewed -> draft, with a comment saying what to change (kept in the history).

    A submitted report is returned by the cell secretary (review step), a reviewed one by the ward
    official in charge (acceptance step).
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        report = _locked(report)
        before = report.status
        if before == Status.SUBMITTED:
            _check_reviewer(actor, report)
        elif before == Status.REVIEWED:
            _check_acceptor(actor, report)
        else:
            raise DomainError(
                _("The report of %(group)s is “%(status)s”: only a submitted or reviewed report can be returned.")
                % {"group": _group_label(report.group_election), "status": report.get_status_display()}
            )
        if not comment:
            raise DomainError(_("Comment: say what must be changed before the report is returned."), field="comment")
        report.status = Status.DRAFT
        report.reviewed_at = report.reviewed_by = None
        report.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
        _record_step(report=report, kind=TermReportStep.Kind.RETURNED, before=before, actor=actor, comment=comment)
        _audit(
            actor=actor,
            report=report,
            event=Event.TERM_REPORT_RETURNED,
            before={"status": before},
            after={"status": report.status},
            note=comment,
        )
        _notify_writer(report=report, kind=Notice.Kind.TERM_REPORT_RETURNED, actor=actor, comment=comment)
    return report


# ---------------------------------------------------------------- the conference override


def term_report_override_record(*, group_election: GroupElection, actor, reason: str) -> GroupElection:
    """Let the group's conference open without an accepted report, for a stated reason (ward official)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = GroupElection.objects.select_for_update().select_related("group", "campaign").get(pk=group_election.pk)
        _refuse_unless(
            can(actor, Action.OVERRIDE_TERM_REPORT, locked.group),
            _("Only a ward official may let the conference of %(group)s open without an accepted report.")
            % {"group": locked.group.name},
        )
        if not reason:
            raise DomainError(_("Reason: say why the conference may open without an accepted report."), field="reason")
        status = TermReport.objects.filter(group_election=locked).values_list("status", flat=True).first()
        _refuse_unless(
            status != Status.ACCEPTED,
            _("The report of %(group)s is already accepted: no override is needed.") % {"group": locked.group.name},
        )
        before = snapshot(locked, ["report_override_reason", "report_override_by"])
        locked.report_override_reason = reason
        locked.report_override_by = actor
        locked.save(update_fields=["report_override_reason", "report_override_by"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.TERM_REPORT_OVERRIDE_RECORDED,
            before=before,
            after=snapshot(locked, ["report_override_reason", "report_override_by"]),
            group=locked.group,
            note=reason,
        )
    group_election.refresh_from_db()
    return group_election


def term_report_override_withdraw(*, group_election: GroupElection, actor) -> GroupElection:
    """Withdraw an override: the conference again waits for the accepted report."""
    with transaction.atomic():
        locked = GroupElection.objects.select_for_update().select_related("group").get(pk=group_election.pk)
        _refuse_unless(
            can(actor, Action.OVERRIDE_TERM_REPORT, locked.group),
            _("Only a ward official may withdraw the override of %(group)s.") % {"group": locked.group.name},
        )
        _refuse_unless(
            bool(locked.report_override_reason.strip()),
            _("%(group)s has no override to withdraw.") % {"group": locked.group.name},
        )
        before = snapshot(locked, ["report_override_reason", "report_override_by"])
        locked.report_override_reason = ""
        locked.report_override_by = None
        locked.save(update_fields=["report_override_reason", "report_override_by"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.TERM_REPORT_OVERRIDE_WITHDRAWN,
            before=before,
            after=snapshot(locked, ["report_override_reason", "report_override_by"]),
            group=locked.group,
        )
    group_election.refresh_from_db()
    return group_election


def default_report_date(group_election: GroupElection) -> datetime.date:
    """A sensible date to suggest for a new report: today, or the eve of the election if that has passed."""
    today = timezone.localdate()
    return min(today, group_election.campaign.election_day - datetime.timedelta(days=1))
