"""One row per group election with everything the dashboard shows, in a fixed number of queries.

Each fact (candidates, complaints, term report, conference and count, difficulties, previous
leader) is one grouped query over all the selected group elections, merged in Python: the
number of queries does not depend on the number of groups.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from elections.candidates.models import Candidate, Complaint
from elections.conference.models import Attendance, Conference
from elections.count.models import Count as CountRecord
from elections.count.models import CountVote
from elections.models import Campaign, DifficultyReport, GroupElection, Stage
from elections.rules import (
    ProfileRules,
    add_working_days,
    deadline_calendar,
    has_quorum,
    percent_of_electorate,
    revote_deadline,
)
from elections.termreports.models import TermReport
from residents.models import LeaderTerm

DONE_STAGES = {Stage.RECOGNISED}
RESULT_STAGES = {Stage.ELECTED, Stage.RECOGNISED}
NO_WINNER_STAGES = {Stage.NO_WINNER, Stage.REVOTE_SCHEDULED}


@dataclass(slots=True)
class GroupRow:
    """What the dashboard knows of one group's election."""

    pk: int  # the group election
    group_id: int
    code: str
    name: str
    cell_id: int | None
    cell_name: str
    stage: str
    stage_label: str
    round: int
    election_date: datetime.date
    official: str = ""
    next_deadline_label: str = ""
    next_deadline_code: str = ""
    next_deadline: datetime.date | None = None
    overdue: bool = False
    candidates: int = 0
    candidates_approved: int = 0
    candidates_pending: int = 0
    candidates_rejected: int = 0
    candidates_members: int = 0
    complaints: int = 0
    complaints_open: int = 0
    report_status: str = ""  # "" when no report
    report_status_label: str = ""
    conference_held: bool = False
    electorate: int | None = None
    present: int | None = None
    quorum: bool | None = None
    outcome: str = ""
    elected_name: str = ""
    elected_votes: int | None = None
    elected_percent: Decimal | None = None
    elected_member: bool | None = None
    elected_on_revote: bool = False
    previous_leader: str = ""
    previous_member: bool | None = None
    difficulties_open: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def turnout(self) -> Decimal | None:
        if self.present is None or not self.electorate:
            return None
        return percent_of_electorate(self.present, self.electorate)

    @property
    def has_result(self) -> bool:
        return bool(self.elected_name)

    @property
    def moved_to_member(self) -> bool:
        return self.previous_member is False and self.elected_member is True


def stage_deadline(
    stage: str,
    election_date: datetime.date,
    calendar: dict[str, tuple[str, datetime.date | None]],
    rules: ProfileRules,
    revote_due,
    held_on,
) -> tuple[str, datetime.date | None]:
    """The next deadline of a group at its stage: the one that moving to the next stage meets."""
    if stage in (Stage.PLANNED, Stage.PREPARING):
        return calendar["candidate_list"]
    if stage == Stage.LIST_APPROVED:
        return calendar["posting"]
    if stage in (Stage.LISTS_POSTED, Stage.CONFERENCE_HELD, Stage.COUNTED):
        return calendar["election"][0], election_date
    if stage == Stage.ELECTED:
        day = held_on or election_date
        return calendar["recognition"][0], add_working_days(day, rules.recognition_working_days)
    if stage in NO_WINNER_STAGES:
        due = revote_due or revote_deadline(conference_day=held_on or election_date, rules=rules)
        return calendar["revote"][0], due
    return "", None


def stage_calendar(campaign: Campaign, rules: ProfileRules) -> dict[str, tuple[str, datetime.date | None]]:
    """The campaign's deadlines by code: (label, due date); the re-vote's date is each group's own."""
    calendar: dict[str, tuple[str, datetime.date | None]] = {
        d.code: (str(d.label), d.due) for d in deadline_calendar(election_day=campaign.election_day, rules=rules)
    }
    calendar["revote"] = (gettext("Hold the re-vote"), None)
    return calendar


