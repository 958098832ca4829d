"""The dashboard's SQL aggregates give the figures the group rows give, and in a fixed number of queries."""

import pytest
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
        assert [pk for _due, _code, pk in figures.late] == [r.pk for r in late]
