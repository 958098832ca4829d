"""Reads of the ward register, always scoped by the user through accounts.access.

Counts (households, residents, voters aged 18+, Party members, electorate) are derived in
the database with annotations, one query for any number of groups.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can, visible_cells, visible_groups, visible_wards
from accounts.models import User
from audit.models import AuditEntry
from residents.electorate import (  # noqa: F401  (the register's electorate reads, importable from here)
    ALL_VOTERS,
    ELECTORATE_MODES,
    HOUSEHOLD_REPS,
    ElectorateRow,
    ElectorateSummary,
    PostedList,
    electorate_rows,
    electorate_summary,
    frozen_electorate_rows,
    household_representative,
    posted_list_of,
)
from residents.hooks import Campaign, hooks
from residents.models import Household, LeaderTerm, PartyCell, Resident, ResidentialGroup, Ward, voting_birth_cutoff
from residents.names import fold, sort_people

# ---- campaign context -------------------------------------------------------------------


def current_campaign(ward: Ward | int) -> Campaign | None:
    """The ward's current election campaign, if one is set up (asked of elections through `residents.hooks`)."""
    return hooks.current_campaign(ward if isinstance(ward, int) else ward.pk)


def reference_date(campaign: Campaign | None) -> datetime.date:
    """The day on which ages are counted: the campaign's election day, else today."""
    return campaign.election_day if campaign else timezone.localdate()


def electorate_mode(campaign: Campaign | None) -> str:
    """The campaign's electorate; household representatives (the common practice) when none."""
    return campaign.electorate_mode if campaign else HOUSEHOLD_REPS


def outgoing_term_label(campaign: Campaign | None) -> str | None:
    return (campaign.previous_term_label or None) if campaign else None


# ---- groups -----------------------------------------------------------------------------


def with_group_counts(
    groups: QuerySet[ResidentialGroup], *, on_date: datetime.date, leader_term: str | None = None, campaign=None
) -> QuerySet[ResidentialGroup]:
    """Annotate each group with its counts and its (outgoing) leader, in one query.

    household_count, resident_count, voter_count (18+ on `on_date`), rep_count (households
    with at least one voter), party_member_count, leader_name, leader_is_party_member, and
    stage (the group's election stage in `campaign`, when given).
    """
    cutoff = voting_birth_cutoff(on_date)
    present = Q(households__residents__status=Resident.Status.PRESENT)
    adult = present & Q(households__residents__birth_date__lte=cutoff)
    leaders = LeaderTerm.objects.filter(group=OuterRef("pk"))
    leaders = leaders.filter(term_label=leader_term) if leader_term else leaders.order_by("-start_date")
    groups = groups.select_related("party_cell", "ward").annotate(
        household_count=Count("households", distinct=True),
        resident_count=Count("households__residents", filter=present),
        voter_count=Count("households__residents", filter=adult),
        rep_count=Count("households", filter=adult, distinct=True),
        party_member_count=Count(
            "households__residents", filter=present & Q(households__residents__is_party_member=True)
        ),
        leader_name=Subquery(leaders.values("full_name")[:1]),
        leader_is_party_member=Subquery(leaders.values("was_party_member")[:1]),
    )
    if campaign is not None and hooks.stage_of_group is not None:
        groups = groups.annotate(stage=hooks.stage_of_group(campaign))
    return groups.order_by("ward__name", "code")


def group_rows(groups: QuerySet[ResidentialGroup]) -> list[ResidentialGroup]:
    """Evaluate annotated groups, adding `stage_label` (the translated stage) to each."""
    labels = hooks.stage_labels()
    rows = list(groups)
    for group in rows:
        stage = getattr(group, "stage", None)
        group.stage_label = labels.get(stage, "") if stage else ""  # type: ignore[attr-defined]  # for the templates
    return rows


def electorate_size(group: ResidentialGroup, mode: str) -> int:
    """From an annotated group: the number of voters, or of households with a voter."""
    return group.voter_count if mode == ALL_VOTERS else group.rep_count  # type: ignore[attr-defined]  # annotated


@dataclass(frozen=True)
class RegisterTotals:
    groups: int
    households: int
    residents: int
    voters: int
    representatives: int
    party_members: int
    leaders_not_party_members: int


