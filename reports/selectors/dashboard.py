"""The ward dashboard: the groups a user may see, their filters, the summary and the goals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action, area_groups, require, visible_cells, visible_groups, visible_wards
from accounts.models import Role
from elections.models import Campaign, DifficultyReport, DirectiveTask, DirectiveTaskProgress, Stage
from elections.rules import percent_of_electorate
from reports.selectors.facts import NO_WINNER_STAGES, GroupRow, group_rows, scoped_elections


def percent(part: int, whole: int) -> Decimal | None:
    return percent_of_electorate(part, whole) if whole else None


# ------------------------------------------------------------------------- scope


def dashboard_campaign(user, campaign_id=None) -> Campaign:
    """The campaign the dashboard shows: the chosen one among the user's wards, else the current one."""
    require(user, Action.VIEW_DASHBOARD)
    campaigns = Campaign.objects.filter(ward__in=visible_wards(user)).select_related("ward", "legal_profile")
    if campaign_id not in (None, ""):
        try:
            campaign = campaigns.filter(pk=int(campaign_id)).first()
        except (TypeError, ValueError):
            campaign = None
        if campaign is None:
            raise Http404(_("No such campaign."))
        return campaign
    campaign = campaigns.filter(is_current=True).order_by("ward__name").first() or campaigns.first()
    if campaign is None:
        raise Http404(_("No election campaign has been set up for your ward."))
    return campaign


@dataclass
class Scope:
    """Which groups the dashboard counts: the campaign, an optional cell, optionally "my area"."""

    campaign: Campaign
    cell_id: int | None = None
    mine: bool = False
    cells: list = field(default_factory=list)
    can_filter_mine: bool = False

    def query(self, **extra) -> str:
        """The scope as a query string, to carry into the links behind each number."""
        params = {"campaign": self.campaign.pk}
        if self.cell_id:
            params["cell"] = self.cell_id
        if self.mine:
            params["mine"] = 1
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(params)


def dashboard_scope(user, params) -> Scope:
    campaign = dashboard_campaign(user, params.get("campaign"))
    cells = list(visible_cells(user).filter(ward_id=campaign.ward_id).order_by("name").values("pk", "name"))
    cell_id = None
    raw = params.get("cell")
    if raw not in (None, ""):
        try:
            cell_id = int(raw)
        except (TypeError, ValueError):
            cell_id = None
        if cell_id not in {c["pk"] for c in cells}:
            raise Http404(_("No such Party cell."))
    can_mine = user.role == Role.COMMITTEE_MEMBER
    mine = can_mine and params.get("mine") in ("1", "on", "true")
    return Scope(campaign=campaign, cell_id=cell_id, mine=mine, cells=cells, can_filter_mine=can_mine)


def scope_groups(user, scope: Scope) -> QuerySet:
    groups = area_groups(user) if scope.mine else visible_groups(user)
    groups = groups.filter(ward_id=scope.campaign.ward_id)
    if scope.cell_id:
        groups = groups.filter(party_cell_id=scope.cell_id)
    return groups


def scope_rows(user, scope: Scope) -> list[GroupRow]:
    elections = scoped_elections(scope.campaign, scope_groups(user, scope))
    return group_rows(campaign=scope.campaign, elections=elections)


# ------------------------------------------------------------- filters of the group table

Predicate = Callable[[GroupRow], bool]


def _stage_filters() -> dict[str, tuple]:
    out: dict[str, tuple] = {
        "overdue": (gettext_lazy("Past their next deadline"), lambda r: r.overdue),
        "open": (gettext_lazy("Not yet recognised"), lambda r: r.stage != Stage.RECOGNISED),
    }
    for value, label in Stage.choices:
        out[value] = (label, lambda r, v=value: r.stage == v)
    return out


