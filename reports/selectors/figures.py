"""The dashboard's figures as SQL aggregates: one grouped query per fact, each grouped by Party cell.

The ward's totals are the sums of the cells' lines, and no query reads the residents (a candidate carries
its Party membership from vetting). Two facts are tallied in Python over one narrow query each, because
they are the law's functions in `elections.rules`: the deadlines (working days, holidays) and each
group's latest sitting (quorum, turnout rounded as printed). The figures are those `summarise`, `measure_goals` and
`by_cell` compute from the group rows; `tests/reports/test_figures.py` holds them equal.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from elections.candidates.models import Candidate, Complaint
from elections.conference.models import Attendance, Conference
from elections.models import Campaign, DifficultyReport, Stage
from elections.rules import ProfileRules, has_quorum, percent_of_electorate
from elections.termreports.models import TermReport
from reports.selectors.facts import GroupRow, stage_calendar, stage_deadline
from reports.selectors.tallies import TURNOUT_BUCKETS, CellLine, Goals, Summary, bucket_label
from residents.models import LeaderTerm

NO_WINNER = [Stage.NO_WINNER, Stage.REVOTE_SCHEDULED]
REPORT_STATUSES = ("draft", "submitted", "reviewed", "accepted")


@dataclass
class CellFigures:
    """Every figure of one Party cell's groups (None: the groups without a cell)."""

    cell_id: int | None
    name: str = ""
    n: dict[str, int] = field(default_factory=dict)

    def add(self, values: dict) -> None:
        for key, value in values.items():
            if key not in ("cell", "cell_name"):
                self.n[key] = self.n.get(key, 0) + (value or 0)

    def __getitem__(self, key: str) -> int:
        return self.n.get(key, 0)


def _stages(elections: QuerySet) -> Iterable[dict]:
    counts = {f"stage_{value}": Count("pk", filter=Q(stage=value)) for value in Stage.values}
    return elections.values(cell=F("group__party_cell_id"), cell_name=F("group__party_cell__name")).annotate(
        groups=Count("pk"), **counts
    )


def _candidates(ids: QuerySet) -> Iterable[dict]:
    S = Candidate.Status
    active = ~Q(status__in=[S.REJECTED, S.WITHDRAWN])
    pending = Q(status__in=[S.NOMINATED, S.UNDER_REVIEW])
    return (
        Candidate.objects.filter(group_election__in=ids)
        .values(cell=F("group_election__group__party_cell_id"))
        .annotate(
            candidates=Count("pk", filter=active),
            candidates_approved=Count("pk", filter=Q(status=S.APPROVED)),
            candidates_pending=Count("pk", filter=pending),
            candidates_rejected=Count("pk", filter=Q(status=S.REJECTED)),
            candidates_members=Count("pk", filter=active & Q(party_member_at_vetting=True)),
            groups_with_candidates=Count("group_election", filter=active, distinct=True),
            groups_with_pending=Count("group_election", filter=pending, distinct=True),
        )
        .order_by()
    )


def _complaints(ids: QuerySet) -> Iterable[dict]:
    is_open = ~Q(status=Complaint.Status.CONCLUDED)
    return (
        Complaint.objects.filter(candidate__group_election__in=ids)
        .values(cell=F("candidate__group_election__group__party_cell_id"))
        .annotate(
            complaints_open=Count("pk", filter=is_open),
            groups_with_open_complaints=Count("candidate__group_election", filter=is_open, distinct=True),
        )
        .order_by()
    )


def _reports(ids: QuerySet) -> Iterable[dict]:
    counts = {f"report_{status}": Count("pk", filter=Q(status=status)) for status in REPORT_STATUSES}
    return (
        TermReport.objects.filter(group_election__in=ids)
        .values(cell=F("group_election__group__party_cell_id"))
        .annotate(reports_any=Count("group_election", distinct=True), **counts)
        .order_by()
    )


def _difficulties(campaign: Campaign, elections: QuerySet) -> Iterable[dict]:
    return (
        DifficultyReport.objects.filter(campaign=campaign, group__in=elections.values("group_id"))
        .exclude(status=DifficultyReport.Status.RESOLVED)
        .values(cell=F("group__party_cell_id"))
        .annotate(difficulties_open=Count("pk"), groups_with_difficulties=Count("group", distinct=True))
        .order_by()
    )


