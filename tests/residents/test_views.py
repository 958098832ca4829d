"""Every register page for every role: what each sees, and 404 for what is not theirs."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

WARD_WIDE = [Role.WARD_OFFICIAL, Role.FRONT_OFFICIAL, Role.CHAIRMAN, Role.COMMITTEE_MEMBER, Role.INSPECTION]
PERSONAL_DATA = [Role.WARD_OFFICIAL, Role.FRONT_OFFICIAL, Role.CHAIRMAN, Role.CELL_SECRETARY]
NO_PERSONAL_DATA = [Role.COMMITTEE_MEMBER, Role.INSPECTION, Role.TEAM_MEMBER]


def url(name, *args):
    return reverse(f"residents:{name}", args=args)


@pytest.fixture
def user_for(make_user, register):
    """A user of the role, with its jurisdiction inside the test register."""

    def make(role):
        if role == Role.CELL_SECRETARY:
            return make_user(role, party_cell=register.cell1)  # groups 1 and 2
        if role == Role.TEAM_MEMBER:
            return make_user(role, group=register.group1)
        if role == Role.COMMITTEE_MEMBER:
            return make_user(role, assigned_groups=[register.group1])
        return make_user(role)

    return make


@pytest.mark.parametrize(
    "name_args",
    [
        ("ward_overview",),
        ("group_list",),
        ("group_detail", "g1"),
        ("cell_list",),
        ("cell_detail", "c1"),
        ("voter_list_pdf", "g1"),
        ("signin_sheet_pdf", "g1"),
    ],
)
def test_anonymous_is_sent_to_login(client, register, name_args):
    name, *args = name_args
    ids = {"g1": register.group1.pk, "c1": register.cell1.pk}
    response = client.get(url(name, *[ids[a] for a in args]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", WARD_WIDE)
def test_ward_wide_roles_see_every_group_of_their_ward(client_for, user_for, register, role):
    client = client_for(user_for(role))
    overview = client.get(url("ward_overview"))
    assert overview.status_code == 200
    text = overview.content.decode()
    for group in (register.group1, register.group2, register.group3):
        assert group.name in text
        assert url("group_detail", group.pk) in text
    assert "Tổ dân phố Khác" not in text
    assert "Đặng Văn Ước" in text  # the 2018-2020 leader
    assert [g.pk for g in overview.context["groups"]] == [register.group1.pk, register.group2.pk, register.group3.pk]
    assert overview.context["totals"].leaders_not_party_members == 1

    listing = client.get(url("group_list"))
    assert [g.pk for g in listing.context["groups"]] == [register.group1.pk, register.group2.pk, register.group3.pk]
    for group in (register.group1, register.group3):
        assert client.get(url("group_detail", group.pk)).status_code == 200
    assert client.get(url("group_detail", register.other_ward_group.pk)).status_code == 404
    cells = client.get(url("cell_list"))
    assert {c.pk for c in cells.context["cells"]} == {register.cell1.pk, register.cell2.pk}
    assert client.get(url("cell_detail", register.cell2.pk)).status_code == 200
    assert client.get(url("cell_detail", register.other_ward_group.party_cell_id)).status_code == 404


def test_cell_secretary_sees_only_the_cells_groups(client_for, user_for, register):
    client = client_for(user_for(Role.CELL_SECRETARY))
    assert client.get(url("ward_overview")).status_code == 403
    listing = client.get(url("group_list"))
    assert listing.status_code == 200
    assert [g.pk for g in listing.context["groups"]] == [register.group1.pk, register.group2.pk]
    assert "Tổ dân phố 3" not in listing.content.decode()
    assert client.get(url("group_detail", register.group2.pk)).status_code == 200
    for pk in (register.group3.pk, register.other_ward_group.pk):
        assert client.get(url("group_detail", pk)).status_code == 404
        assert client.get(url("voter_list_pdf", pk)).status_code == 404
        assert client.get(url("signin_sheet_pdf", pk)).status_code == 404
    cells = client.get(url("cell_list"))
    assert [c.pk for c in cells.context["cells"]] == [register.cell1.pk]
    assert client.get(url("cell_detail", register.cell1.pk)).status_code == 200
    assert client.get(url("cell_detail", register.cell2.pk)).status_code == 404


def test_team_member_sees_only_their_group(client_for, user_for, register):
    client = client_for(user_for(Role.TEAM_MEMBER))
    assert client.get(url("ward_overview")).status_code == 403
    listing = client.get(url("group_list"))
    assert [g.pk for g in listing.context["groups"]] == [register.group1.pk]
    assert client.get(url("group_detail", register.group1.pk)).status_code == 200
    for pk in (register.group2.pk, register.group3.pk, register.other_ward_group.pk):
        assert client.get(url("group_detail", pk)).status_code == 404
    cell_page = client.get(url("cell_detail", register.cell1.pk))
    assert cell_page.status_code == 200
    assert [g.pk for g in cell_page.context["groups"]] == [register.group1.pk]  # not group 2 of the same cell
    assert client.get(url("cell_detail", register.cell2.pk)).status_code == 404


def test_home_is_each_roles_own_tasks_and_links_the_register(client_for, user_for, ward):
    # A ward without a campaign sends its officials to set one up first (tests/reports/test_home.py).
    CampaignFactory(ward=ward)
    for role in WARD_WIDE:
        client = client_for(user_for(role))
        home = client.get("/")
        assert home.status_code == 200 and url("group_list") in home.content.decode()
        assert client.get(url("ward_overview")).status_code == 200
    for role in (Role.CELL_SECRETARY, Role.TEAM_MEMBER):
        assert url("group_list") in client_for(user_for(role)).get("/").content.decode()


def test_admin_of_several_wards_can_pick_one(client_for, make_user, register):
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    client = client_for(admin)
    page = client.get(url("group_list"), {"ward": register.other_ward_group.ward_id})
    assert [g.pk for g in page.context["groups"]] == [register.other_ward_group.pk]
    assert client.get(url("ward_overview")).context["ward"] == register.ward


@pytest.mark.parametrize("role", PERSONAL_DATA)
def test_personal_data_shown_to_roles_that_need_it(client_for, user_for, register, role):
    client = client_for(user_for(role))
    households = client.get(url("group_detail", register.group1.pk)).content.decode()
    assert "02/03/1960" in households
    residents = client.get(url("group_detail", register.group1.pk), {"tab": "residents"}).content.decode()
    assert "Đặng Văn Ước" in residents
    assert "02/03/1960" in residents
    assert "046060123456" in residents


@pytest.mark.parametrize("role", NO_PERSONAL_DATA)
def test_personal_data_hidden_from_other_roles(client_for, user_for, register, role):
    client = client_for(user_for(role))
    for params in ({}, {"tab": "residents"}):
        page = client.get(url("group_detail", register.group1.pk), params)
        assert page.status_code == 200
        text = page.content.decode()
        assert "Đặng Văn Ước" in text
        assert "1960" not in text
        assert "046060123456" not in text


PARTY_BADGE = "badge text-bg-danger-subtle text-danger-emphasis"


@pytest.mark.parametrize("role", NO_PERSONAL_DATA)
def test_party_membership_hidden_like_birth_dates(client_for, user_for, register, role):
    """Who is a Party member, and since when, is personal data: not on the cell's page, not as a badge."""
    client = client_for(user_for(role))
    cell_page = client.get(url("cell_detail", register.cell1.pk))
    assert cell_page.status_code == 200
    text = cell_page.content.decode()
    assert "03/02/2000" not in text  # Nguyễn Văn Anh's admission date
    assert "Nguyễn Văn Anh" not in text
    assert list(cell_page.context["page"]) == []
    for params in ({}, {"tab": "residents"}):
        assert PARTY_BADGE not in client.get(url("group_detail", register.group1.pk), params).content.decode()


