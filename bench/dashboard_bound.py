"""The hand-written SQL bound of the dashboard: one statement computing its figures, for the ward and by cell.

CTEs build one row per group election (candidates, complaints, term report, latest held sitting with its
count, difficulties, outgoing leader, overdue); the last SELECT aggregates them with GROUPING SETS
((cell), ()) on PostgreSQL, and the same two groupings joined by UNION ALL on SQLite. The deadline rules
(working days, holidays) are not SQL: the few cut-off dates they imply for today are computed first and
passed as parameters, which is what a hand-written report would do.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from django.db import connection
from django.utils import timezone

from elections.models import Campaign, Stage
from elections.rules import add_working_days
from reports.selectors.facts import stage_calendar

STAGES = list(Stage.values)
REPORTS = ("draft", "submitted", "reviewed", "accepted")
BUCKETS = [(0, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 101)]

ROWS = """
WITH ge AS (
    SELECT e.id, e.stage, e.planned_at, e.revote_due, g.id AS group_id, g.party_cell_id AS cell
    FROM elections_groupelection e JOIN residents_residentialgroup g ON g.id = e.group_id
    WHERE e.campaign_id = %(campaign)s AND g.ward_id = %(ward)s {area}
),
cand AS (
    SELECT c.group_election_id AS id,
        SUM(CASE WHEN c.status NOT IN ('rejected', 'withdrawn') THEN 1 ELSE 0 END) AS active,
        SUM(CASE WHEN c.status = 'approved' THEN 1 ELSE 0 END) AS approved,
        SUM(CASE WHEN c.status IN ('nominated', 'under_review') THEN 1 ELSE 0 END) AS pending,
        SUM(CASE WHEN c.status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
        SUM(CASE WHEN c.status NOT IN ('rejected', 'withdrawn') AND c.party_member_at_vetting THEN 1 ELSE 0 END)
            AS members
    FROM candidates_candidate c WHERE c.group_election_id IN (SELECT id FROM ge) GROUP BY c.group_election_id
),
compl AS (
    SELECT c.group_election_id AS id, SUM(CASE WHEN k.status <> 'concluded' THEN 1 ELSE 0 END) AS open
    FROM candidates_complaint k JOIN candidates_candidate c ON c.id = k.candidate_id
    WHERE c.group_election_id IN (SELECT id FROM ge) GROUP BY c.group_election_id
),
conf AS (
    SELECT f.* FROM conference_conference f
    WHERE f.group_election_id IN (SELECT id FROM ge) AND f.status <> 'scheduled' AND NOT EXISTS (
        SELECT 1 FROM conference_conference l WHERE l.group_election_id = f.group_election_id
        AND l.status <> 'scheduled' AND l.sequence > f.sequence)
),
sit AS (
    SELECT f.group_election_id AS id, f.scheduled_at AS held_at,
        CASE WHEN f.is_revote OR f.sequence > 1 THEN 1 ELSE 0 END AS revote,
        COALESCE(k.electorate, f.electorate_size) AS electorate,
        COALESCE(k.present, NULLIF(f.present_at_vote, 0), NULLIF(f.head_count, 0),
            (SELECT NULLIF(COUNT(*), 0) FROM conference_attendance a WHERE a.conference_id = f.id)) AS present,
        k.elected_id, CASE WHEN w.party_member_at_vetting THEN 1 ELSE 0 END AS elected_member
    FROM conf f LEFT JOIN conference_count k ON k.conference_id = f.id
    LEFT JOIN candidates_candidate w ON w.id = k.elected_id
),
diff AS (
    SELECT d.group_id, COUNT(*) AS n FROM elections_difficultyreport d
    WHERE d.campaign_id = %(campaign)s AND d.status <> 'resolved' AND d.group_id IN (SELECT group_id FROM ge)
    GROUP BY d.group_id
),
prev AS (
    SELECT t.group_id, MAX(CASE WHEN t.was_party_member THEN 1 ELSE 0 END) AS member FROM residents_leaderterm t
    WHERE t.term_label = %(previous)s AND t.group_id IN (SELECT group_id FROM ge) GROUP BY t.group_id
),
facts AS (
    SELECT ge.cell, ge.stage, COALESCE(cand.active, 0) AS active, COALESCE(cand.approved, 0) AS approved,
        COALESCE(cand.pending, 0) AS pending, COALESCE(cand.rejected, 0) AS rejected,
        COALESCE(cand.members, 0) AS members, COALESCE(compl.open, 0) AS open, rep.status AS report,
        sit.id AS sat, sit.electorate, sit.present, sit.revote, sit.elected_id, sit.elected_member,
        CASE WHEN sit.present IS NOT NULL AND sit.electorate > 0 THEN 1 ELSE 0 END AS counted,
        CASE WHEN sit.present IS NOT NULL AND sit.electorate > 0
            THEN (2 * sit.present * 10000 + sit.electorate) / (2 * sit.electorate) END AS turnout,
        COALESCE(diff.n, 0) AS difficulties, prev.member AS prev,
        CASE
            WHEN ge.stage IN ('planned', 'preparing') THEN %(list_late)s
            WHEN ge.stage = 'list_approved' THEN %(posting_late)s
            WHEN ge.stage IN ('lists_posted', 'conference_held', 'counted') THEN
                CASE WHEN ge.planned_at IS NULL THEN %(day_late)s
                     WHEN ge.planned_at < %(today_start)s THEN 1 ELSE 0 END
            WHEN ge.stage = 'elected' THEN
                CASE WHEN COALESCE(sit.held_at, ge.planned_at) IS NULL THEN %(day_recognition_late)s
                     WHEN COALESCE(sit.held_at, ge.planned_at) < %(recognition_cutoff)s THEN 1 ELSE 0 END
            WHEN ge.stage IN ('no_winner', 'revote_scheduled') THEN
                CASE WHEN ge.revote_due IS NOT NULL THEN CASE WHEN ge.revote_due < %(today)s THEN 1 ELSE 0 END
                     WHEN COALESCE(sit.held_at, ge.planned_at) IS NULL THEN %(day_revote_late)s
                     WHEN COALESCE(sit.held_at, ge.planned_at) < %(revote_cutoff)s THEN 1 ELSE 0 END
            ELSE 0 END AS overdue
    FROM ge LEFT JOIN cand ON cand.id = ge.id LEFT JOIN compl ON compl.id = ge.id
    LEFT JOIN termreports_termreport rep ON rep.group_election_id = ge.id LEFT JOIN sit ON sit.id = ge.id
    LEFT JOIN diff ON diff.group_id = ge.group_id LEFT JOIN prev ON prev.group_id = ge.group_id
)
"""


def _select() -> str:
    def n(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    elected = "elected_id IS NOT NULL"
    figures = "present IS NOT NULL AND electorate IS NOT NULL"
    member = f"{elected} AND elected_member = 1"
    columns = {
        "groups": "COUNT(*)",
        "overdue": "SUM(overdue)",
        **{f"stage_{s}": n(f"stage = '{s}'") for s in STAGES},
        "candidates": "SUM(active)",
        "candidates_approved": "SUM(approved)",
        "candidates_pending": "SUM(pending)",
        "candidates_rejected": "SUM(rejected)",
        "candidates_members": "SUM(members)",
        "groups_without_candidates": n("active = 0"),
        "groups_with_pending": n("pending > 0"),
        "complaints_open": "SUM(open)",
        "groups_with_open_complaints": n("open > 0"),
        **{f"report_{s}": n(f"report = '{s}'") for s in REPORTS},
        "reports_none": n("report IS NULL"),
        "conferences_held": n("sat IS NOT NULL"),
        "quorum_reached": n(f"{figures} AND present * %(q_den)s > electorate * %(q_num)s"),
        "quorum_missed": n(f"{figures} AND present * %(q_den)s <= electorate * %(q_num)s"),
        "present": "COALESCE(SUM(CASE WHEN counted = 1 THEN present END), 0)",
        "electorate": "COALESCE(SUM(CASE WHEN counted = 1 THEN electorate END), 0)",
        "elected": n(elected),
        "elected_members": n(member),
        "after_revote": n(f"{elected} AND revote = 1"),
        "no_winner_yet": n("elected_id IS NULL AND stage IN ('no_winner', 'revote_scheduled')"),
        "difficulties_open": "SUM(difficulties)",
        "groups_with_difficulties": n("difficulties > 0"),
        "previous": n("prev IS NOT NULL"),
        "previous_members": n("prev = 1"),
        "compared": n(f"{elected} AND prev IS NOT NULL"),
        "moved_to_member": n(f"{member} AND prev = 0"),
        "moved_to_non_member": n(f"{elected} AND elected_member = 0 AND prev = 1"),
        **{f"turnout_{low}": n(f"turnout >= {low * 100} AND turnout < {high * 100}") for low, high in BUCKETS},
    }
    return ", ".join(f"{expression} AS {name}" for name, expression in columns.items())


def _cutoffs(campaign: Campaign, today: datetime.date) -> dict:
    """Today's cut-off dates of the deadline rules, as parameters of the statement."""
    rules = campaign.legal_profile.rules()
    calendar = stage_calendar(campaign, rules)
    adapt = connection.ops.adapt_datetimefield_value

    def start(day: datetime.date):
        return adapt(timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)))

    # The latest conference day whose recognition deadline (working days after it) is already past.
    last = today
    while add_working_days(last, rules.recognition_working_days) >= today:
        last -= datetime.timedelta(days=1)
    revote_last = today - datetime.timedelta(days=rules.revote_within_days + 1)
    election_day = campaign.election_day
    return {
        "today": connection.ops.adapt_datefield_value(today),
        "today_start": start(today),
        "list_late": int(calendar["candidate_list"][1] is not None and calendar["candidate_list"][1] < today),
        "posting_late": int(calendar["posting"][1] is not None and calendar["posting"][1] < today),
        "day_late": int(election_day < today),
        "recognition_cutoff": start(last + datetime.timedelta(days=1)),
        "day_recognition_late": int(election_day <= last),
        "revote_cutoff": start(revote_last + datetime.timedelta(days=1)),
        "day_revote_late": int(election_day <= revote_last),
    }


