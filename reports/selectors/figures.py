"""The dashboard's figures: three narrow queries over the scoped group elections, tallied in one pass.

One query gives a row per group election with its group and cell, stage, term report, outgoing leader's
membership, open difficulty reports and the sittings it held with their count (a group that held a re-vote has
a row per sitting; the latest is kept); one gives the candidates' conditional counts by group election (a
candidate carries its Party membership from vetting, so no query reads the residents), one the open complaints
by group election. None is a query per group, and the number does not grow with the ward. The rows are tallied
here because three of the facts are the law's functions in `elections.rules`: the deadlines (working days,
holidays), quorum and turnout (rounded as printed), not a second copy of them in SQL. The figures are those
`summarise`, `measure_goals` and `by_cell` compute from the group rows (`tests/reports/test_figures.py` holds
them equal), and those `bench/dashboard_bound.py` computes again in one hand-written statement.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from elections.candidates.models import Candidate, Complaint
from elections.conference.models import Attendance, Conference
from elections.models import Campaign, DifficultyReport, Stage
from elections.rules import ProfileRules, has_quorum, percent_of_electorate
from reports.selectors.facts import GroupRow, stage_calendar, stage_deadline
from reports.selectors.tallies import TURNOUT_BUCKETS, CellLine, Goals, Summary, bucket_label

NO_WINNER = frozenset((Stage.NO_WINNER, Stage.REVOTE_SCHEDULED))
REPORT_STATUSES = ("draft", "submitted", "reviewed", "accepted")
# The candidate counts of a group election, in the order `_candidates` gives them.
CANDIDATE_FIGURES = (
    "candidates",
    "candidates_approved",
    "candidates_pending",
    "candidates_rejected",
    "candidates_members",
    "complaints_open",
)
COMPLAINTS = 5  # the open complaints' place in a group election's candidate counts


def _elections(campaign: Campaign, elections: QuerySet) -> QuerySet:
    """One row per group election and sitting held: the group, its stage, its term report, its outgoing leader's
    membership, its open difficulty reports (a count by group) and each sitting held with its count.

    Every join but the sittings' is one-to-one; a group that held a re-vote has a row per sitting held, and
    `_latest` keeps its latest."""
    previous = FilteredRelation(
        "group__leader_terms", condition=Q(group__leader_terms__term_label=campaign.previous_term_label or None)
    )
    held = FilteredRelation("conferences", condition=~Q(conferences__status=Conference.Status.SCHEDULED))
    difficulties = (
        DifficultyReport.objects.filter(campaign=campaign, group_id=OuterRef("group_id"))
        .exclude(status=DifficultyReport.Status.RESOLVED)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values("n")
        .order_by()
    )
    attendance = (
        Attendance.objects.filter(conference=OuterRef("held__pk"))
        .values("conference")
        .annotate(n=Count("pk"))
        .values("n")
        .order_by()
    )
    return (
        elections.annotate(
            previous=previous,
            held=held,
            difficulties=Subquery(difficulties, output_field=IntegerField()),
            figure_electorate=Coalesce("held__count__electorate", "held__electorate_size", output_field=IntegerField()),
            figure_present=Coalesce(
                "held__count__present",
                NullIf("held__present_at_vote", Value(0)),
                NullIf("held__head_count", Value(0)),
                Subquery(attendance, output_field=IntegerField()),
                output_field=IntegerField(),
            ),
        )
        .values_list(
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
            "term_report__status",
            "previous__was_party_member",
            "difficulties",
            "held__sequence",
            "held__scheduled_at",
            "figure_present",
            "figure_electorate",
            "held__count__elected_id",
            "held__count__elected__party_member_at_vetting",
            "held__is_revote",
        )
        .order_by()
    )


SEQUENCE = 13  # the sitting's number in a row of `_elections`


def _latest(rows) -> dict[int, tuple]:
    """A row per group election, with its latest sitting held."""
    latest: dict[int, tuple] = {}
    for row in rows:
        seen = latest.get(row[0])
        if seen is None or (row[SEQUENCE] or 0) > (seen[SEQUENCE] or 0):
            latest[row[0]] = row
    return latest


def _candidates(ids: QuerySet) -> dict[int, list]:
    """The candidates' conditional counts and their open complaints, by group election (those with a candidate).

    The complaints are a query of their own: joined to the candidates they would make each candidate count once
    per complaint, and counting them distinct costs PostgreSQL more (10.6 ms at 2,000 groups) than the two
    (4.7 + 1.4 ms)."""
    S = Candidate.Status
    active = ~Q(status__in=[S.REJECTED, S.WITHDRAWN])
    counts = {
        ge: [*counts, 0]
        for ge, *counts in Candidate.objects.filter(group_election__in=ids)
        .values_list("group_election_id")
        .annotate(
            active=Count("pk", filter=active),
            approved=Count("pk", filter=Q(status=S.APPROVED)),
            pending=Count("pk", filter=Q(status__in=[S.NOMINATED, S.UNDER_REVIEW])),
            rejected=Count("pk", filter=Q(status=S.REJECTED)),
            members=Count("pk", filter=active & Q(party_member_at_vetting=True)),
        )
        .order_by()
    }
    for ge, n in (
        Complaint.objects.filter(candidate__group_election__in=ids)
        .exclude(status=Complaint.Status.CONCLUDED)
        .values_list("candidate__group_election_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[ge][COMPLAINTS] = n  # a complaint's candidate is one of its group election's candidates
    return counts


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


MOVES = {
    (True, True): "stayed_member",
    (True, False): "moved_to_non_member",
    (False, True): "moved_to_member",
    (False, False): "stayed_non_member",
}


def _bucket(turnout) -> int | None:
    for low, high in TURNOUT_BUCKETS:
        if low <= turnout < high:
            return low
    return None


class Turnout:
    """Quorum and turnout bucket of each (present, electorate) pair, by the law's functions, each pair once
    (groups of a ward have much the same electorate: a few hundred pairs for two thousand sittings)."""

    def __init__(self, rules: ProfileRules):
        self.rules = rules
        self.known: dict[tuple[int, int], tuple[str, tuple | None]] = {}

    def __call__(self, present: int, electorate: int) -> tuple[str, tuple | None]:
        key = (present, electorate)
        found = self.known.get(key)
        if found is None:
            reached = has_quorum(electorate=electorate, present=present, rules=self.rules)
            bucket = ("turnout", _bucket(percent_of_electorate(present, electorate))) if electorate else None
            found = self.known[key] = ("quorum_reached" if reached else "quorum_missed", bucket)
        return found


def _sitting(n: Counter, sitting: tuple, previous: bool | None, turnout: Turnout) -> tuple:
    """Count one held sitting into `n`; returns its (elected, present, electorate) for the cell's line."""
    sequence, _held_at, present, electorate, elected_id, member, is_revote = sitting
    n["conferences_held"] += 1
    counted = (0, 0)
    if present is not None and electorate is not None:
        quorum, bucket = turnout(present, electorate)
        n[quorum] += 1
        if bucket is not None:
            counted = (present, electorate)
            n[bucket] += 1
    if elected_id is None:
        return False, *counted
    member = bool(member)
    n["elected"] += 1
    n["elected_members"] += member
    n["after_revote"] += bool(is_revote or sequence > 1)
    if previous is not None:
        n["compared"] += 1
        n[MOVES[(previous, member)]] += 1
    return True, *counted


