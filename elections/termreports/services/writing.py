"""Writing a term report and submitting it: draft -> submitted."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.events import Event
from audit.services import changed_fields, snapshot
from config.errors import DomainError
from elections.models import GroupElection
from elections.termreports.models import NARRATIVE_FIELDS, TermReport, TermReportStep
from elections.termreports.selectors import (
    outgoing_leader_term,
    previous_term_snapshot,
    register_figures,
)
from elections.termreports.services.common import (
    EDITABLE_FIELDS,
    END_FIELDS,
    START_FIELDS,
    Status,
    audit_report,
    check_report_date,
    check_writer,
    group_label,
    lock_report,
    record_step,
    refuse_unless,
    validate_report,
)


def term_report_save(*, group_election: GroupElection, actor: User, data: dict) -> TermReport:
    """Create the group's report as a draft, or change its draft. `data` holds EDITABLE_FIELDS (others ignored).

    The outgoing leader comes from the register's LeaderTerm for the campaign's outgoing term; the
    start-of-term figures from the previous campaign's accepted report when there is one (then the
    entered figures are ignored). End-of-term figures are never entered: they are counted at submission.
    """
    check_writer(actor, group_election)
    campaign = group_election.campaign
    refuse_unless(
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
        before: dict[str, Any]
        if report is None:
            report = TermReport(
                group_election=group_election, term_label=campaign.previous_term_label, created_by=actor
            )
            before = {}
        else:
            refuse_unless(
                report.is_editable,
                _("The report of %(group)s is “%(status)s”: it can be changed only as a draft, after it is returned.")
                % {"group": group_label(group_election), "status": report.get_status_display()},
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
        check_report_date(report)
        validate_report(report)
        report.save()
        after = snapshot(report, EDITABLE_FIELDS + ["start_source", "leader_term"])
        if created:
            audit_report(actor=actor, report=report, event=Event.TERM_REPORT_CREATED, before={}, after=after)
        else:
            old, new = changed_fields(before, after)
            if new:
                audit_report(actor=actor, report=report, event=Event.TERM_REPORT_CHANGED, before=old, after=new)
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
    # The fields a writer fills are concrete model fields, never relations.
    return [str(cast(Field, report._meta.get_field(name)).verbose_name) for name in missing_for_submission(report)]


def term_report_submit(*, report: TermReport, actor: User) -> TermReport:
    """draft -> submitted. Every section must be written; the register's figures are counted and frozen now."""
    with transaction.atomic():
        report = lock_report(report)
        group_election = report.group_election
        check_writer(actor, group_election)
        refuse_unless(
            report.status == Status.DRAFT,
            _("The report of %(group)s is already “%(status)s”: only a draft can be submitted.")
            % {"group": group_label(group_election), "status": report.get_status_display()},
        )
        missing = _missing_for_submission(report)
        if missing:
            raise DomainError(
                _("The report of %(group)s cannot be submitted yet; still empty: %(fields)s.")
                % {"group": group_label(group_election), "fields": ", ".join(missing)}
            )
        check_report_date(report)
        figures = register_figures(group_id=group_election.group_id, campaign=group_election.campaign)
        for name, value in figures.items():
            setattr(report, f"end_{name}", value)
        report.end_counted_on = timezone.localdate()
        report.status = Status.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.reviewed_at = report.reviewed_by = None
        validate_report(report)
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
        record_step(report=report, kind=TermReportStep.Kind.SUBMITTED, before=Status.DRAFT, actor=actor)
        audit_report(
            actor=actor,
            report=report,
            event=Event.TERM_REPORT_SUBMITTED,
            before={"status": Status.DRAFT},
            after={"status": report.status, **figures, "end_counted_on": report.end_counted_on},
        )
    return report


def default_report_date(group_election: GroupElection) -> datetime.date:
    """A sensible date to suggest for a new report: today, or the eve of the election if that has passed."""
    today = timezone.localdate()
    return min(today, group_election.campaign.election_day - datetime.timedelta(days=1))
