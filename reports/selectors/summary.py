"""The ward summary report to the Party committee: results of all groups, goals, complaints, difficulties."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_date

from accounts.access import can
from accounts.models import Role, User
from elections.candidates.models import Complaint
from elections.models import DifficultyReport, GroupElection, Stage
from reports.selectors.dashboard import Scope, dashboard_scope, scope_groups
from reports.selectors.facts import GroupRow, group_rows, scoped_elections
from reports.selectors.tallies import Goals, Summary, measure_goals, summarise

ISSUERS = ("ubnd", "party")
VIEW_COMPLAINTS = "view_complaints"  # accounts.access.Action.VIEW_COMPLAINTS

# The paper is a Vietnamese administrative document whatever the interface language: its wording is fixed here.
STAGE_VI = {
    "planned": "Chưa triển khai",
    "preparing": "Đang chuẩn bị nhân sự",
    "list_approved": "Đã duyệt danh sách người ứng cử",
    "lists_posted": "Đã niêm yết danh sách",
    "conference_held": "Đã tổ chức hội nghị",
    "counted": "Đã kiểm phiếu",
    "elected": "Đã bầu được, chờ quyết định công nhận",
    "no_winner": "Không có người trúng cử",
    "revote_scheduled": "Đã định ngày bầu lại",
    "recognised": "Đã có quyết định công nhận",
}
DEADLINE_VI = {
    "candidate_list": "thống nhất danh sách người ứng cử",
    "posting": "niêm yết danh sách cử tri và người ứng cử",
    "election": "tổ chức hội nghị bầu cử",
    "recognition": "ban hành quyết định công nhận",
    "revote": "tổ chức bầu lại",
}


@dataclass
class SummaryReport:
    scope: Scope
    rows: list[GroupRow]
    summary: Summary
    goals: Goals
    complaints: list
    difficulties: list[DifficultyReport]
    issuer: str
    issued_on: object
    # The day the figures are reported as of (deadlines "overdue" against it); the paper is dated that day.
    as_of: datetime.date | None = None
    # The last day anything was recorded in the campaign: a report cannot be as of an earlier day.
    last_activity: datetime.date | None = None
    directive: object = None
    # Findings of complaints only for those who may read complaints (not the committee members at large).
    show_findings: bool = False

    @property
    def open_rows(self) -> list[GroupRow]:
        """Groups whose election is not finished (no recognition decision yet)."""
        return [r for r in self.rows if r.stage != Stage.RECOGNISED]

    @property
    def complaints_concluded(self) -> int:
        return sum(1 for c in self.complaints if not c.is_open)


def last_activity_date(campaign) -> datetime.date | None:
    """The last day a group's election of the campaign moved (stage change), if any."""
    last = GroupElection.objects.filter(campaign=campaign).aggregate(last=Max("stage_changed_at"))["last"]
    return timezone.localtime(last).date() if last else None


def _parse_day(value) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        try:
            day = datetime.datetime.strptime(value, "%d/%m/%Y").date()
        except ValueError:
            return None
    return day


def report_as_of(campaign, value=None, *, last_activity: datetime.date | None = None) -> datetime.date:
    """The "as of" day of the summary report.

    Given: that day, but never before the last recorded activity (the figures are those of the records,
    which cannot be shown as of an earlier day) nor after today. Not given: today while the term runs;
    once the term is over, the day of the last recorded activity, so that a finished campaign does not
    show every group "overdue" years later.
    """
    today = timezone.localdate()
    day = _parse_day(value) if isinstance(value, str) else value
    if day is None:
        term_over = campaign.term_end is not None and today > campaign.term_end
        day = last_activity if term_over and last_activity else today
    if last_activity and day < last_activity:
        day = last_activity
    return min(day, today)


def summary_report(user: User, params) -> SummaryReport:
    """The report's data for the user's scope (same numbers as the dashboard)."""
    scope = dashboard_scope(user, params)
    groups = scope_groups(user, scope)
    elections = scoped_elections(scope.campaign, groups)
    last_activity = last_activity_date(scope.campaign)
    as_of = report_as_of(scope.campaign, params.get("as_of"), last_activity=last_activity)
    rows = group_rows(campaign=scope.campaign, elections=elections, today=as_of)
    complaints = list(
        Complaint.objects.filter(candidate__group_election__in=elections.values("pk"))
        .select_related("candidate__resident", "candidate__group_election__group")
        .order_by("candidate__group_election__group__code", "received_on", "pk")
    )
    difficulties = list(
        DifficultyReport.objects.filter(campaign=scope.campaign, group__in=groups)
        .select_related("group", "reported_by")
        .prefetch_related("responses")
        .order_by("group__code", "reported_at")
    )
    for row in rows:
        row.extra["stage_vi"] = STAGE_VI.get(row.stage, row.stage_label)
        row.extra["deadline_vi"] = DEADLINE_VI.get(row.next_deadline_code, row.next_deadline_label)
    for item in difficulties:
        responses = list(item.responses.all())  # prefetched, ordered by time
        item.last_response = responses[-1] if responses else None  # type: ignore[attr-defined]  # for the template
    issuer = params.get("issuer") if params.get("issuer") in ISSUERS else "ubnd"
    directive = scope.campaign.directives.order_by("issued_on", "pk").first()
    return SummaryReport(
        scope=scope,
        rows=rows,
        summary=summarise(rows),
        goals=measure_goals(rows),
        complaints=complaints,
        difficulties=difficulties,
        issuer=issuer,
        issued_on=as_of,
        as_of=as_of,
        last_activity=last_activity,
        directive=directive,
        show_findings=can(user, VIEW_COMPLAINTS),
    )


def report_signer(report: SummaryReport) -> str:
    """The name under the signature: the ward chairman for the People's Committee, else left to fill by hand."""
    if report.issuer != "ubnd":
        return ""
    chairman = (
        User.objects.filter(ward_id=report.scope.campaign.ward_id, role=Role.CHAIRMAN, is_active=True)
        .order_by("pk")
        .first()
    )
    return chairman.full_name if chairman else ""
