"""The dashboard's tallies: the ward's summary, its Party cells' lines and the directive's goals.

`summarise`, `by_cell` and `measure_goals` count them from group rows (the summary report, the group table);
the dashboard has the same figures from SQL aggregates (reports/selectors/figures.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from elections.models import Stage
from elections.rules import percent_of_electorate
from reports.selectors.facts import NO_WINNER_STAGES, GroupRow


def percent(part: int, whole: int) -> Decimal | None:
    return percent_of_electorate(part, whole) if whole else None


# -------------------------------------------------------------------------- summary


@dataclass
class Summary:
    groups: int = 0
    stages: list[tuple[str, str, int]] = field(default_factory=list)
    overdue: int = 0
    recognised: int = 0
    candidates: int = 0
    candidates_approved: int = 0
    candidates_pending: int = 0
    candidates_rejected: int = 0
    groups_without_candidates: int = 0
    groups_with_pending: int = 0
    complaints_open: int = 0
    groups_with_open_complaints: int = 0
    reports: dict[str, int] = field(default_factory=dict)
    reports_none: int = 0
    conferences_held: int = 0
    quorum_reached: int = 0
    quorum_missed: int = 0
    present: int = 0
    electorate: int = 0
    elected: int = 0
    no_winner: int = 0
    difficulties_open: int = 0
    groups_with_difficulties: int = 0

    @property
    def turnout(self) -> Decimal | None:
        return percent(self.present, self.electorate)


def summarise(rows: list[GroupRow]) -> Summary:
    s = Summary(groups=len(rows))
    stage_counts = Counter(r.stage for r in rows)
    s.stages = [(value, str(label), stage_counts[value]) for value, label in Stage.choices]
    reports = Counter(r.report_status for r in rows)
    s.reports = {status: reports[status] for status in ("draft", "submitted", "reviewed", "accepted")}
    s.reports_none = reports[""]
    for r in rows:
        s.overdue += r.overdue
        s.recognised += r.stage == Stage.RECOGNISED
        s.candidates += r.candidates
        s.candidates_approved += r.candidates_approved
        s.candidates_pending += r.candidates_pending
        s.candidates_rejected += r.candidates_rejected
        s.groups_without_candidates += r.candidates == 0
        s.groups_with_pending += r.candidates_pending > 0
        s.complaints_open += r.complaints_open
        s.groups_with_open_complaints += r.complaints_open > 0
        s.conferences_held += r.conference_held
        s.quorum_reached += r.quorum is True
        s.quorum_missed += r.quorum is False
        if r.present is not None and r.electorate:
            s.present += r.present
            s.electorate += r.electorate
        s.elected += r.has_result
        s.no_winner += r.stage in NO_WINNER_STAGES
        s.difficulties_open += r.difficulties_open
        s.groups_with_difficulties += r.difficulties_open > 0
    return s


@dataclass
class CellLine:
    cell_id: int | None
    name: str
    groups: int = 0
    recognised: int = 0
    elected: int = 0
    overdue: int = 0
    complaints_open: int = 0
    present: int = 0
    electorate: int = 0

    @property
    def turnout(self) -> Decimal | None:
        return percent(self.present, self.electorate)


def by_cell(rows: list[GroupRow]) -> list[CellLine]:
    lines: dict[int | None, CellLine] = {}
    for r in rows:
        line = lines.get(r.cell_id)
        if line is None:
            line = lines[r.cell_id] = CellLine(cell_id=r.cell_id, name=r.cell_name or _("No Party cell"))
        line.groups += 1
        line.recognised += r.stage == Stage.RECOGNISED
        line.elected += r.has_result
        line.overdue += r.overdue
        line.complaints_open += r.complaints_open
        if r.present is not None and r.electorate:
            line.present += r.present
            line.electorate += r.electorate
    return sorted(lines.values(), key=lambda line: (line.cell_id is None, line.name))


# ---------------------------------------------------------------------------- goals

TURNOUT_BUCKETS = [(0, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 101)]


def bucket_label(low: int, high: int) -> str:
    return f"{low}-{min(high, 100)} %" if low else f"< {high} %"


@dataclass
class Goals:
    """The directive's goals measured: Party members among candidates and leaders, re-votes, turnout."""

    candidates: int = 0
    candidates_members: int = 0
    elected: int = 0
    elected_members: int = 0
    previous: int = 0
    previous_members: int = 0
    compared: int = 0  # groups with both an outgoing leader on record and a new one
    moved_to_member: int = 0
    moved_to_non_member: int = 0
    stayed_member: int = 0
    stayed_non_member: int = 0
    first_vote: int = 0
    after_revote: int = 0
    no_winner_yet: int = 0
    present: int = 0
    electorate: int = 0
    turnout_buckets: list[tuple[str, int]] = field(default_factory=list)

    @property
    def candidates_members_pct(self):
        return percent(self.candidates_members, self.candidates)

    @property
    def elected_members_pct(self):
        return percent(self.elected_members, self.elected)

    @property
    def previous_members_pct(self):
        return percent(self.previous_members, self.previous)

    @property
    def voted(self) -> int:
        """Groups that have voted: elected (first vote or re-vote) or still without a winner."""
        return self.first_vote + self.after_revote + self.no_winner_yet

    @property
    def first_vote_pct(self):
        # Of the groups that voted, not of those elected: a failed first vote counts against it.
        return percent(self.first_vote, self.voted)

    @property
    def after_revote_pct(self):
        return percent(self.after_revote, self.voted)

    @property
    def moved_to_member_pct(self):
        return percent(self.moved_to_member, self.compared)

    @property
    def turnout(self):
        return percent(self.present, self.electorate)

    def chart_data(self) -> dict:
        """Plain numbers for the charts (the tables beside them carry the same figures)."""
        return {
            "members": {
                "labels": [_("Outgoing leaders (previous term)"), _("Candidates"), _("Elected leaders")],
                "percent": [
                    float(self.previous_members_pct or 0),
                    float(self.candidates_members_pct or 0),
                    float(self.elected_members_pct or 0),
                ],
                "counts": [
                    [self.previous_members, self.previous],
                    [self.candidates_members, self.candidates],
                    [self.elected_members, self.elected],
                ],
            },
            "votes": {
                "labels": [_("Elected on the first vote"), _("Elected after a re-vote"), _("No winner yet")],
                "counts": [self.first_vote, self.after_revote, self.no_winner_yet],
            },
            "turnout": {
                "labels": [label for label, _n in self.turnout_buckets],
                "counts": [n for _label, n in self.turnout_buckets],
            },
        }