def _candidate_totals(counts) -> Counter:
    """The candidates' figures summed over the group elections' counts, column by column."""
    n: Counter = Counter()
    columns = list(zip(*counts, strict=True))
    if columns:
        for figure, column in zip(CANDIDATE_FIGURES, columns, strict=True):
            n[figure] = sum(column)
        n["groups_with_candidates"] = len(columns[0]) - columns[0].count(0)
        n["groups_with_pending"] = len(columns[2]) - columns[2].count(0)
        n["groups_with_open_complaints"] = len(columns[COMPLAINTS]) - columns[COMPLAINTS].count(0)
    return n


def ward_figures(campaign: Campaign, elections: QuerySet, *, today: datetime.date, late_rows: int = 15) -> WardFigures:
    """The summary, the goals and the cells' lines of the given group elections (scoped by the caller)."""
    rules = campaign.legal_profile.rules()
    calendar = stage_calendar(campaign, rules)
    turnout = Turnout(rules)
    candidates = _candidates(elections.values("pk"))
    n: Counter = _candidate_totals(candidates.values())
    stages: Counter = Counter()
    reports: Counter = Counter()
    cells: dict[int | None, CellLine] = {}
    late = []
    days: dict = {}
    for row in _latest(_elections(campaign, elections)).values():
        facts, sitting = row[:SEQUENCE], (row[SEQUENCE:] if row[SEQUENCE] is not None else None)
        pk, group_id, code, name, cell_id, cell_name, stage, round_, planned, revote_due, report, prev, issues = facts
        line = cells.get(cell_id)
        if line is None:
            line = cells[cell_id] = CellLine(cell_id=cell_id, name=cell_name or _("No Party cell"))
        line.groups += 1
        stages[stage] += 1
        reports[report] += 1
        counts = candidates.get(pk)
        if counts is not None:
            line.complaints_open += counts[COMPLAINTS]
        if issues:
            n["difficulties_open"] += issues
            n["groups_with_difficulties"] += 1
        if prev is not None:
            n["previous"] += 1
            n["previous_members"] += prev
        elected = False
        if sitting is not None:
            elected, present, electorate = _sitting(n, sitting, prev, turnout)
            line.elected += elected
            line.present += present
            line.electorate += electorate
            n["present"] += present
            n["electorate"] += electorate
        if not elected and stage in NO_WINNER:
            n["no_winner_yet"] += 1
        if stage == Stage.RECOGNISED:
            line.recognised += 1
            continue
        election_date = local_day(planned, days) or campaign.election_day
        held_on = local_day(sitting[1], days) if sitting is not None else None
        label, due = stage_deadline(stage, election_date, calendar, rules, revote_due, held_on)
        if due is not None and due < today:
            late.append((due, code, label, election_date, (pk, group_id, code, name, cell_id, stage, round_)))
            line.overdue += 1
    late.sort(key=lambda item: item[:2])
    n["overdue"] = len(late)
    return WardFigures(
        summary=_summary(n, stages, reports),
        goals=_goals(n),
        cells=sorted(cells.values(), key=lambda line: (line.cell_id is None, line.name)),
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


def _summary(n: Counter, stages: Counter, reports: Counter) -> Summary:
    return Summary(
        groups=sum(stages.values()),
        overdue=n["overdue"],
        stages=[(value, str(label), stages[value]) for value, label in Stage.choices],
        recognised=stages[Stage.RECOGNISED],
        candidates=n["candidates"],
        candidates_approved=n["candidates_approved"],
        candidates_pending=n["candidates_pending"],
        candidates_rejected=n["candidates_rejected"],
        groups_without_candidates=sum(stages.values()) - n["groups_with_candidates"],
        groups_with_pending=n["groups_with_pending"],
        complaints_open=n["complaints_open"],
        groups_with_open_complaints=n["groups_with_open_complaints"],
        reports={status: reports[status] for status in REPORT_STATUSES},
        reports_none=reports[None],
        conferences_held=n["conferences_held"],
        quorum_reached=n["quorum_reached"],
        quorum_missed=n["quorum_missed"],
        present=n["present"],
        electorate=n["electorate"],
        elected=n["elected"],
        no_winner=sum(stages[stage] for stage in NO_WINNER),
        difficulties_open=n["difficulties_open"],
        groups_with_difficulties=n["groups_with_difficulties"],
    )


def _goals(n: Counter) -> Goals:
    return Goals(
        candidates=n["candidates"],
        candidates_members=n["candidates_members"],
        elected=n["elected"],
        elected_members=n["elected_members"],
        previous=n["previous"],
        previous_members=n["previous_members"],
        compared=n["compared"],
        moved_to_member=n["moved_to_member"],
        moved_to_non_member=n["moved_to_non_member"],
        stayed_member=n["stayed_member"],
        stayed_non_member=n["stayed_non_member"],
        first_vote=n["elected"] - n["after_revote"],
        after_revote=n["after_revote"],
        no_winner_yet=n["no_winner_yet"],
        present=n["present"],
        electorate=n["electorate"],
        turnout_buckets=[(bucket_label(low, high), n[("turnout", low)]) for low, high in TURNOUT_BUCKETS],
    )