def bound_figures(*, ward, campaign: Campaign, user=None, today: datetime.date | None = None) -> dict:
    """The figures of the whole ward, or of a committee member's area (`user`), in one statement."""
    today = today or timezone.localdate()
    quorum = Fraction(campaign.legal_profile.rules().quorum_percent)
    params = {
        "campaign": campaign.pk,
        "ward": ward.pk,
        "previous": campaign.previous_term_label or "",
        "user": user.pk if user else None,
        "q_num": quorum.numerator,
        "q_den": quorum.denominator * 100,
        **_cutoffs(campaign, today),
    }
    area = (
        "AND g.id IN (SELECT a.residentialgroup_id FROM accounts_user_assigned_groups a WHERE a.user_id = %(user)s)"
        if user
        else ""
    )
    select = _select()  # built from constants of this module only: no user text reaches the SQL
    if connection.vendor == "postgresql":
        tail = f"SELECT cell, GROUPING(cell) AS total, {select} FROM facts GROUP BY GROUPING SETS ((cell), ())"  # noqa: S608
    else:
        tail = f"SELECT cell, 0 AS total, {select} FROM facts GROUP BY cell UNION ALL "  # noqa: S608
        tail += f"SELECT NULL, 1, {select} FROM facts"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(ROWS.format(area=area) + tail, params)
        names = [c[0] for c in cursor.description]
        lines = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    total = next(line for line in lines if line["total"])
    figures = {k: int(v or 0) for k, v in total.items() if k not in ("cell", "total")}
    figures["cells"] = sum(1 for line in lines if not line["total"])
    return figures