def group_rows(*, campaign: Campaign, elections, today: datetime.date | None = None) -> list[GroupRow]:
    """Rows for the given GroupElection queryset (already scoped and filtered), ordered by group code."""
    today = today or timezone.localdate()
    rules = campaign.legal_profile.rules()
    calendar = stage_calendar(campaign, rules)
    codes = {label: code for code, (label, _due) in calendar.items()}
    stage_labels = {value: str(label) for value, label in Stage.choices}  # translate once, not per row

    base = elections.values(
        "pk",
        "group_id",
        "group__code",
        "group__name",
        "group__party_cell_id",
        "group__party_cell__name",
        "stage",
        "round",
        "planned_at",
        "revote_due",
        "official_in_charge__full_name",
        "official_in_charge__username",
    ).order_by("group__code", "pk")
    rows: dict[int, GroupRow] = {}
    revote_dues: dict[int, datetime.date | None] = {}
    for r in base:
        planned = r["planned_at"]
        rows[r["pk"]] = GroupRow(
            pk=r["pk"],
            group_id=r["group_id"],
            code=r["group__code"],
            name=r["group__name"],
            cell_id=r["group__party_cell_id"],
            cell_name=r["group__party_cell__name"] or "",
            stage=r["stage"],
            stage_label=stage_labels.get(r["stage"], r["stage"]),
            round=r["round"],
            election_date=timezone.localtime(planned).date() if planned else campaign.election_day,
            official=r["official_in_charge__full_name"] or r["official_in_charge__username"] or "",
        )
        revote_dues[r["pk"]] = r["revote_due"]
    if not rows:
        return []
    ids = elections.values("pk")

    _add_candidates(rows, ids)
    _add_complaints(rows, ids)
    _add_term_reports(rows, ids)
    held_on = _add_conferences(rows, ids, rules)
    _add_difficulties(rows, campaign, elections)
    _add_previous_leaders(rows, campaign, elections)

    for row in rows.values():
        label, due = stage_deadline(
            row.stage, row.election_date, calendar, rules, revote_dues[row.pk], held_on.get(row.pk)
        )
        row.next_deadline_label = label
        row.next_deadline_code = codes.get(label, "")
        row.next_deadline = due
        row.overdue = due is not None and due < today
    return list(rows.values())


def _add_candidates(rows: dict[int, GroupRow], ids) -> None:
    S = Candidate.Status
    active = ~Q(status__in=[S.REJECTED, S.WITHDRAWN])
    for r in (
        Candidate.objects.filter(group_election__in=ids)
        .values("group_election_id")
        .annotate(
            total=Count("pk", filter=active),
            approved=Count("pk", filter=Q(status=S.APPROVED)),
            pending=Count("pk", filter=Q(status__in=[S.NOMINATED, S.UNDER_REVIEW])),
            rejected=Count("pk", filter=Q(status=S.REJECTED)),
            members=Count("pk", filter=active & Q(party_member_at_vetting=True)),
        )
        .order_by()
    ):
        row = rows[r["group_election_id"]]
        row.candidates = r["total"]
        row.candidates_approved = r["approved"]
        row.candidates_pending = r["pending"]
        row.candidates_rejected = r["rejected"]
        row.candidates_members = r["members"]


def _add_complaints(rows: dict[int, GroupRow], ids) -> None:
    for r in (
        Complaint.objects.filter(candidate__group_election__in=ids)
        .values("candidate__group_election_id")
        .annotate(total=Count("pk"), open=Count("pk", filter=~Q(status=Complaint.Status.CONCLUDED)))
        .order_by()
    ):
        row = rows[r["candidate__group_election_id"]]
        row.complaints = r["total"]
        row.complaints_open = r["open"]


def _add_term_reports(rows: dict[int, GroupRow], ids) -> None:
    labels = {value: str(label) for value, label in TermReport.Status.choices}
    for ge_id, status in (
        TermReport.objects.filter(group_election__in=ids).values_list("group_election_id", "status").order_by()
    ):
        rows[ge_id].report_status = status
        rows[ge_id].report_status_label = labels.get(status, status)