@pytest.mark.parametrize("role", PERSONAL_DATA)
def test_party_membership_shown_to_roles_seeing_personal_data(client_for, user_for, register, role):
    client = client_for(user_for(role))
    text = client.get(url("cell_detail", register.cell1.pk)).content.decode()
    assert "Nguyễn Văn Anh" in text
    assert "03/02/2000" in text
    residents = client.get(url("group_detail", register.group1.pk), {"tab": "residents"}).content.decode()
    assert PARTY_BADGE in residents


def test_group_page_shows_counts_leaders_and_paper_links(client_for, user_for, register, campaign):
    client = client_for(user_for(Role.WARD_OFFICIAL))
    page = client.get(url("group_detail", register.group1.pk))
    assert page.context["group"].household_count == 3
    assert page.context["group"].voter_count == 4
    assert page.context["electorate"] == 2  # household representatives in the campaign's mode
    text = page.content.decode()
    assert "2018-2020" in text
    assert url("voter_list_pdf", register.group1.pk) in text
    assert url("signin_sheet_pdf", register.group1.pk) in text
    assert "10/01/2021" in text  # ages counted on the election day


def test_committee_member_sees_groups_but_prints_nothing(client_for, user_for, register):
    client = client_for(user_for(Role.COMMITTEE_MEMBER))
    page = client.get(url("group_detail", register.group1.pk))
    assert url("voter_list_pdf", register.group1.pk) not in page.content.decode()
    assert client.get(url("voter_list_pdf", register.group1.pk)).status_code == 403


def test_residents_tab_is_in_vietnamese_order_and_searchable(client_for, user_for, register):
    client = client_for(user_for(Role.WARD_OFFICIAL))
    page = client.get(url("group_detail", register.group1.pk), {"tab": "residents"})
    names = [r.full_name for r in page.context["page"]]
    assert names == ["Nguyễn Văn Anh", "Đặng Thị Ánh", "Phạm Minh Đức", "Lê Thị Ửng", "Đặng Văn Ước", "Trần Thị Ý"]
    found = client.get(url("group_detail", register.group1.pk), {"tab": "residents", "q": "ung"})
    assert [r.full_name for r in found.context["page"]] == ["Lê Thị Ửng"]


def test_big_groups_are_paginated(client_for, user_for, register):
    from tests.factories import HouseholdFactory, ResidentFactory

    for n in range(60):
        ResidentFactory(household=HouseholdFactory(group=register.group3, number=f"1{n:02d}"))
    client = client_for(user_for(Role.WARD_OFFICIAL))
    first = client.get(url("group_detail", register.group3.pk))
    assert len(first.context["households"]) == 50
    assert first.context["page"].paginator.num_pages == 2
    second = client.get(url("group_detail", register.group3.pk), {"page": 2})
    assert len(second.context["households"]) == 11
    assert "?tab=households&amp;page=1" in second.content.decode() or "page=1" in second.content.decode()


def test_nav_links_follow_the_role(client_for, user_for):
    official = client_for(user_for(Role.WARD_OFFICIAL)).get(url("group_list")).content.decode()
    assert f'href="{url("ward_overview")}"' in official
    assert f'href="{url("cell_list")}"' in official
    secretary = client_for(user_for(Role.CELL_SECRETARY)).get(url("group_list")).content.decode()
    assert f'href="{url("ward_overview")}"' not in secretary
    assert f'href="{url("group_list")}"' in secretary
