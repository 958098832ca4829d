"""A cell secretary sees the groups of their own cell, and nothing of another cell's group, even by URL."""

import datetime

from playwright.sync_api import expect

from accounts.models import User
from elections.candidates.models import Candidate
from elections.candidates.services import candidate_nominate
from elections.models import GroupElection, LegalProfile
from elections.services import campaign_create
from residents.models import Resident, ResidentialGroup
from tests.e2e.conftest import DEMO_PASSWORD, assert_accessible, login, screenshot


def _other_cells_candidate(ward) -> Candidate:
    """A campaign of the ward and one candidate in group 04 (cell 2), written through the services."""
    official = User.objects.get(username="ubnd")
    campaign = campaign_create(
        actor=official,
        ward=ward,
        label="2021-2023",
        term_start=datetime.date(2021, 1, 10),
        term_end=datetime.date(2023, 7, 10),
        election_day=datetime.date(2021, 1, 10),
        legal_profile=LegalProfile.objects.get(code="2021"),
    )
    election = GroupElection.objects.get(campaign=campaign, group__code="04")
    resident = (
        Resident.objects.filter(household__group=election.group, residence_status="permanent")
        .filter(birth_date__lte=datetime.date(1990, 1, 1))
        .order_by("pk")
        .first()
    )
    return candidate_nominate(group_election=election, resident=resident, source="self", actor=official)


def test_cell_secretary_sees_only_their_cells_groups(desktop, live_server, demo_ward):
    page = desktop
    candidate = _other_cells_candidate(demo_ward)
    other_group = ResidentialGroup.objects.get(code="04")
    login(page, live_server, "bithu1", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/residents/groups/")
    assert_accessible(page)
    rows = page.locator("table.group-table tbody tr")
    names = [rows.nth(i).locator("td").first.inner_text().strip() for i in range(rows.count())]
    assert names == ["Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3"]
    screenshot(page, "groups-cell-secretary")

    # The campaign's group table shows the same three groups, and no other.
    page.goto(f"{live_server.url}/elections/")
    assert_accessible(page)
    for code in ("1", "2", "3"):
        assert page.get_by_role("link", name=f"Tổ dân phố {code}", exact=True).count() >= 1
    for code in range(4, 13):
        assert page.get_by_role("link", name=f"Tổ dân phố {code}", exact=True).count() == 0

    # Guessing the URLs of group 04 (cell 2) gives "not found", and nothing of the group shows.
    secret = candidate.resident.full_name
    for url in (
        f"/residents/groups/{other_group.pk}/",
        f"/residents/groups/{other_group.pk}/voter-list.pdf",
        f"/elections/groups/{candidate.group_election_id}/",
        f"/candidates/group/{candidate.group_election_id}/",
        f"/candidates/candidate/{candidate.pk}/",
        f"/term-reports/group/{candidate.group_election_id}/",
    ):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404, f"{url}: {response.status}"
        body = page.content()
        assert "Tổ dân phố 4" not in body and secret not in body, url
        expect(page.get_by_role("heading", name="Không tìm thấy.", level=1)).to_be_visible()
        assert_accessible(page)

    # Their own group opens.
    own = ResidentialGroup.objects.get(code="02")
    response = page.goto(f"{live_server.url}/residents/groups/{own.pk}/")
    assert response.status == 200
    assert page.get_by_role("heading", name="Tổ dân phố 2", level=1).is_visible()
    assert_accessible(page)
