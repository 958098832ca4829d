"""The frozen electorate, check-in at the door, the quorum indicator."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections.conference import selectors
from elections.conference.models import Attendance, Conference, Elector
from elections.conference.services.checkin import (
    attendance_mark,
    attendance_undo,
    conference_set_head_count,
    electorate_freeze,
)
from elections.conference.workflow_hooks import freeze_electorate
from elections.models import Stage
from tests.conference.day import bulk_electorate, election_with_register, schedule, team_user
from tests.factories import GroupElectionFactory, HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db

# A check-in from the phone (htmx): the session, the user, then one query for the sitting in the user's scope,
# the place on its team, the elector and its check-in, the numbers checked in and on the list; then the row and
# its audit entry. The answer (the row, the quorum, the recent list's new line) reads nothing more.
QUERIES_PER_CHECK_IN = 5
# Not queries but counted by Django: the savepoint the service's write block opens (and releases) inside the
# test's own transaction (in production, on SQLite, a BEGIN IMMEDIATE; on PostgreSQL, nothing).
TRANSACTION_STATEMENTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN")


def test_electorate_is_frozen_from_the_register_one_line_per_household():
    group_election = election_with_register(households=4)
    electors = list(Elector.objects.filter(group_election=group_election))
    assert len(electors) == 4
    assert {e.household_number for e in electors} == {"001", "002", "003", "004"}
    assert all(e.resident_id and e.household_id for e in electors)
    assert {e.name_folded for e in electors} >= {"nguyen van a", "tran thi binh"}
    # Later changes to the register do not change the frozen list; freezing again is a no-op.
    ResidentFactory(household=HouseholdFactory(group=group_election.group, number="099"))
    assert electorate_freeze(group_election=group_election, actor=None) == 4
    assert Elector.objects.filter(group_election=group_election).count() == 4


def test_the_lists_posted_hook_freezes_the_electorate():
    group_election = GroupElectionFactory(
        stage=Stage.LISTS_POSTED, campaign=election_with_register(households=0).campaign
    )
    for number in ("01", "02", "03"):
        household = HouseholdFactory(group=group_election.group, number=number)
        ResidentFactory(household=household)
        ResidentFactory(household=household, birth_date="2010-01-01")  # a minor is no voter
    freeze_electorate(group_election=group_election, actor=None)
    assert Elector.objects.filter(group_election=group_election).count() == 3


@pytest.mark.parametrize(("present", "reached"), [(180, False), (181, True)])
def test_quorum_boundary_on_361_households(present, reached):
    group_election = election_with_register(households=0)
    bulk_electorate(group_election, 361)
    conference = schedule(group_election)
    electors = Elector.objects.filter(group_election=group_election).order_by("number")[:present]
    Attendance.objects.bulk_create(Attendance(conference=conference, elector=e) for e in electors)
    status = selectors.quorum_status(conference)
    assert (status.present, status.electorate, status.reached, status.needed) == (present, 361, reached, 181)
    assert str(status.percent) == ("49.86" if present == 180 else "50.14")


def test_quorum_minimum_even_electorate():
    from decimal import Decimal

    assert selectors.quorum_minimum(electorate=360, percent=Decimal("50")) == 181
    assert selectors.quorum_minimum(electorate=1, percent=Decimal("50")) == 1


def test_search_is_accent_insensitive_and_finds_household_numbers():
    group_election = election_with_register(households=6)
    conference = schedule(group_election)
    found = selectors.elector_search(conference, "nguyen van a")
    assert [e.full_name for e in found] == ["Nguyễn Văn A"]
    assert [e.full_name for e in selectors.elector_search(conference, "NGUYEN a")] == ["Nguyễn Văn A"]
    assert [e.full_name for e in selectors.elector_search(conference, "duc")] == ["Hoàng Văn Đức"]
    assert [e.household_number for e in selectors.elector_search(conference, "3")] == ["003"]
    assert [e.household_number for e in selectors.elector_search(conference, "003")] == ["003"]
    assert selectors.elector_search(conference, "xyz") == []
    assert selectors.elector_search(conference, "  ") == []


def test_double_tap_never_duplicates():
    group_election = election_with_register(households=3)
    conference = schedule(group_election)
    elector = Elector.objects.filter(group_election=group_election).first()
    first, created_first = attendance_mark(conference=conference, elector=elector, actor=None)
    second, created_second = attendance_mark(conference=conference, elector=elector, actor=None)
    assert created_first and not created_second and first.pk == second.pk
    assert Attendance.objects.filter(conference=conference).count() == 1
    assert attendance_undo(conference=conference, elector=elector, actor=None) is True
    assert attendance_undo(conference=conference, elector=elector, actor=None) is False
    assert Attendance.objects.filter(conference=conference).count() == 0


def test_elector_of_another_group_is_refused():
    conference = schedule(election_with_register(households=2))
    other = Elector.objects.filter(group_election=election_with_register(households=1)).first()
    with pytest.raises(DomainError):
        attendance_mark(conference=conference, elector=other, actor=None)


def test_head_count_replaces_check_ins_and_is_bounded():
    group_election = election_with_register(households=5)
    conference = schedule(group_election)
    conference_set_head_count(conference=conference, actor=None, head_count=3)
    conference.refresh_from_db()
    assert selectors.quorum_status(conference).present == 3
    assert selectors.quorum_status(conference).reached is True
    with pytest.raises(DomainError) as excinfo:
        conference_set_head_count(conference=conference, actor=None, head_count=6)
    assert "6" in excinfo.value.messages[0] and "5" in excinfo.value.messages[0]
    conference_set_head_count(conference=conference, actor=None, head_count=None)
    conference.refresh_from_db()
    assert selectors.quorum_status(conference).present == 0


def test_check_in_is_closed_once_the_vote_is_open():
    group_election = election_with_register(households=2)
    conference = schedule(group_election)
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.VOTING)
    conference.refresh_from_db()
    with pytest.raises(DomainError):
        attendance_mark(conference=conference, elector=Elector.objects.first(), actor=None)


# ------------------------------------------------------------------------- views


def _two_groups():
    ge6 = election_with_register(households=4)
    ge7 = election_with_register(households=3, campaign=ge6.campaign)
    return ge6, schedule(ge6), ge7, schedule(ge7)


def test_team_member_checks_in_own_group_but_gets_404_for_another(client_for):
    ge6, conf6, ge7, conf7 = _two_groups()
    member = team_user(ge6.group)
    client = client_for(member)
    assert client.get(reverse("conference:checkin", args=[conf6.pk])).status_code == 200
    assert client.get(reverse("conference:checkin", args=[conf7.pk])).status_code == 404
    elector7 = Elector.objects.filter(group_election=ge7).first()
    response = client.post(reverse("conference:checkin_toggle", args=[conf7.pk, elector7.pk]), {"op": "mark"})
    assert response.status_code == 404
    assert not Attendance.objects.filter(conference=conf7).exists()
    assert client.get(reverse("conference:detail", args=[conf7.pk])).status_code == 404


def test_roles_without_check_in_get_404(client_for, make_user):
    _, conf6, _, _ = _two_groups()
    for role in (Role.CHAIRMAN, Role.COMMITTEE_MEMBER, Role.INSPECTION):
        response = client_for(make_user(role)).get(reverse("conference:checkin", args=[conf6.pk]))
        assert response.status_code == 404, role


def test_htmx_search_mark_and_double_tap_through_the_view(client_for):
    ge6, conf6, _, _ = _two_groups()
    client = client_for(team_user(ge6.group))
    response = client.get(
        reverse("conference:checkin_search", args=[conf6.pk]), {"q": "nguyen van a"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Nguyễn Văn A" in response.content.decode()
    elector = Elector.objects.get(group_election=ge6, full_name="Nguyễn Văn A")
    url = reverse("conference:checkin_toggle", args=[conf6.pk, elector.pk])
    for _ in range(2):
        response = client.post(url, {"op": "mark"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    body = response.content.decode()
    assert 'hx-swap-oob="true"' in body and "1<span" in body
    assert Attendance.objects.filter(conference=conf6).count() == 1
    client.post(url, {"op": "undo"}, HTTP_HX_REQUEST="true")
    assert Attendance.objects.filter(conference=conf6).count() == 0


def test_page_without_javascript_searches_and_marks(client_for):
    ge6, conf6, _, _ = _two_groups()
    client = client_for(team_user(ge6.group))
    page = client.get(reverse("conference:checkin", args=[conf6.pk]), {"q": "binh"})
    assert "Trần Thị Bình" in page.content.decode()
    assert 'for="checkin-q"' in page.content.decode()
    elector = Elector.objects.get(group_election=ge6, full_name="Trần Thị Bình")
    response = client.post(
        reverse("conference:checkin_toggle", args=[conf6.pk, elector.pk]), {"op": "mark", "q": "binh"}
    )
    assert response.status_code == 302 and "q=binh" in response.url
    assert Attendance.objects.filter(conference=conf6, elector=elector).exists()


def test_head_count_form_refuses_more_than_the_electorate(client_for):
    ge6, conf6, _, _ = _two_groups()
    client = client_for(team_user(ge6.group))
    response = client.post(reverse("conference:checkin_head_count", args=[conf6.pk]), {"head_count": "9"})
    assert response.status_code == 400
    assert Conference.objects.get(pk=conf6.pk).head_count is None
    response = client.post(reverse("conference:checkin_head_count", args=[conf6.pk]), {"head_count": "3"})
    assert response.status_code == 302
    assert Conference.objects.get(pk=conf6.pk).head_count == 3


def test_quorum_partial_for_polling(client_for):
    ge6, conf6, _, _ = _two_groups()
    client = client_for(team_user(ge6.group))
    response = client.get(reverse("conference:checkin_quorum", args=[conf6.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'role="status"' in response.content.decode()


def test_index_query_count_does_not_grow_with_groups(client_for, make_user, django_assert_max_num_queries):
    election_with_register(households=2)
    for _ in range(4):
        ge = election_with_register(households=2)
        schedule(ge)
    client = client_for(make_user(Role.WARD_OFFICIAL))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("conference:index"))
    assert response.status_code == 200
    assert response.content.decode().count("conference/") >= 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel connections need PostgreSQL")
def test_parallel_taps_on_two_phones_give_one_row():
    group_election = election_with_register(households=2)
    conference = schedule(group_election)
    elector = Elector.objects.filter(group_election=group_election).first()
    barrier = threading.Barrier(6)
    results, errors = [], []

    def tap():
        try:
            barrier.wait()
            results.append(attendance_mark(conference=conference, elector=elector, actor=None)[1])
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results.count(True) == 1 and len(results) == 6
    assert Attendance.objects.filter(conference=conference, elector=elector).count() == 1


def test_an_exact_household_number_comes_before_the_same_list_number():
    group_election = election_with_register(households=0)
    bulk_electorate(group_election, 12)
    # List number 7 is household 012; household 007 is list number 12: "007" and "7" find household 007 first.
    Elector.objects.filter(group_election=group_election, number=7).update(household_number="012")
    Elector.objects.filter(group_election=group_election, number=12).update(household_number="007")
    conference = schedule(group_election)
    assert [(e.number, e.household_number) for e in selectors.elector_search(conference, "007")] == [
        (12, "007"),
        (7, "012"),
    ]
    assert [e.number for e in selectors.elector_search(conference, "7")] == [12, 7]


def _queries(captured) -> list[str]:
    return [q["sql"] for q in captured if not q["sql"].startswith(TRANSACTION_STATEMENTS)]


def test_marking_present_answers_the_row_the_quorum_and_the_recent_list_and_clears_the_search(client_for):
    ge6, conf6, _, _ = _two_groups()
    client = client_for(team_user(ge6.group))
    elector = Elector.objects.get(group_election=ge6, full_name="Trần Thị Bình")
    url = reverse("conference:checkin_toggle", args=[conf6.pk, elector.pk])
    client.get(reverse("conference:checkin", args=[conf6.pk]))  # session and user loaded once
    with CaptureQueriesContext(connection) as mark:
        response = client.post(url, {"op": "mark"}, HTTP_HX_REQUEST="true")
    assert len(_queries(mark.captured_queries)) == QUERIES_PER_CHECK_IN, _queries(mark.captured_queries)
    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "elector-checked-in"
    assert f'id="elector-{elector.pk}"' in body and "list-group-item-success" in body
    assert 'hx-swap-oob="afterbegin:#recent-list"' in body  # the new line on top of the recent list
    assert "Trần Thị Bình (hộ 002)" in body
    assert 'hx-swap-oob="true"' in body and "1<span" in body  # the quorum
    with CaptureQueriesContext(connection) as undo_queries:
        undo = client.post(url, {"op": "undo"}, HTTP_HX_REQUEST="true")
    assert len(_queries(undo_queries.captured_queries)) == QUERIES_PER_CHECK_IN
    assert "HX-Trigger" not in undo  # undoing keeps the search as it is
    assert "Trần Thị Bình (hộ" not in undo.content.decode()
    assert json.loads(undo["HX-Trigger-After-Swap"]) == {"check-in-undone": {"elector": elector.pk}}  # off the list
    assert "0<span" in undo.content.decode()
    page = client.get(reverse("conference:checkin", args=[conf6.pk])).content.decode()
    assert "Trần Thị Bình (hộ" not in page


def test_a_double_tap_reads_and_writes_nothing_more(client_for):
    ge6, conf6, _, _ = _two_groups()
    client = client_for(team_user(ge6.group))
    elector = Elector.objects.get(group_election=ge6, full_name="Trần Thị Bình")
    url = reverse("conference:checkin_toggle", args=[conf6.pk, elector.pk])
    client.post(url, {"op": "mark"}, HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as again:
        response = client.post(url, {"op": "mark"}, HTTP_HX_REQUEST="true")
    assert len(again.captured_queries) == 3  # session, user, the sitting with the elector: already present
    assert "recent-list" not in response.content.decode()  # no second line
    assert AuditEntry.objects.filter(event="checked_in").count() == 1


def test_ward_staff_check_in_by_role_within_the_same_queries(client_for, make_user):
    ge6, conf6, _, _ = _two_groups()
    client = client_for(make_user(Role.WARD_OFFICIAL, ward=ge6.group.ward))
    elector = Elector.objects.get(group_election=ge6, full_name="Trần Thị Bình")
    url = reverse("conference:checkin_toggle", args=[conf6.pk, elector.pk])
    client.get(reverse("conference:checkin", args=[conf6.pk]))
    with CaptureQueriesContext(connection) as mark:
        response = client.post(url, {"op": "mark"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert len(_queries(mark.captured_queries)) == QUERIES_PER_CHECK_IN
    entry = AuditEntry.objects.get(event="checked_in")
    assert (entry.group_id, entry.ward_id, entry.object_repr) == (ge6.group_id, ge6.group.ward_id, "2. Trần Thị Bình")


def test_an_elector_of_another_group_is_404_through_the_view(client_for):
    ge6, conf6, ge7, _ = _two_groups()
    client = client_for(team_user(ge6.group))
    other = Elector.objects.filter(group_election=ge7).first()
    response = client.post(reverse("conference:checkin_toggle", args=[conf6.pk, other.pk]), {"op": "mark"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()