FILTERS: dict[str, dict[str, tuple[object, Predicate]]] = {
    "stage": _stage_filters(),
    "candidates": {
        "none": (gettext_lazy("No candidate yet"), lambda r: r.candidates == 0),
        "any": (gettext_lazy("With candidates"), lambda r: r.candidates > 0),
        "pending": (gettext_lazy("Candidates awaiting vetting"), lambda r: r.candidates_pending > 0),
        "approved": (gettext_lazy("With approved candidates"), lambda r: r.candidates_approved > 0),
        "rejected": (gettext_lazy("With rejected candidates"), lambda r: r.candidates_rejected > 0),
        "members": (gettext_lazy("With Party-member candidates"), lambda r: r.candidates_members > 0),
    },
    "complaints": {
        "open": (gettext_lazy("With open complaints"), lambda r: r.complaints_open > 0),
        "any": (gettext_lazy("With complaints"), lambda r: r.complaints > 0),
    },
    "report": {
        "none": (gettext_lazy("No term report"), lambda r: not r.report_status),
        "draft": (gettext_lazy("Term report in draft"), lambda r: r.report_status == "draft"),
        "submitted": (gettext_lazy("Term report submitted"), lambda r: r.report_status == "submitted"),
        "reviewed": (gettext_lazy("Term report reviewed"), lambda r: r.report_status == "reviewed"),
        "accepted": (gettext_lazy("Term report accepted"), lambda r: r.report_status == "accepted"),
        "not_accepted": (gettext_lazy("Term report not yet accepted"), lambda r: r.report_status != "accepted"),
    },
    "conference": {
        "held": (gettext_lazy("Conference held"), lambda r: r.conference_held),
        "quorum": (gettext_lazy("Quorum reached"), lambda r: r.quorum is True),
        "no_quorum": (gettext_lazy("Quorum not reached"), lambda r: r.quorum is False),
    },
    "result": {
        "elected": (gettext_lazy("Leader elected"), lambda r: r.has_result),
        "first_vote": (gettext_lazy("Elected on the first vote"), lambda r: r.has_result and not r.elected_on_revote),
        "revote": (gettext_lazy("Elected after a re-vote"), lambda r: r.has_result and r.elected_on_revote),
        "no_winner": (gettext_lazy("No winner / re-vote"), lambda r: r.stage in NO_WINNER_STAGES),
        "member": (gettext_lazy("Party member elected"), lambda r: r.elected_member is True),
        "non_member": (gettext_lazy("Non-member elected"), lambda r: r.elected_member is False),
        "moved": (
            gettext_lazy("Moved from a non-member to a Party-member leader"),
            lambda r: r.moved_to_member,
        ),
    },
    "previous": {
        "member": (gettext_lazy("Outgoing leader a Party member"), lambda r: r.previous_member is True),
        "non_member": (gettext_lazy("Outgoing leader not a Party member"), lambda r: r.previous_member is False),
    },
    "difficulties": {
        "open": (gettext_lazy("With open difficulty reports"), lambda r: r.difficulties_open > 0),
    },
}


def apply_filters(rows: list[GroupRow], params) -> tuple[list[GroupRow], list[tuple[str, str, object]]]:
    """Rows matching every known filter in `params`, and the filters applied (name, value, label)."""
    applied = []
    for name, options in FILTERS.items():
        value = params.get(name)
        if value in options:
            label, predicate = options[value]
            rows = [r for r in rows if predicate(r)]
            applied.append((name, value, label))
    return rows, applied


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
    buckets = Counter()
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
            g.present += r.present
            g.electorate += r.electorate
            for low, high in TURNOUT_BUCKETS:
                if low <= turnout < high:
                    buckets[(low, high)] += 1
                    break
    g.turnout_buckets = [
        (f"{low}-{min(high, 100)} %" if low else f"< {high} %", buckets[(low, high)]) for low, high in TURNOUT_BUCKETS
    ]
    return g


# ---------------------------------------------------------- directive tasks, difficulties


def directive_tasks(campaign: Campaign) -> list[DirectiveTask]:
    """The campaign's directive tasks with their latest progress note (one query)."""
    latest = DirectiveTaskProgress.objects.filter(task=OuterRef("pk")).order_by("-at", "-pk")
    return list(
        DirectiveTask.objects.filter(directive__campaign=campaign)
        .select_related("directive")
        .annotate(
            notes=Count("progress"),
            last_note=Subquery(latest.values("note")[:1]),
            last_at=Subquery(latest.values("at")[:1]),
        )
        .order_by("directive__issued_on", "directive_id", "number")
    )


def open_difficulties(campaign: Campaign, groups, *, limit: int = 20) -> list[DifficultyReport]:
    return list(
        DifficultyReport.objects.filter(campaign=campaign, group__in=groups)
        .exclude(status=DifficultyReport.Status.RESOLVED)
        .select_related("group", "reported_by")
        .order_by("-reported_at")[:limit]
    )


CELL_LINES = 40  # lines of the by-cell table shown at once


@dataclass
class Dashboard:
    scope: Scope
    rows: list[GroupRow]
    summary: Summary
    goals: Goals
    cells: list[CellLine]
    cells_total: int
    late: list[GroupRow]
    tasks: list[DirectiveTask]
    difficulties: list[DifficultyReport]


def ward_dashboard(user, params) -> Dashboard:
    """Everything the dashboard page shows, in a number of queries that does not grow with the groups."""
    scope = dashboard_scope(user, params)
    groups = scope_groups(user, scope)
    rows = group_rows(campaign=scope.campaign, elections=scoped_elections(scope.campaign, groups))
    late = sorted((r for r in rows if r.overdue), key=lambda r: (r.next_deadline, r.code))
    cells = by_cell(rows)
    if len(cells) > CELL_LINES and params.get("all_cells") != "1":
        # A big ward: the cells that need attention first, the rest one click away.
        cells = sorted(cells, key=lambda line: (-line.overdue, -line.complaints_open, line.name))[:CELL_LINES]
    return Dashboard(
        scope=scope,
        rows=rows,
        summary=summarise(rows),
        goals=measure_goals(rows),
        cells=cells,
        cells_total=len({r.cell_id for r in rows}),
        late=late[:15],
        tasks=directive_tasks(scope.campaign),
        difficulties=open_difficulties(scope.campaign, groups),
    )
