"""The ward dashboard: per role, filters, numbers behind the links, constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from elections.models import GroupElection, Stage
from reports.selectors.dashboard import ward_dashboard
from reports.synthetic_city import build_city
from tests.factories import PartyCellFactory, ResidentialGroupFactory, WardFactory, user_with_role
from tests.reports.conftest import city_user

DASHBOARD = reverse("reports:dashboard")
GROUPS = reverse("reports:groups")


@pytest.mark.parametrize("role", [Role.WARD_OFFICIAL, Role.COMMITTEE_MEMBER, Role.CHAIRMAN, Role.INSPECTION])
def test_dashboard_open_to_committee_and_ward(city, client_for, role):
    user = user_with_role(role, ward=city)
    response = client_for(user).get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["d"].summary.groups == 12


def test_dashboard_refused_to_cell_secretary_and_team_member(city, client_for):
    cell = city.party_cells.first()
    secretary = user_with_role(Role.CELL_SECRETARY, ward=city, party_cell=cell)
    assert client_for(secretary).get(DASHBOARD).status_code == 403
    assert client_for(secretary).get(GROUPS).status_code == 403
    assert client_for(secretary).get(reverse("reports:summary_pdf")).status_code == 403
    member = user_with_role(Role.TEAM_MEMBER, ward=city, group=city.groups.first())
    assert client_for(member).get(DASHBOARD).status_code == 403
    assert client_for(member).get(reverse("reports:summary_xlsx")).status_code == 403


def test_anonymous_goes_to_login(client, city):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_home_links_the_dashboard(city, client_for):
    response = client_for(city_user(city)).get("/")
    assert response.status_code == 200 and DASHBOARD in response.content.decode()


def test_other_wards_campaign_is_404(city, client_for):
    other = build_city(groups=2, households=1, name="Khác")
    campaign = other.campaigns.get()
    response = client_for(city_user(city)).get(DASHBOARD, {"campaign": campaign.pk})
    assert response.status_code == 404
    # And another ward's cell is not a filter one may use.
    response = client_for(city_user(city)).get(DASHBOARD, {"cell": other.party_cells.first().pk})
    assert response.status_code == 404


def test_committee_member_my_area(city, client_for):
    member = city_user(city, Role.COMMITTEE_MEMBER)
    assigned = list(member.assigned_groups.values_list("pk", flat=True))
    assert len(assigned) == 1
    response = client_for(member).get(DASHBOARD, {"mine": "1"})
    assert response.status_code == 200
    rows = response.context["d"].rows
    assert [r.group_id for r in rows] == assigned
    assert "Only my area" in response.content.decode() or "Chỉ địa bàn của tôi" in response.content.decode()
    # The title says it is the member's area, not the whole ward.
    assert '<h1 class="h3 mb-0">Tình hình bầu cử địa bàn tôi phụ trách</h1>' in response.content.decode()
    assert "<title>Tình hình bầu cử địa bàn tôi phụ trách" in response.content.decode()
    # The whole ward without the filter.
    assert len(client_for(member).get(DASHBOARD).context["d"].rows) == 12
    # The group table keeps the filter.
    table = client_for(member).get(GROUPS, {"mine": "1"})
    assert [r.group_id for r in table.context["page"]] == assigned


def test_mine_is_ignored_for_ward_officials(city, client_for):
    response = client_for(city_user(city)).get(DASHBOARD, {"mine": "1"})
    assert response.context["scope"].mine is False
    assert response.context["d"].summary.groups == 12


def test_cell_filter(city, client_for):
    cell = city.party_cells.order_by("pk").first()
    response = client_for(city_user(city)).get(DASHBOARD, {"cell": cell.pk})
    assert {r.cell_id for r in response.context["d"].rows} == {cell.pk}
    assert response.context["d"].summary.groups == 3


def test_numbers_link_to_their_groups(city, client_for):
    client = client_for(city_user(city))
    data = client.get(DASHBOARD).context["d"]
    stage_counts = {value: n for value, _label, n in data.summary.stages}
    for stage, n in stage_counts.items():
        table = client.get(GROUPS, {"stage": stage})
        assert table.context["count"] == n
        assert all(r.stage == stage for r in table.context["page"])
    overdue = client.get(GROUPS, {"stage": "overdue"})
    assert overdue.context["count"] == data.summary.overdue > 0  # election day 10/01/2021 is long past
    assert all(r.overdue for r in overdue.context["page"])
    elected = client.get(GROUPS, {"result": "elected"})
    assert elected.context["count"] == data.summary.elected == data.goals.elected
    html = client.get(DASHBOARD).content.decode()
    assert f"{GROUPS}?campaign={data.scope.campaign.pk}&amp;stage=overdue" in html


def test_overdue_and_result_figures(db, client_for):
    """A hand-made group: elected with 159 of 361 on the first vote? No: 44.04 % is below the threshold."""
    ward = build_city(groups=3, households=2, name="Ba tổ")
    user = city_user(ward)
    data = ward_dashboard(user, {})
    for row in data.rows:
        if row.has_result:
            assert row.elected_percent is not None and row.elected_percent > 50
            assert row.stage in (Stage.ELECTED, Stage.RECOGNISED)
        if row.stage == Stage.RECOGNISED:
            assert row.next_deadline is None and not row.overdue


def test_quorum_and_turnout_from_counts(city):
    data = ward_dashboard(city_user(city), {})
    counted = [r for r in data.rows if r.present is not None]
    assert counted
    assert data.summary.present == sum(r.present for r in counted)
    assert data.summary.electorate == sum(r.electorate for r in counted)
    assert all(r.quorum == (r.present * 2 > r.electorate) for r in counted)


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(DASHBOARD).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_groups(db, client_for, django_assert_num_queries):
    small = build_city(groups=10, households=1, name="Mười tổ")
    client = client_for(city_user(small))
    expected = _dashboard_queries(client)
    # Four times the groups, in a ward of its own: the same number of queries.
    large = build_city(groups=40, households=1, name="Bốn mươi tổ")
    client = client_for(city_user(large))
    client.get(DASHBOARD)  # warm the session like the first call did
    with django_assert_num_queries(expected):
        response = client.get(DASHBOARD)
    assert response.context["d"].summary.groups == 40
    # The group table and the summary too.
    with CaptureQueriesContext(connection) as ctx:
        client.get(GROUPS, {"stage": "overdue"})
    client_small = client_for(city_user(small))
    with django_assert_num_queries(len(ctx.captured_queries)):
        client_small.get(GROUPS, {"stage": "overdue"})


def test_groups_without_cell_and_empty_ward(db, client_for):
    ward = build_city(groups=2, households=1, name="Hai tổ")
    group = ResidentialGroupFactory(ward=ward, party_cell=None, code="99")
    GroupElection.objects.create(campaign=ward.campaigns.get(), group=group)
    data = ward_dashboard(city_user(ward), {})
    assert data.summary.groups == 3
    assert any(line.cell_id is None for line in data.cells)
    PartyCellFactory(ward=ward, name="Chi bộ không có tổ")  # a cell without groups is harmless
    assert client_for(city_user(ward)).get(DASHBOARD).status_code == 200


def test_a_ward_without_a_campaign_is_sent_to_set_one_up(db, client_for):
    ward = WardFactory()
    client = client_for(user_with_role(Role.WARD_OFFICIAL, ward=ward))
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response.url == reverse("elections:campaign_list")
    # A campaign named in the address that is not one of the ward's is still a 404.
    assert client.get(DASHBOARD, {"campaign": 999999}).status_code == 404