def measure_goals(rows: list[GroupRow]) -> Goals:
    g = Goals()
    buckets: Counter[tuple[int, int]] = Counter()
    for r in rows:
        g.candidates += r.candidates
        g.candidates_members += r.candidates_members
        if r.previous_member is not None:
            g.previous += 1
            g.previous_members += r.previous_member
        if r.has_result:
            g.elected += 1
            g.elected_members += bool(r.elected_member)
            if r.elected_on_revote:
                g.after_revote += 1
            else:
                g.first_vote += 1
            if r.previous_member is not None:
                g.compared += 1
                if r.previous_member and r.elected_member:
                    g.stayed_member += 1
                elif r.previous_member:
                    g.moved_to_non_member += 1
                elif r.elected_member:
                    g.moved_to_member += 1
                else:
                    g.stayed_non_member += 1
        elif r.stage in NO_WINNER_STAGES:
            g.no_winner_yet += 1
        turnout = r.turnout
        if turnout is not None:
            assert r.present is not None and r.electorate is not None  # else no turnout
            g.present += r.present
            g.electorate += r.electorate
            for low, high in TURNOUT_BUCKETS:
                if low <= turnout < high:
                    buckets[(low, high)] += 1
                    break
    g.turnout_buckets = [(bucket_label(low, high), buckets[(low, high)]) for low, high in TURNOUT_BUCKETS]
    return g
