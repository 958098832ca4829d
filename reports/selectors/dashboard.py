"""The ward dashboard: the groups a user may see, their filters, the summary and the goals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action, area_groups, require, visible_cells, visible_groups, visible_wards
from accounts.models import Role, User
from elections.models import Campaign, DifficultyReport, DirectiveTask, DirectiveTaskProgress, GroupElection, Stage
from reports.selectors.facts import NO_WINNER_STAGES, GroupRow, group_rows, scoped_elections
from reports.selectors.figures import ward_figures
from reports.selectors.tallies import CellLine, Goals, Summary

# ------------------------------------------------------------------------- scope


class NoCampaign(Http404):
    """The user's wards have no campaign at all (a new ward: its first task is to set one up)."""


def dashboard_campaign(user: User, campaign_id=None) -> Campaign:
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
        raise NoCampaign(_("No election campaign has been set up for your ward."))
    return campaign


@dataclass
class Scope:
    """Which groups the dashboard counts: the campaign, an optional cell, optionally "my area"."""

    campaign: Campaign
    cell_id: int | None = None
    cell_name: str = ""
    mine: bool = False
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


def dashboard_scope(user: User, params) -> Scope:
    """The scope asked for in `params`: a cell by id (`cell`) or by the name typed in the picker (`cell_q`)."""
    campaign = dashboard_campaign(user, params.get("campaign"))
    cells = visible_cells(user).filter(ward_id=campaign.ward_id)
    cell = None
    raw = params.get("cell")
    typed = params.get("cell_q")
    if typed is not None and not typed.strip():
        raw = None  # the picker emptied: every cell
    if raw not in (None, ""):
        try:
            cell = cells.filter(pk=int(raw)).values("pk", "name").first()
        except (TypeError, ValueError):
            cell = None
        if cell is None:
            raise Http404(_("No such Party cell."))
    if typed and typed.strip() and (cell is None or cell["name"] != typed.strip()):
        cell = cell_by_name(cells, typed.strip())
        if cell is None:
            raise Http404(_("No such Party cell."))
    can_mine = user.role == Role.COMMITTEE_MEMBER
    mine = can_mine and params.get("mine") in ("1", "on", "true")
    return Scope(
        campaign=campaign,
        cell_id=cell["pk"] if cell else None,
        cell_name=cell["name"] if cell else "",
        mine=mine,
        can_filter_mine=can_mine,
    )


def cell_by_name(cells: QuerySet, typed: str) -> dict | None:
    """The cell a typed name means: the one named so, else the only one whose name contains it."""
    exact = cells.filter(name__iexact=typed).values("pk", "name").first()
    if exact is not None:
        return exact
    matches = list(cells.filter(name__icontains=typed).values("pk", "name")[:2])
    return matches[0] if len(matches) == 1 else None


def cell_suggestions(user: User, params, *, limit: int = 10) -> list[dict]:
    """Up to `limit` of the campaign's cells whose name contains what was typed (the picker's list)."""
    campaign = dashboard_campaign(user, params.get("campaign"))
    typed = (params.get("cell_q") or "").strip()
    cells = visible_cells(user).filter(ward_id=campaign.ward_id)
    if typed:
        cells = cells.filter(name__icontains=typed)
    return list(cells.order_by("name").values("pk", "name")[:limit])


def scope_groups(user: User, scope: Scope) -> QuerySet:
    groups = area_groups(user) if scope.mine else visible_groups(user)
    groups = groups.filter(ward_id=scope.campaign.ward_id)
    if scope.cell_id:
        groups = groups.filter(party_cell_id=scope.cell_id)
    return groups


def scope_rows(user: User, scope: Scope) -> list[GroupRow]:
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


LATE_LINES = 15


@dataclass
class Dashboard:
    scope: Scope
    summary: Summary
    goals: Goals
    cells: list[CellLine]
    cells_total: int
    late: list[GroupRow]
    tasks: list[DirectiveTask]
    difficulties: list[DifficultyReport]
    elections: QuerySet[GroupElection] = field(repr=False)

    @cached_property
    def rows(self) -> list[GroupRow]:
        """Every group's row, built only when asked for (the page shows figures, not rows)."""
        return group_rows(campaign=self.scope.campaign, elections=self.elections)


def ward_dashboard(user: User, params) -> Dashboard:
    """Everything the dashboard page shows, in a number of queries that does not grow with the groups."""
    scope = dashboard_scope(user, params)
    groups = scope_groups(user, scope)
    elections = scoped_elections(scope.campaign, groups)
    figures = ward_figures(scope.campaign, elections, today=timezone.localdate(), late_rows=LATE_LINES)
    cells = figures.cells
    if len(cells) > CELL_LINES and params.get("all_cells") != "1":
        # A big ward: the cells that need attention first, the rest one click away.
        cells = sorted(cells, key=lambda line: (-line.overdue, -line.complaints_open, line.name))[:CELL_LINES]
    return Dashboard(
        scope=scope,
        summary=figures.summary,
        goals=figures.goals,
        cells=cells,
        cells_total=len(figures.cells),
        late=figures.late,
        tasks=directive_tasks(scope.campaign),
        difficulties=open_difficulties(scope.campaign, groups),
        elections=elections,
    )
