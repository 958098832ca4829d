"""The 403 and 404 pages say why, in Vietnamese, without naming the page or the group behind the address."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.conference.day import election_with_register, schedule, team_user

pytestmark = pytest.mark.django_db


def test_a_page_of_another_role_answers_403_saying_so_without_naming_it(client_for, make_user):
    group_election = election_with_register(households=2)
    response = client_for(make_user(Role.TEAM_MEMBER, group=group_election.group)).get(
        reverse("candidates:nominate", args=[group_election.pk])
    )
    body = response.content.decode()
    assert response.status_code == 403
    assert "Trang này thuộc địa bàn hoặc nhiệm vụ khác" in body
    assert "Bạn đang đăng nhập với vai trò: Thành viên Tổ bầu cử" in body
    assert "Giới thiệu người ứng cử" not in body  # the page itself is not named


def test_a_group_outside_ones_area_answers_404_that_says_it_may_be_someone_elses(client_for):
    mine = election_with_register(households=2)
    theirs = election_with_register(households=2, campaign=mine.campaign)
    conference = schedule(theirs)
    response = client_for(team_user(mine.group)).get(reverse("conference:checkin", args=[conference.pk]))
    body = response.content.decode()
    assert response.status_code == 404
    assert "hoặc thuộc tổ dân phố ngoài phạm vi tài khoản của bạn được xem" in body
    assert theirs.group.name not in body  # nothing tells which group the address belongs to
