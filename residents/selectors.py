"""Reads of the ward register, always scoped by the user through accounts.access.

Counts (households, residents, voters aged 18+, Party members, electorate) are derived in
the database with annotations, one query for any number of groups.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can, visible_cells, visible_groups, visible_wards
from audit.models import AuditEntry
from residents.models import Household, LeaderTerm, PartyCell, Resident, ResidentialGroup, Ward, voting_birth_cutoff
from residents.names import fold, sort_people

if TYPE_CHECKING:
    from accounts.models import User
    from elections.models import Campaign

ALL_VOTERS = "all_voters"
HOUSEHOLD_REPS = "household_reps"
ELECTORATE_MODES = (ALL_VOTERS, HOUSEHOLD_REPS)


# ---- campaign context -------------------------------------------------------------------


def current_campaign(ward: Ward | int) -> Campaign | None:
    """The ward's current election campaign, if one is set up."""
    from elections.models import Campaign

    ward_id = ward if isinstance(ward, int) else ward.pk
    return Campaign.objects.filter(ward_id=ward_id, is_current=True).select_related("legal_profile").first()


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
    if campaign is not None:
        from elections.models import GroupElection

        groups = groups.annotate(
            stage=Subquery(GroupElection.objects.filter(group=OuterRef("pk"), campaign=campaign).values("stage")[:1])
        )
    return groups.order_by("ward__name", "code")


def group_rows(groups: QuerySet[ResidentialGroup]) -> list[ResidentialGroup]:
    """Evaluate annotated groups, adding `stage_label` (the translated stage) to each."""
    from elections.models import Stage

    labels = dict(Stage.choices)
    rows = list(groups)
    for group in rows:
        stage = getattr(group, "stage", None)
        group.stage_label = labels.get(stage, "") if stage else ""
    return rows


def electorate_size(group: ResidentialGroup, mode: str) -> int:
    """From an annotated group: the number of voters, or of households with a voter."""
    return group.voter_count if mode == ALL_VOTERS else group.rep_count


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


# ---- electorate (voter list, household representatives) ----------------------------------


@dataclass(frozen=True)
class ElectorateRow:
    """One line of a group's electorate, as printed on the voter list and the sign-in sheet.

    Plain values (plus the two model instances), so that the conference can freeze the list
    as it stood (see `as_dict`).
    """

    number: int
    household: Household | None
    resident: Resident | None
    name: str
    birth_date: datetime.date | None
    gender: str  # Resident.Gender: "M" / "F"
    residence: str  # Resident.Residence: "permanent" / "temporary"
    address: str
    is_head: bool

    household_number: str = ""

    def as_dict(self) -> dict:
        """JSON-ready: ids instead of instances, ISO date."""
        return {
            "number": self.number,
            "household_id": self.household.pk if self.household else None,
            "household_number": self.household_number,
            "resident_id": self.resident.pk if self.resident else None,
            "name": self.name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "gender": self.gender,
            "residence": self.residence,
            "address": self.address,
            "is_head": self.is_head,
        }


def household_representative(members: list[Resident], head_id: int | None, cutoff: datetime.date) -> Resident | None:
    """The household's representative: its head if an adult, else its oldest adult."""
    adults = [m for m in members if m.birth_date <= cutoff]
    if not adults:
        return None
    for member in adults:
        if member.pk == head_id:
            return member
    return min(adults, key=lambda m: (m.birth_date, m.pk))


def electorate_rows(group: ResidentialGroup, *, mode: str, on_date: datetime.date) -> list[ElectorateRow]:
    """The group's electorate on `on_date`, numbered in Vietnamese name order.

    mode ``all_voters``: every resident aged 18 or over on that day; ``household_reps``: one
    representative per household that has a voter (the head, or the oldest adult when the
    head is missing or under 18). Two queries whatever the size of the group.
    """
    if mode not in ELECTORATE_MODES:
        raise ValueError(f"unknown electorate mode {mode!r}")
    cutoff = voting_birth_cutoff(on_date)
    households = {h.pk: h for h in Household.objects.filter(group=group)}
    residents = (
        Resident.objects.present().filter(household__group=group, birth_date__lte=cutoff).order_by("household_id", "pk")
    )
    chosen: list[Resident] = []
    if mode == ALL_VOTERS:
        chosen = list(residents)
    else:
        by_household: dict[int, list[Resident]] = {}
        for person in residents:
            by_household.setdefault(person.household_id, []).append(person)
        for household_id, members in by_household.items():
            rep = household_representative(members, households[household_id].head_id, cutoff)
            if rep is not None:
                chosen.append(rep)
    rows = []
    for number, person in enumerate(sort_people(chosen), start=1):
        household = households[person.household_id]
        person.household = household  # no extra query when callers follow the relation
        rows.append(
            ElectorateRow(
                number=number,
                household=household,
                resident=person,
                name=person.full_name,
                birth_date=person.birth_date,
                gender=person.gender,
                residence=person.residence_status,
                address=household.address,
                is_head=household.head_id == person.pk,
                household_number=household.number,
            )
        )
    return rows


@dataclass(frozen=True)
class ElectorateSummary:
    total: int
    men: int
    women: int


def electorate_summary(rows: list[ElectorateRow]) -> ElectorateSummary:
    men = sum(1 for r in rows if r.gender == Resident.Gender.MALE)
    return ElectorateSummary(total=len(rows), men=men, women=len(rows) - men)


def frozen_electorate_rows(group_election) -> list[ElectorateRow]:
    """The electorate as frozen by the conference app when the lists were posted (may be empty)."""
    from elections.conference.models import Elector

    electors = (
        Elector.objects.filter(group_election=group_election).select_related("household", "resident").order_by("number")
    )
    return [
        ElectorateRow(
            number=e.number,
            household=e.household,
            resident=e.resident,
            name=e.full_name,
            birth_date=e.birth_date,
            gender=e.gender,
            residence=e.residence,
            address=e.address,
            is_head=bool(e.household and e.resident_id and e.household.head_id == e.resident_id),
            household_number=e.household_number,
        )
        for e in electors
    ]


# ---- the posted list beside the register -------------------------------------------------


@dataclass(frozen=True)
class PostedList:
    """The voter list of the group's current election as posted (frozen), beside the living register."""

    group_election: object
    posted_on: datetime.date
    size: int
    line: ElectorateRow | None = None  # the resident's own line, when asked and on it


def posted_list_of(group: ResidentialGroup, resident: Resident | None = None) -> PostedList | None:
    """None unless the group's list of the current campaign has been posted (and frozen)."""
    campaign = current_campaign(group.ward_id)
    election = campaign.group_elections.filter(group=group).first() if campaign else None
    if election is None or not election.list_posted_at:
        return None
    posted_on = timezone.localtime(election.list_posted_at).date()
    if resident is None:
        size = election.electors.count()
        return PostedList(election, posted_on, size) if size else None
    rows = frozen_electorate_rows(election)
    if not rows:
        return None
    line = next((r for r in rows if r.resident is not None and r.resident.pk == resident.pk), None)
    return PostedList(election, posted_on, len(rows), line)


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