def shown_figures(data) -> dict:
    """The same figures as the dashboard shows them (reports.selectors.dashboard.Dashboard)."""
    s, g = data.summary, data.goals
    figures = {
        "groups": s.groups,
        "overdue": s.overdue,
        **{f"stage_{value}": count for value, _label, count in s.stages},
        "candidates": s.candidates,
        "candidates_approved": s.candidates_approved,
        "candidates_pending": s.candidates_pending,
        "candidates_rejected": s.candidates_rejected,
        "candidates_members": g.candidates_members,
        "groups_without_candidates": s.groups_without_candidates,
        "groups_with_pending": s.groups_with_pending,
        "complaints_open": s.complaints_open,
        "groups_with_open_complaints": s.groups_with_open_complaints,
        **{f"report_{status}": s.reports[status] for status in REPORTS},
        "reports_none": s.reports_none,
        "conferences_held": s.conferences_held,
        "quorum_reached": s.quorum_reached,
        "quorum_missed": s.quorum_missed,
        "present": s.present,
        "electorate": s.electorate,
        "elected": s.elected,
        "elected_members": g.elected_members,
        "after_revote": g.after_revote,
        "no_winner_yet": g.no_winner_yet,
        "difficulties_open": s.difficulties_open,
        "groups_with_difficulties": s.groups_with_difficulties,
        "previous": g.previous,
        "previous_members": g.previous_members,
        "compared": g.compared,
        "moved_to_member": g.moved_to_member,
        "moved_to_non_member": g.moved_to_non_member,
        **{f"turnout_{low}": count for (low, _high), (_label, count) in zip(BUCKETS, g.turnout_buckets, strict=True)},
        "cells": data.cells_total,
    }
    return figures