def totals(groups) -> RegisterTotals:
    """Sums over annotated groups (no query)."""
    groups = list(groups)
    return RegisterTotals(
        groups=len(groups),
        households=sum(g.household_count for g in groups),
        residents=sum(g.resident_count for g in groups),
        voters=sum(g.voter_count for g in groups),
        representatives=sum(g.rep_count for g in groups),
        party_members=sum(g.party_member_count for g in groups),
        leaders_not_party_members=sum(1 for g in groups if g.leader_name and not g.leader_is_party_member),
    )


def ward_for_user_or_404(user: User, ward_id: int | None = None) -> Ward:
    """The user's ward (an administrator may pick any ward with `ward_id`)."""
    wards = visible_wards(user)
    ward = wards.filter(pk=ward_id).first() if ward_id else None
    if ward is None and user.ward_id:
        ward = wards.filter(pk=user.ward_id).first()
    if ward is None and not ward_id:
        ward = wards.first()
    if ward is None:
        raise Http404(_("No such ward."))
    return ward


def group_households(group: ResidentialGroup, *, on_date: datetime.date) -> QuerySet[Household]:
    """The group's households in number order, with head, member and voter counts."""
    cutoff = voting_birth_cutoff(on_date)
    return (
        Household.objects.filter(group=group)
        .select_related("head")
        .annotate(
            member_count=Count("residents", filter=Q(residents__status=Resident.Status.PRESENT)),
            voter_count=Count(
                "residents", filter=Q(residents__status=Resident.Status.PRESENT, residents__birth_date__lte=cutoff)
            ),
        )
        .order_by("number", "pk")
    )


def group_residents(group: ResidentialGroup, *, query: str = "") -> list[Resident]:
    """The group's residents in Vietnamese name order, optionally filtered by an
    accent-insensitive name search (``"nguyen van a"`` finds ``Nguyễn Văn Á``)."""
    residents = Resident.objects.present().filter(household__group=group).select_related("household", "party_cell")
    people = list(residents)
    needle = fold(query)
    if needle:
        people = [p for p in people if needle in fold(p.full_name)]
    return sort_people(people)


def group_leader_terms(group: ResidentialGroup) -> QuerySet[LeaderTerm]:
    return LeaderTerm.objects.filter(group=group).select_related("resident").order_by("-start_date")


# ---- Party cells ------------------------------------------------------------------------


def cells_with_counts(user: User) -> QuerySet[PartyCell]:
    return (
        visible_cells(user)
        .select_related("secretary", "ward")
        .annotate(
            group_count=Count("groups", distinct=True),
            member_count=Count(
                "members",
                filter=Q(members__is_party_member=True, members__status=Resident.Status.PRESENT),
                distinct=True,
            ),
        )
        .order_by("ward__name", "name")
    )


def cell_for_user_or_404(user: User, pk: int) -> PartyCell:
    cell = visible_cells(user).select_related("secretary__household__group", "ward").filter(pk=pk).first()
    if cell is None:
        raise Http404(_("No such Party cell."))
    return cell


def cell_members(user: User, cell: PartyCell) -> list[Resident]:
    """The cell's Party members living in groups the user may see, in Vietnamese name order.

    Party membership is personal data, like a birth date: nobody else gets the list."""
    if not can(user, Action.VIEW_PERSONAL_DATA):
        return []
    members = (
        Resident.objects.present()
        .filter(party_cell=cell, is_party_member=True, household__group__in=visible_groups(user))
        .select_related("household__group")
    )
    return sort_people(members)


def household_for_user_or_404(user: User, pk: int) -> Household:
    household = (
        Household.objects.filter(pk=pk, group__in=visible_groups(user)).select_related("group__ward", "head").first()
    )
    if household is None:
        raise Http404(_("No such household."))
    return household


def resident_for_user_or_404(user: User, pk: int) -> Resident:
    resident = (
        Resident.objects.filter(pk=pk, household__group__in=visible_groups(user))
        .select_related("household__group__ward", "party_cell")
        .first()
    )
    if resident is None:
        raise Http404(_("No such resident."))
    return resident


def household_members(household: Household) -> tuple[list[Resident], list[Resident]]:
    """Those living in the household (oldest first), and those who left it (moved away, deceased)."""
    members = list(Resident.objects.filter(household=household).order_by("birth_date", "pk"))
    return [m for m in members if m.is_present], [m for m in members if not m.is_present]


def resident_history(resident: Resident) -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(object_type="residents.resident", object_id=str(resident.pk))
        .select_related("actor")
        .order_by("-at", "-id")
    )
