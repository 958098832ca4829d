"""The dashboard's SQL aggregates give the figures the group rows give, and in a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from reports.selectors.dashboard import dashboard_scope, scope_groups
from reports.selectors.facts import group_rows, scoped_elections
from reports.selectors.figures import ward_figures
from reports.selectors.tallies import by_cell, measure_goals, summarise
from reports.synthetic_city import build_city
from tests.reports.conftest import city_user


def _both(user, params=None):
    scope = dashboard_scope(user, params or {})
    elections = scoped_elections(scope.campaign, scope_groups(user, scope))
    today = timezone.localdate()
    return ward_figures(scope.campaign, elections, today=today), group_rows(
        campaign=scope.campaign, elections=elections, today=today
    )


@pytest.mark.parametrize("groups", [12, 75])
def test_sql_figures_are_the_row_tallies(db, groups):
    ward = build_city(groups=groups, households=2, name=f"Đối chiếu {groups}")
    for user, params in (
        (city_user(ward), {}),
        (city_user(ward, Role.COMMITTEE_MEMBER), {"mine": "1"}),
        (city_user(ward), {"cell": ward.party_cells.order_by("pk").first().pk}),
    ):
        figures, rows = _both(user, params)
        assert figures.summary == summarise(rows)
        assert figures.goals == measure_goals(rows)
        assert figures.cells == by_cell(rows)
        late = sorted((r for r in rows if r.overdue), key=lambda r: (r.next_deadline, r.code))
        assert figures.late_total == len(late)
        shown = [(r.pk, r.name, r.stage_label, r.next_deadline, r.next_deadline_label) for r in late[:15]]
        assert [(r.pk, r.name, r.stage_label, r.next_deadline, r.next_deadline_label) for r in figures.late] == shown


DASHBOARD = reverse("reports:dashboard")
WARD_QUERIES = 10
AREA_QUERIES = 10


@pytest.mark.parametrize("groups", [10, 40])
def test_dashboard_and_my_area_query_counts(db, client_for, django_assert_num_queries, groups):
    """Exact counts, the same at 10 and at 40 groups (session and user included)."""
    ward = build_city(groups=groups, households=1, name=f"Đếm {groups}")
    official = client_for(city_user(ward))
    official.get(DASHBOARD)  # warm the session
    with django_assert_num_queries(WARD_QUERIES):
        assert official.get(DASHBOARD).context["d"].summary.groups == groups
    member = client_for(city_user(ward, Role.COMMITTEE_MEMBER))
    member.get(DASHBOARD, {"mine": "1"})
    with django_assert_num_queries(AREA_QUERIES):
        assert member.get(DASHBOARD, {"mine": "1"}).context["d"].summary.groups == max(1, groups // 10)


def test_cell_picker_suggests_and_resolves_typed_names(db, client_for):
    ward = build_city(groups=12, households=1, name="Chọn chi bộ")
    other = build_city(groups=3, households=1, name="Phường khác")
    client = client_for(city_user(ward))
    campaign = ward.campaigns.get()
    page = client.get(DASHBOARD).content.decode()
    assert "<select" not in page.split("report-charts")[0] and 'name="cell_q"' in page
    response = client.get(
        reverse("reports:cell_picker"),
        {"campaign": campaign.pk, "cell_q": "Khu dân cư 1"},
        headers={"HX-Current-URL": f"http://testserver{reverse('reports:groups')}?stage=overdue&page=2"},
    )
    html = response.content.decode()
    cell = ward.party_cells.get(name="Chi bộ Khu dân cư 1")
    assert f"{reverse('reports:groups')}?stage=overdue&amp;campaign={campaign.pk}&amp;cell={cell.pk}" in html
    assert "Chi bộ Khu dân cư 4" not in html
    # A name typed and sent without picking: the one cell of that name; emptied: every cell.
    data = client.get(DASHBOARD, {"cell_q": "chi bộ khu dân cư 2"}).context["d"]
    assert data.scope.cell_id == ward.party_cells.get(name="Chi bộ Khu dân cư 2").pk
    assert client.get(DASHBOARD, {"cell": cell.pk, "cell_q": ""}).context["d"].scope.cell_id is None
    assert client.get(DASHBOARD, {"cell_q": "không có"}).status_code == 404
    # Another ward's cells are never suggested.
    other_names = set(other.party_cells.values_list("name", flat=True))
    listed = client.get(reverse("reports:cell_picker"), {"campaign": campaign.pk, "cell_q": "Chi"}).context["links"]
    names = set(ward.party_cells.values_list("name", flat=True))
    assert len(listed) == 4 and all(name in names for name, _url in listed)
    assert other_names  # the other ward has cells of the same names; they are not the ones linked
    assert all(f"cell={c}" not in url for c in other.party_cells.values_list("pk", flat=True) for _n, url in listed)