def _previous(campaign: Campaign, elections: QuerySet) -> Iterable[dict]:
    if not campaign.previous_term_label:
        return []
    return (
        LeaderTerm.objects.filter(term_label=campaign.previous_term_label, group__in=elections.values("group_id"))
        .values(cell=F("group__party_cell_id"))
        .annotate(previous=Count("pk"), previous_members=Count("pk", filter=Q(was_party_member=True)))
        .order_by()
    )


def latest_sittings(ids: QuerySet) -> QuerySet:
    """Each group's latest conference that was held (not merely scheduled)."""
    held = Conference.objects.exclude(status=Conference.Status.SCHEDULED)
    later = held.filter(group_election_id=OuterRef("group_election_id"), sequence__gt=OuterRef("sequence"))
    return held.filter(group_election__in=ids).filter(~Exists(later))


def _sittings(ids: QuerySet, campaign: Campaign, rules: ProfileRules) -> Iterable[dict]:
    """Turnout, quorum, result and the Party-member goals from each group's latest sitting that was held.

    One narrow row per held sitting, tallied here: quorum and turnout are the law's own functions
    (elections.rules.has_quorum, percent_of_electorate), not a second copy of them in SQL.
    """
    attendance = (
        Attendance.objects.filter(conference=OuterRef("pk"))
        .values("conference")
        .annotate(n=Count("pk"))
        .values("n")
        .order_by()
    )
    previous = LeaderTerm.objects.filter(
        term_label=campaign.previous_term_label or "-", group_id=OuterRef("group_election__group_id")
    )
    sittings = (
        latest_sittings(ids)
        .annotate(
            figure_electorate=Coalesce("count__electorate", "electorate_size", output_field=IntegerField()),
            figure_present=Coalesce(
                "count__present",
                NullIf("present_at_vote", Value(0)),
                NullIf("head_count", Value(0)),
                Subquery(attendance, output_field=IntegerField()),
                output_field=IntegerField(),
            ),
            previous_member=Subquery(previous.values("was_party_member")[:1]),
        )
        .values_list(
            "group_election__group__party_cell_id",
            "figure_present",
            "figure_electorate",
            "count__elected_id",
            "count__elected__party_member_at_vetting",
            "is_revote",
            "sequence",
            "previous_member",
            "group_election__stage",
        )
        .order_by()
    )
    lines: dict[int | None, Counter] = {}
    for cell, present, electorate, elected_id, member, is_revote, sequence, previous_member, stage in sittings:
        n = lines.setdefault(cell, Counter())
        n["conferences_held"] += 1
        if present is not None and electorate is not None:
            reached = has_quorum(electorate=electorate, present=present, rules=rules)
            n["quorum_reached" if reached else "quorum_missed"] += 1
            if electorate:
                n["present"] += present
                n["electorate"] += electorate
                n[_bucket(percent_of_electorate(present, electorate))] += 1
        if elected_id is not None:
            member = bool(member)
            n["elected"] += 1
            n["elected_members"] += member
            n["elected_in_no_winner_stage"] += stage in NO_WINNER
            n["after_revote"] += bool(is_revote or sequence > 1)
            if previous_member is not None:
                n["compared"] += 1
                n[MOVES[(previous_member, member)]] += 1
    return [{"cell": cell, **n} for cell, n in lines.items()]


MOVES = {
    (True, True): "stayed_member",
    (True, False): "moved_to_non_member",
    (False, True): "moved_to_member",
    (False, False): "stayed_non_member",
}


def _bucket(turnout) -> str:
    for low, high in TURNOUT_BUCKETS:
        if low <= turnout < high:
            return f"turnout_{low}"
    return "turnout_none"


def cell_figures(campaign: Campaign, elections: QuerySet, rules: ProfileRules) -> dict[int | None, CellFigures]:
    """Every aggregate figure, by Party cell: a fixed number of grouped queries."""
    ids = elections.values("pk")
    cells: dict[int | None, CellFigures] = {}
    for line in _stages(elections.order_by()):
        cells[line["cell"]] = CellFigures(cell_id=line["cell"], name=line["cell_name"] or "")
        cells[line["cell"]].add(line)
    for rows in (
        _candidates(ids),
        _complaints(ids),
        _reports(ids),
        _difficulties(campaign, elections),
        _previous(campaign, elections),
        _sittings(ids, campaign, rules),
    ):
        for line in rows:
            cell = cells.get(line["cell"])
            if cell is not None:
                cell.add(line)
    return cells


FACT_FIELDS = ("pk", "group_id", "group__code", "group__name", "group__party_cell_id", "stage", "round")


