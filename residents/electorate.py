"""The electorate of a group from the register: every voter or one representative per household, numbered in
Vietnamese name order, and the list as frozen when it was posted."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from residents.hooks import hooks
from residents.models import Household, Resident, ResidentialGroup, voting_birth_cutoff
from residents.names import sort_people

ALL_VOTERS = "all_voters"
HOUSEHOLD_REPS = "household_reps"
ELECTORATE_MODES = (ALL_VOTERS, HOUSEHOLD_REPS)


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
    """The electorate as frozen by the conference app when the lists were posted (may be empty): the election's
    `electors`, read through the relation so the register needs no import of the app that freezes them."""
    electors = group_election.electors.select_related("household", "resident").order_by("number")
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
    campaign = hooks.current_campaign(group.ward_id)
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
