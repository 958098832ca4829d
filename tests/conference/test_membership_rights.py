"""Election-day rights follow membership: check-in, the head count and opening the sitting and the vote come
from a place on the group's election team; entering the count from a seat on that sitting's count board;
settling and sealing from the head's seat. Never from the group named on the account. A person removed from
the team or the board is refused at once, with 403 and a Vietnamese reason, and nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.access import Action, can, can_at_sitting
from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections.conference.models import Attendance, Conference, CountBoardMember, Elector, TeamRole
from elections.conference.services.board import count_board_member_remove
from elections.conference.services.checkin import attendance_mark, conference_set_head_count
from elections.conference.services.conference import conference_open
from elections.conference.services.team import team_member_add, team_member_remove
from elections.count.models import TallyEntry
from elections.count.services.tally import tally_submit
from tests.conference.countkit import Day, fast_passwords  # noqa: F401
from tests.conference.day import election_with_register, schedule, team_user
from tests.factories import CampaignFactory, GroupElectionFactory, user_with_role

pytestmark = pytest.mark.django_db

REMOVED_FROM_TEAM = "không còn trong Tổ bầu cử"
NOT_ON_BOARD = "không có tên trong Ban kiểm phiếu"


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def sitting():
    """A scheduled sitting of a group with its electorate, an official, and a member placed on the team."""
    group_election = election_with_register(households=4)
    conference = schedule(group_election)
    official = user_with_role(Role.WARD_OFFICIAL, ward=group_election.group.ward)
    member_user = team_user(group_election.group, seated=False)
    place = team_member_add(
        group_election=group_election,
        actor=official,
        role=TeamRole.MEMBER,
        full_name="Phan Văn Tý",
        affiliation="Đại diện cử tri",
        user=member_user,
    )
    return group_election, conference, official, member_user, place


def _writes(conference) -> tuple[int, int, int | None, str]:
    conference = Conference.objects.get(pk=conference.pk)
    return AuditEntry.objects.count(), Attendance.objects.count(), conference.head_count, conference.status


def test_a_member_removed_from_the_team_is_refused_at_once(client_for, sitting):
    group_election, conference, official, member_user, place = sitting
    client = client_for(member_user)
    checkin = reverse("conference:checkin", args=[conference.pk])
    assert client.get(checkin).status_code == 200
    assert can(member_user, Action.CHECK_IN, group_election.group)

    team_member_remove(member=place, actor=official)

    assert not can(member_user, Action.CHECK_IN, group_election.group)
    page = client.get(checkin)
    assert page.status_code == 403
    assert REMOVED_FROM_TEAM in _text(page)
    elector = Elector.objects.filter(group_election=group_election).first()
    before = _writes(conference)
    for name, args, data in [
        ("conference:checkin_toggle", [conference.pk, elector.pk], {"op": "mark"}),
        ("conference:checkin_head_count", [conference.pk], {"head_count": "3"}),
        ("conference:open", [conference.pk], {}),
        ("conference:open_vote", [conference.pk], {"voting_method": "secret"}),
    ]:
        response = client.post(reverse(name, args=args), data)
        assert response.status_code == 403, name
        assert REMOVED_FROM_TEAM in _text(response), name
    assert _writes(conference) == before
    # The conference page itself stays readable (it is their group), without the controls of the sitting.
    detail = client.get(reverse("conference:detail", args=[conference.pk]))
    assert detail.status_code == 200
    assert reverse("conference:open", args=[conference.pk]) not in _text(detail)


def test_the_services_refuse_a_removed_member_too(sitting):
    group_election, conference, official, member_user, place = sitting
    team_member_remove(member=place, actor=official)
    elector = Elector.objects.filter(group_election=group_election).first()
    before = _writes(conference)
    for attempt in (
        lambda: attendance_mark(conference=conference, elector=elector, actor=member_user),
        lambda: conference_set_head_count(conference=conference, actor=member_user, head_count=3),
        lambda: conference_open(conference=conference, actor=member_user),
    ):
        with pytest.raises(DomainError, match=REMOVED_FROM_TEAM):
            attempt()
    assert _writes(conference) == before


def test_the_group_on_the_account_gives_no_right_without_a_place(client_for, sitting):
    """An election-team account of the group that was never placed on its team: 403, nothing written."""
    group_election, conference, official, _member, _place = sitting
    unplaced = team_user(group_election.group, seated=False)
    client = client_for(unplaced)
    assert client.get(reverse("conference:checkin", args=[conference.pk])).status_code == 403
    before = _writes(conference)
    assert client.post(reverse("conference:open", args=[conference.pk])).status_code == 403
    assert _writes(conference) == before
    # A ward official keeps these rights by role (a sitting is also recorded from its paper minutes).
    assert client_for(official).get(reverse("conference:checkin", args=[conference.pk])).status_code == 200


def test_a_place_on_another_election_of_the_group_does_not_count(sitting):
    """The place must be on this sitting's group election (a team of an earlier term gives nothing)."""
    group_election, conference, _official, _member, _place = sitting
    earlier = GroupElectionFactory(
        campaign=CampaignFactory(ward=group_election.group.ward, label="2018-2020", is_current=False),
        group=group_election.group,
    )
    stale = team_user(group_election.group, seated=False)
    team_member_add(group_election=earlier, actor=None, role=TeamRole.MEMBER, full_name="Trần Văn Cũ", user=stale)
    assert not can_at_sitting(stale, Action.CHECK_IN, conference)


def test_count_rights_come_from_the_sittings_board(client_for):
    day = Day()
    entry = reverse("count:count_entry", args=[day.conference.pk])
    data = day.data((200, 100))
    # A team account of the group, not on the board: refused (no longer "any account of the group").
    outsider = day.team_user()
    response = client_for(outsider).get(entry)
    assert response.status_code == 403
    assert NOT_ON_BOARD in _text(response)
    with pytest.raises(DomainError, match=NOT_ON_BOARD):
        tally_submit(conference=day.conference, actor=outsider, data=data)
    assert not TallyEntry.objects.exists()
    # A member may enter; only the head settles and seals.
    assert client_for(day.member_a).get(entry).status_code == 200
    compare = reverse("count:count_compare", args=[day.conference.pk])
    assert client_for(day.member_a).get(compare).status_code == 403
    assert client_for(day.head).get(compare).status_code == 200


def test_a_member_removed_from_the_board_is_refused_at_once(client_for):
    day = Day()
    # The board changes only before the vote: remove the member while the sitting is open.
    Conference.objects.filter(pk=day.conference.pk).update(status=Conference.Status.OPEN)
    seat = CountBoardMember.objects.get(conference=day.conference, user=day.member_a)
    count_board_member_remove(member=seat, actor=day.official())
    Conference.objects.filter(pk=day.conference.pk).update(status=Conference.Status.VOTING)
    day.conference.refresh_from_db()

    client = client_for(day.member_a)
    entry = reverse("count:count_entry", args=[day.conference.pk])
    entries = AuditEntry.objects.count()
    response = client.post(entry, day.form_data(day.data((200, 100))))
    assert response.status_code == 403
    assert NOT_ON_BOARD in _text(response)
    assert not TallyEntry.objects.exists()
    assert AuditEntry.objects.count() == entries
    # The one still seated enters as before.
    assert client_for(day.member_b).get(entry).status_code == 200
