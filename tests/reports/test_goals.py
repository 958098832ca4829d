"""The directive's goals measured from plain rows (no database)."""

import datetime
from decimal import Decimal

from reports.selectors.facts import GroupRow
from reports.selectors.tallies import by_cell, measure_goals, summarise


def row(code, **kw):
    base = {
        "pk": int(code),
        "group_id": int(code),
        "code": code,
        "name": f"Tổ dân phố {int(code)}",
        "cell_id": 1,
        "cell_name": "Chi bộ 1",
        "stage": "recognised",
        "stage_label": "",
        "round": 1,
        "election_date": datetime.date(2021, 1, 10),
    }
    return GroupRow(**(base | kw))


def test_goals_count_members_moves_and_revotes():
    rows = [
        # non-member -> member, first vote, 300 of 361 present
        row(
            "01",
            previous_member=False,
            elected_name="A",
            elected_member=True,
            candidates=2,
            candidates_members=1,
            electorate=361,
            present=300,
        ),
        # member -> member, after a re-vote
        row(
            "02",
            previous_member=True,
            elected_name="B",
            elected_member=True,
            elected_on_revote=True,
            candidates=1,
            candidates_members=1,
            electorate=200,
            present=110,
        ),
        # member -> non-member
        row(
            "03", previous_member=True, elected_name="C", elected_member=False, candidates=2, electorate=100, present=49
        ),
        # no winner yet: 159 of 361 (44.04 %)
        row("04", stage="no_winner", previous_member=False, candidates=1, electorate=361, present=314),
        # no outgoing leader on record
        row("05", stage="preparing", candidates=0),
    ]
    g = measure_goals(rows)
    assert (g.candidates, g.candidates_members) == (6, 2)
    assert g.candidates_members_pct == Decimal("33.33")
    assert (g.elected, g.elected_members, g.elected_members_pct) == (3, 2, Decimal("66.67"))
    assert (g.previous, g.previous_members, g.previous_members_pct) == (4, 2, Decimal("50.00"))
    assert (g.compared, g.moved_to_member, g.moved_to_non_member, g.stayed_member, g.stayed_non_member) == (
        3,
        1,
        1,
        1,
        0,
    )
    assert (g.first_vote, g.after_revote, g.no_winner_yet) == (2, 1, 1)
    assert (g.present, g.electorate) == (773, 1022)
    assert g.turnout == Decimal("75.64")
    buckets = dict(g.turnout_buckets)
    assert buckets["< 50 %"] == 1 and buckets["80-90 %"] == 2 and buckets["50-60 %"] == 1
    chart = g.chart_data()
    assert chart["members"]["counts"][2] == [2, 3]
    assert chart["votes"]["counts"] == [2, 1, 1]


def test_summary_and_cells():
    rows = [
        row(
            "01",
            overdue=True,
            stage="elected",
            elected_name="A",
            complaints_open=2,
            quorum=True,
            present=5,
            electorate=8,
        ),
        row(
            "02",
            cell_id=2,
            cell_name="Chi bộ 2",
            candidates_pending=1,
            candidates=1,
            quorum=False,
            present=3,
            electorate=8,
        ),
        row("03", cell_id=None, cell_name="", stage="planned"),
    ]
    s = summarise(rows)
    assert (s.groups, s.overdue, s.elected, s.recognised) == (3, 1, 1, 1)
    assert (s.complaints_open, s.groups_with_open_complaints, s.groups_with_pending) == (2, 1, 1)
    assert (s.quorum_reached, s.quorum_missed, s.present, s.electorate) == (1, 1, 8, 16)
    assert s.reports_none == 3
    assert {v: n for v, _l, n in s.stages}["planned"] == 1
    cells = by_cell(rows)
    assert [c.cell_id for c in cells] == [1, 2, None]
    assert cells[0].turnout == Decimal("62.50")