def _add_conferences(rows: dict[int, GroupRow], ids, rules: ProfileRules) -> dict[int, datetime.date]:
    """Turnout, quorum and result from each group's latest conference that was held. Returns its date."""
    held_on: dict[int, datetime.date] = {}
    local_dates: dict = {}
    conferences = (
        Conference.objects.filter(group_election__in=ids)
        .exclude(status=Conference.Status.SCHEDULED)
        .values(
            "pk",
            "group_election_id",
            "sequence",
            "is_revote",
            "status",
            "scheduled_at",
            "electorate_size",
            "head_count",
            "present_at_vote",
        )
        .order_by("group_election_id", "sequence")
    )
    latest = {c["group_election_id"]: c for c in conferences}  # ordered by sequence: the last one wins
    if not latest:
        return held_on
    latest_ids = {c["pk"] for c in latest.values()}
    in_scope = Q(conference__group_election__in=ids)
    # Attendance only for sittings without a count (a count carries its own figures).
    attendance = {
        conference_id: n
        for conference_id, n in Attendance.objects.filter(in_scope, conference__count__isnull=True)
        .values("conference_id")
        .annotate(n=Count("pk"))
        .values_list("conference_id", "n")
        .order_by()
        if conference_id in latest_ids
    }
    counts = {
        c["conference_id"]: c
        for c in CountRecord.objects.filter(in_scope)
        .values(
            "conference_id",
            "electorate",
            "present",
            "outcome",
            "elected_id",
            "elected__resident__full_name",
            "elected__party_member_at_vetting",
        )
        .order_by()
        if c["conference_id"] in latest_ids
    }
    elected_votes = dict(
        CountVote.objects.filter(count__conference__group_election__in=ids, candidate_id=F("count__elected_id"))
        .values_list("count__conference_id", "votes")
        .order_by()
    )
    for ge_id, c in latest.items():
        row = rows[ge_id]
        row.conference_held = True
        held_on[ge_id] = _local_date(c["scheduled_at"], local_dates)
        count = counts.get(c["pk"])
        if count is not None:
            row.electorate = count["electorate"]
            row.present = count["present"]
            row.outcome = count["outcome"]
            if count["elected_id"]:
                row.elected_name = count["elected__resident__full_name"]
                row.elected_member = count["elected__party_member_at_vetting"]
                row.elected_votes = elected_votes.get(c["pk"])
                if row.elected_votes is not None:
                    row.elected_percent = percent_of_electorate(row.elected_votes, row.electorate)
                row.elected_on_revote = bool(c["is_revote"] or c["sequence"] > 1)
        else:
            row.electorate = c["electorate_size"]
            present = c["present_at_vote"] or c["head_count"] or attendance.get(c["pk"])
            row.present = present
        if row.electorate is not None and row.present is not None:
            row.quorum = has_quorum(electorate=row.electorate, present=row.present, rules=rules)
    return held_on


def _local_date(moment: datetime.datetime, cache: dict) -> datetime.date:
    # Most groups meet at the same hour: convert each distinct moment once.
    day = cache.get(moment)
    if day is None:
        day = cache[moment] = timezone.localtime(moment).date()
    return day


def _add_difficulties(rows: dict[int, GroupRow], campaign: Campaign, elections) -> None:
    by_group = {row.group_id: row for row in rows.values()}
    for group_id, n in (
        DifficultyReport.objects.filter(campaign=campaign, group__in=elections.values("group_id"))
        .exclude(status=DifficultyReport.Status.RESOLVED)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
        .order_by()
    ):
        by_group[group_id].difficulties_open = n


def _add_previous_leaders(rows: dict[int, GroupRow], campaign: Campaign, elections) -> None:
    if not campaign.previous_term_label:
        return
    by_group = {row.group_id: row for row in rows.values()}
    for group_id, name, member in (
        LeaderTerm.objects.filter(term_label=campaign.previous_term_label, group__in=elections.values("group_id"))
        .values_list("group_id", "full_name", "was_party_member")
        .order_by()
    ):
        row = by_group[group_id]
        row.previous_leader = name
        row.previous_member = member


def scoped_elections(campaign: Campaign, groups) -> QuerySet[GroupElection]:
    """The campaign's group elections among `groups` (a scoped ResidentialGroup queryset)."""
    return GroupElection.objects.filter(campaign=campaign, group__in=groups)