def deadline_facts(elections: QuerySet) -> list[tuple]:
    """FACT_FIELDS, planned_at, revote_due and the latest held sitting's time of the groups that have a next
    deadline: the narrow input of the deadline rules."""
    held = (
        Conference.objects.exclude(status=Conference.Status.SCHEDULED)
        .filter(group_election=OuterRef("pk"))
        .order_by("-sequence")
        .values("scheduled_at")[:1]
    )
    return list(
        elections.exclude(stage=Stage.RECOGNISED)
        .annotate(held_at=Subquery(held))
        .values_list(*FACT_FIELDS, "planned_at", "revote_due", "held_at")
        .order_by()
    )


def local_day(moment: datetime.datetime | None, cache: dict) -> datetime.date | None:
    if moment is None:
        return None
    day = cache.get(moment)
    if day is None:
        day = cache[moment] = timezone.localtime(moment).date()
    return day


@dataclass
class WardFigures:
    summary: Summary
    goals: Goals
    cells: list[CellLine]
    late: list[GroupRow]  # the first late groups, by deadline then code (the only rows built)
    late_total: int


def ward_figures(campaign: Campaign, elections: QuerySet, *, today: datetime.date, late_rows: int = 15) -> WardFigures:
    """The summary, the goals and the cells' lines of the given group elections (scoped by the caller)."""
    rules = campaign.legal_profile.rules()
    cells = cell_figures(campaign, elections, rules)
    calendar = stage_calendar(campaign, rules)
    late = []
    days: dict = {}
    for *fact, planned_at, revote_due, held_at in deadline_facts(elections):
        election_date = local_day(planned_at, days) or campaign.election_day
        stage, cell = fact[5], fact[4]
        label, due = stage_deadline(stage, election_date, calendar, rules, revote_due, local_day(held_at, days))
        if due is not None and due < today:
            late.append((due, fact[2], label, election_date, fact))
            cells[cell].n["overdue"] = cells[cell]["overdue"] + 1
    late.sort(key=lambda item: item[:2])
    total = CellFigures(cell_id=None)
    for cell in cells.values():
        total.add(cell.n)
    return WardFigures(
        summary=_summary(total),
        goals=_goals(total),
        cells=sorted((_cell_line(cell) for cell in cells.values()), key=lambda line: (line.cell_id is None, line.name)),
        late=[_late_row(*item) for item in late[:late_rows]],
        late_total=len(late),
    )


def _late_row(due, code, label, election_date, fact) -> GroupRow:
    pk, group_id, _code, name, cell_id, stage, round_ = fact
    return GroupRow(
        pk=pk,
        group_id=group_id,
        code=code,
        name=name,
        cell_id=cell_id,
        cell_name="",
        stage=stage,
        stage_label=str(Stage(stage).label),
        round=round_,
        election_date=election_date,
        next_deadline_label=label,
        next_deadline=due,
        overdue=True,
    )


def _counts(cls, t: CellFigures) -> dict[str, int]:
    """The integer fields of `cls` that the queries name alike (the others are derived below)."""
    return {f.name: t[f.name] for f in fields(cls) if f.type == "int"}


def _summary(t: CellFigures) -> Summary:
    no_winner = sum(t[f"stage_{stage}"] for stage in NO_WINNER)
    return Summary(
        **_counts(Summary, t)
        | {
            "recognised": t[f"stage_{Stage.RECOGNISED}"],
            "groups_without_candidates": t["groups"] - t["groups_with_candidates"],
            "reports_none": t["groups"] - t["reports_any"],
            "no_winner": no_winner,
        },
        stages=[(value, str(label), t[f"stage_{value}"]) for value, label in Stage.choices],
        reports={status: t[f"report_{status}"] for status in REPORT_STATUSES},
    )


def _goals(t: CellFigures) -> Goals:
    no_winner = sum(t[f"stage_{stage}"] for stage in NO_WINNER)
    return Goals(
        **_counts(Goals, t)
        | {
            "first_vote": t["elected"] - t["after_revote"],
            "no_winner_yet": no_winner - t["elected_in_no_winner_stage"],
        },
        turnout_buckets=[(bucket_label(low, high), t[f"turnout_{low}"]) for low, high in TURNOUT_BUCKETS],
    )


def _cell_line(cell: CellFigures) -> CellLine:
    return CellLine(
        cell_id=cell.cell_id,
        name=cell.name or _("No Party cell"),
        groups=cell["groups"],
        recognised=cell[f"stage_{Stage.RECOGNISED}"],
        elected=cell["elected"],
        overdue=cell["overdue"],
        complaints_open=cell["complaints_open"],
        present=cell["present"],
        electorate=cell["electorate"],
    )
