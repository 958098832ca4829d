"""Reading campaign records, always scoped by what the user may see (404 for anything else)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can, scoped_or_404, visible_groups, visible_wards
from accounts.models import User
from audit.models import AuditEntry
from elections import calendar
from elections.models import (
    Campaign,
    DifficultyReport,
    DifficultyResponse,
    Directive,
    DirectiveTask,
    DirectiveTaskProgress,
    GroupElection,
    LegalProfile,
)
from residents.models import Ward


def campaigns_for_user(user: User) -> QuerySet[Campaign]:
    return Campaign.objects.filter(ward__in=visible_wards(user)).select_related("ward", "legal_profile")


def campaign_for_user_or_404(user: User, pk: int) -> Campaign:
    campaign = campaigns_for_user(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404(_("No such campaign."))
    return campaign


def current_campaign(user: User) -> Campaign | None:
    """The current campaign of the user's ward (the most recent one when none is marked current)."""
    campaigns = campaigns_for_user(user)
    if user.ward_id:
        campaigns = campaigns.filter(ward_id=user.ward_id)
    return campaigns.order_by("-is_current", "-election_day").first()


def legal_profiles() -> QuerySet[LegalProfile]:
    return LegalProfile.objects.all()


def editable_legal_profiles(user: User) -> QuerySet[LegalProfile]:
    """Profiles are shared by every ward: a user changes only those no ward outside their sight uses."""
    return LegalProfile.objects.exclude(campaigns__ward__in=Ward.objects.exclude(pk__in=visible_wards(user)))


def group_elections(user: User, campaign: Campaign) -> QuerySet[GroupElection]:
    """The campaign's group elections the user may see, with what the tables show."""
    return (
        GroupElection.objects.filter(campaign=campaign, group__in=visible_groups(user))
        .select_related("group", "group__party_cell", "official_in_charge", "committee_member")
        .order_by("group__code")
    )


def group_election_for_user_or_404(user: User, pk: int) -> GroupElection:
    queryset = GroupElection.objects.select_related(
        "group",
        "group__ward",
        "group__party_cell",
        "campaign",
        "campaign__ward",
        "campaign__legal_profile",
        "official_in_charge",
        "committee_member",
    )
    return scoped_or_404(user, queryset, pk, group_path="group")


@dataclass
class GroupRow:
    group_election: GroupElection
    steps: list[calendar.Step]

    @property
    def next_step(self) -> calendar.Step | None:
        return calendar.next_step(self.steps)

    @property
    def overdue(self) -> list[calendar.Step]:
        return [s for s in self.steps if s.is_overdue]


def group_rows(user: User, campaign: Campaign, *, today: date | None = None) -> list[GroupRow]:
    """Every visible group of the campaign with its calendar: a fixed number of queries for any number of groups."""
    elections = list(group_elections(user, campaign))
    steps = calendar.calendars(campaign, elections, today=today)
    return [GroupRow(ge, steps[ge.pk]) for ge in elections]


def overdue_rows(user: User, *, today: date | None = None) -> list[tuple[Campaign, list[GroupRow]]]:
    """For each current campaign the user may see, the groups with overdue steps."""
    result = []
    for campaign in campaigns_for_user(user).filter(is_current=True).order_by("ward__name"):
        rows = [row for row in group_rows(user, campaign, today=today) if row.overdue]
        result.append((campaign, rows))
    return result


def group_timeline(group_election: GroupElection) -> QuerySet[AuditEntry]:
    """Everything recorded about the group, newest first."""
    return AuditEntry.objects.filter(group_id=group_election.group_id).select_related("actor").order_by("-at", "-id")


def directives_for_user(user: User, campaign: Campaign | None = None) -> QuerySet[Directive]:
    directives = Directive.objects.filter(campaign__ward__in=visible_wards(user)).select_related("campaign")
    if campaign is not None:
        directives = directives.filter(campaign=campaign)
    return directives


def directive_for_user_or_404(user: User, pk: int) -> Directive:
    progress = DirectiveTaskProgress.objects.select_related("author").order_by("at", "id")
    directive = (
        directives_for_user(user)
        .select_related("campaign__ward")
        .prefetch_related(
            Prefetch("tasks", queryset=DirectiveTask.objects.prefetch_related(Prefetch("progress", queryset=progress)))
        )
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise Http404(_("No such directive."))
    return directive


def directive_task_for_user_or_404(user: User, pk: int) -> DirectiveTask:
    task = (
        DirectiveTask.objects.filter(directive__campaign__ward__in=visible_wards(user))
        .select_related("directive__campaign")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404(_("No such task."))
    return task


def may_see_difficulties(user: User) -> bool:
    return can(user, Action.VIEW_DIFFICULTIES) or can(user, Action.REPORT_DIFFICULTY)


def difficulties_for_user(user: User, *, status: str = "") -> QuerySet[DifficultyReport]:
    if not may_see_difficulties(user):
        return DifficultyReport.objects.none()
    reports = DifficultyReport.objects.filter(group__in=visible_groups(user)).select_related(
        "group", "reported_by", "campaign"
    )
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-reported_at", "-id")


def difficulty_for_user_or_404(user: User, pk: int) -> DifficultyReport:
    if not may_see_difficulties(user):
        raise Http404(_("Not found."))
    responses = DifficultyResponse.objects.select_related("author").order_by("at", "id")
    queryset = DifficultyReport.objects.select_related("group", "reported_by", "campaign").prefetch_related(
        Prefetch("responses", queryset=responses)
    )
    return scoped_or_404(user, queryset, pk, group_path="group")


def today() -> date:
    return timezone.localdate()
