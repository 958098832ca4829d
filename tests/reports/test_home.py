"""Each role lands on its own tasks, each linked to the page that does it, and that page opens."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from elections.candidates.models import Complaint
from elections.conference.models import TeamMember
from elections.count.services.seal import count_seal
from elections.count.services.tally import tally_submit
from elections.models import DifficultyReport
from reports.selectors.home import home_for
from tests.candidates.factories import CandidateFactory, ComplaintFactory
from tests.conference.countkit import DAY, Day, fast_passwords  # noqa: F401
from tests.elections.conftest import build_ward
from tests.factories import GroupElectionFactory, HouseholdFactory, ResidentFactory, user_with_role

pytestmark = pytest.mark.django_db


def _tasks(user, key: str) -> list:
    [section] = [s for s in home_for(user, today=datetime.date(2021, 1, 10)).sections if s.key == key]
    return section.tasks


def _opens(client, user, task) -> None:
    client.force_login(user)
    assert client.get(task.url).status_code == 200, task.url


def test_every_role_lands_on_its_home_after_login(ward, client):
    hx = build_ward(ward)
    for user in (hx.official, hx.front, hx.chairman, hx.member, hx.inspection, hx.secretary, hx.team):
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200, user.role
        assert response.templates[0].name == "reports/home.html"
    admin = user_with_role(Role.ADMIN, is_staff=True, is_superuser=True)
    admin.ward = None
    admin.save(update_fields=["ward"])
    client.force_login(admin)
    assert client.get("/")["Location"] == reverse("admin:index")


def test_sections_follow_what_each_role_does(ward):
    hx = build_ward(ward)

    def keys(user):
        return [s.key for s in home_for(user).sections]

    assert keys(hx.team) == ["election_day"]
    assert keys(hx.chairman) == ["decisions", "difficulties"]
    assert keys(hx.inspection) == ["complaints"]
    assert keys(hx.secretary) == ["candidates", "term_reports"]
    assert keys(hx.member) == ["late_groups", "difficulties"]
    assert {"election_day", "complaints", "candidates", "term_reports", "late_groups", "difficulties"} <= set(
        keys(hx.official)
    )


def test_cell_secretary_is_asked_to_nominate_and_write_reports_of_their_groups_only(ward, client):
    hx = build_ward(ward)
    tasks = _tasks(hx.secretary, "term_reports")
    assert [t.url for t in tasks] == [
        reverse("termreports:edit", args=[ge.pk])
        for ge in hx.campaign.group_elections.filter(group__code__in=["01", "02"]).order_by("group__code")
    ]
    nominations = _tasks(hx.secretary, "candidates")
    assert {t.text for t in nominations} == {"Giới thiệu người ứng cử cho Tổ dân phố 1",
                                              "Giới thiệu người ứng cử cho Tổ dân phố 2"}  # fmt: skip
    for task in tasks + nominations:
        _opens(client, hx.secretary, task)


def test_committee_member_sees_difficulties_of_their_area_only(ward, client):
    hx = build_ward(ward)
    mine = DifficultyReport.objects.create(campaign=hx.campaign, group=hx.groups["01"], reported_by=hx.member,
                                           title="Thiếu loa", description="x")  # fmt: skip
    DifficultyReport.objects.create(campaign=hx.campaign, group=hx.groups["03"], reported_by=hx.member,
                                    title="Mưa lớn", description="x")  # fmt: skip
    [task] = _tasks(hx.member, "difficulties")
    assert task.url == reverse("elections:difficulty_detail", args=[mine.pk])
    _opens(client, hx.member, task)
    assert len(_tasks(hx.official, "difficulties")) == 2
    _opens(client, hx.official, task)


def test_inspection_committee_lands_on_its_open_complaints(ward, client):
    ge = GroupElectionFactory(campaign__ward=ward, campaign__is_current=True)
    member = ResidentFactory(household=HouseholdFactory(group=ge.group), party_member=True)
    complaint = ComplaintFactory(candidate=CandidateFactory(group_election=ge, resident=member),
                                 handler=Complaint.Handler.INSPECTION, due_on=datetime.date(2021, 1, 5))  # fmt: skip
    ComplaintFactory(candidate=CandidateFactory(group_election=ge), handler=Complaint.Handler.WARD)
    inspection = user_with_role(Role.INSPECTION, ward=ward)
    [task] = _tasks(inspection, "complaints")
    assert task.url == reverse("candidates:complaint", args=[complaint.pk]) and task.urgent
    _opens(client, inspection, task)


def test_team_checks_in_then_counts_and_the_chairman_issues_the_decision(client):
    day = Day(electorate=361, present=340)
    [task] = _tasks(day.member_a, "election_day")
    assert task.url == reverse("count:count_entry", args=[day.conference.pk])
    _opens(client, day.member_a, task)
    data = day.data((200, 120))
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    count_seal(conference=day.conference, actor=day.head, witness_1=day.elector(1), witness_2=day.elector(2),
               count_ended_at=DAY + datetime.timedelta(hours=3))  # fmt: skip
    chairman = day.official(Role.CHAIRMAN)
    [task] = _tasks(chairman, "decisions")
    assert task.url == reverse("count:decision_create", args=[day.group_election.pk])
    assert "Nguyễn Văn An" in task.text
    _opens(client, chairman, task)


def test_a_scheduled_sitting_asks_the_team_to_check_voters_in(client):
    day = Day()
    day.conference.status = "open"
    day.conference.save(update_fields=["status"])
    # Check-in rights come from a place on the group's election team (not from the count board).
    TeamMember.objects.create(group_election=day.group_election, full_name="Lê Thị Một", user=day.member_a)
    [task] = _tasks(day.member_a, "election_day")
    assert task.url == reverse("conference:checkin", args=[day.conference.pk])
    _opens(client, day.member_a, task)


def test_the_home_takes_a_bounded_number_of_queries(ward, client, django_assert_max_num_queries):
    hx = build_ward(ward, n_groups=6)
    client.force_login(hx.official)
    client.get("/")
    with django_assert_max_num_queries(60):
        assert client.get("/").status_code == 200
