"""Derived counts and the electorate, read straight from the selectors."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from residents import selectors
from residents.models import Resident, ResidentialGroup
from tests.factories import HouseholdFactory, ResidentFactory, ResidentialGroupFactory
from tests.residents.conftest import ELECTION_DAY

pytestmark = pytest.mark.django_db


def test_household_representatives_are_heads_else_oldest_adult(register):
    rows = selectors.electorate_rows(register.group1, mode=selectors.HOUSEHOLD_REPS, on_date=ELECTION_DAY)
    # 001: the head; 002: no head, the oldest adult; 003: only a 17-year-old, no representative.
    assert [(r.number, r.name, r.household_number, r.is_head) for r in rows] == [
        (1, "Nguyễn Văn Anh", "002", False),
        (2, "Đặng Văn Ước", "001", True),
    ]
    assert rows[1].address == "Số 12 Lý Thần Tông"
    assert rows[1].birth_date == datetime.date(1960, 3, 2)
    assert rows[1].gender == "M"
    assert rows[0].as_dict()["resident_id"] == rows[0].resident.pk
    assert rows[0].as_dict()["birth_date"] == "1985-05-05"


def test_a_minor_head_is_replaced_by_the_oldest_adult(register):
    household = HouseholdFactory(group=register.group3, number="009")
    minor = ResidentFactory(household=household, full_name="Lê Văn Nhỏ", birth_date=datetime.date(2008, 1, 1))
    ResidentFactory(household=household, full_name="Lê Thị Lớn", birth_date=datetime.date(1950, 1, 1), gender="F")
    household.head = minor
    household.save()
    rows = selectors.electorate_rows(register.group3, mode=selectors.HOUSEHOLD_REPS, on_date=ELECTION_DAY)
    assert "Lê Thị Lớn" in [r.name for r in rows]
    assert "Lê Văn Nhỏ" not in [r.name for r in rows]


def test_all_voters_are_18_on_election_day_in_vietnamese_order(register):
    rows = selectors.electorate_rows(register.group1, mode=selectors.ALL_VOTERS, on_date=ELECTION_DAY)
    # By given name: Anh < Ửng < Ước (n before ơ) < Ý; the 17-year-old is out.
    assert [r.name for r in rows] == ["Nguyễn Văn Anh", "Lê Thị Ửng", "Đặng Văn Ước", "Trần Thị Ý"]
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert rows[3].residence == Resident.Residence.TEMPORARY
    summary = selectors.electorate_summary(rows)
    assert (summary.total, summary.men, summary.women) == (4, 2, 2)
    # One day later Phạm Minh Đức turns 18.
    later = selectors.electorate_rows(register.group1, mode=selectors.ALL_VOTERS, on_date=datetime.date(2021, 1, 11))
    assert "Phạm Minh Đức" in [r.name for r in later]


def test_unknown_mode_is_refused(register):
    with pytest.raises(ValueError):
        selectors.electorate_rows(register.group1, mode="everyone", on_date=ELECTION_DAY)


def test_group_counts_are_derived(register):
    groups = selectors.group_rows(
        selectors.with_group_counts(
            ResidentialGroup.objects.filter(ward=register.ward), on_date=ELECTION_DAY, leader_term="2018-2020"
        )
    )
    g1 = next(g for g in groups if g.pk == register.group1.pk)
    assert (g1.household_count, g1.resident_count, g1.voter_count, g1.rep_count, g1.party_member_count) == (
        3,
        6,
        4,
        2,
        1,
    )
    assert (g1.leader_name, g1.leader_is_party_member) == ("Đặng Văn Ước", False)
    g3 = next(g for g in groups if g.pk == register.group3.pk)
    assert (g3.household_count, g3.voter_count, g3.leader_name) == (1, 1, None)
    totals = selectors.totals(groups)
    assert (totals.groups, totals.households, totals.voters, totals.leaders_not_party_members) == (3, 5, 6, 1)


def test_group_residents_search_ignores_accents(register):
    found = selectors.group_residents(register.group1, query="dang van uoc")
    assert [p.full_name for p in found] == ["Đặng Văn Ước"]
    everyone = selectors.group_residents(register.group1)
    assert [p.full_name for p in everyone][:2] == ["Nguyễn Văn Anh", "Đặng Thị Ánh"]


def test_cell_members_are_scoped_to_visible_groups(register, make_user):
    secretary = make_user(Role.CELL_SECRETARY, party_cell=register.cell1)
    assert [m.full_name for m in selectors.cell_members(secretary, register.cell1)] == ["Nguyễn Văn Anh"]
    team = make_user(Role.TEAM_MEMBER, group=register.group2)
    assert selectors.cell_members(team, register.cell1) == []


def test_reference_date_is_election_day_or_today(campaign):
    assert selectors.reference_date(campaign) == datetime.date(2021, 1, 10)
    assert selectors.reference_date(None) >= datetime.date(2024, 1, 1)
    assert selectors.current_campaign(campaign.ward) == campaign
    assert selectors.electorate_mode(None) == selectors.HOUSEHOLD_REPS


def _queries_for_group_list(client, user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/residents/groups/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_group_list_query_count_does_not_grow_with_groups(ward, campaign, make_user, client):
    user = make_user(Role.WARD_OFFICIAL)
    client.force_login(user)
    for _ in range(3):
        group = ResidentialGroupFactory(ward=ward)
        ResidentFactory.create_batch(2, household=HouseholdFactory(group=group))
    three = _queries_for_group_list(client, user)
    for _ in range(9):
        group = ResidentialGroupFactory(ward=ward)
        ResidentFactory.create_batch(3, household=HouseholdFactory(group=group))
    twelve = _queries_for_group_list(client, user)
    assert ResidentialGroup.objects.filter(ward=ward).count() == 12
    assert three == twelve


def test_ward_overview_query_count_does_not_grow_with_groups(ward, campaign, make_user, client):
    user = make_user(Role.CHAIRMAN)
    client.force_login(user)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/residents/").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        ResidentFactory(household=HouseholdFactory(group=ResidentialGroupFactory(ward=ward)))
    three = count()
    for _ in range(9):
        ResidentFactory(household=HouseholdFactory(group=ResidentialGroupFactory(ward=ward)))
    assert count() == three
