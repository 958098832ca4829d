"""The public results page (no login, cached, rate-limited, a ward can turn it off) and the hall's screen
(a signed, expiring link; live quorum, then the sealed result)."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from elections.conference.models import Attendance, Conference
from publicview.services import hall_link_create
from tests.candidates.factories import ComplaintFactory
from tests.conference.countkit import Day, fast_passwords  # noqa: F401
from tests.factories import GroupElectionFactory, ResidentialGroupFactory, user_with_role
from tests.publicview.kit import sealed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _text(response) -> str:
    return response.content.decode()


def test_public_results_show_stages_and_sealed_figures_and_no_personal_data(client):
    day = Day(electorate=361, present=314)
    sealed(day, (200, 110))
    campaign = day.group_election.campaign
    other = GroupElectionFactory(campaign=campaign, group=ResidentialGroupFactory(ward=day.ward, name="Tổ dân phố 2"))
    ComplaintFactory(
        candidate=day.second, complainant_name="Người Gửi Qxz", content="Phản ánh Qxz", received_by=day.official()
    )
    response = client.get(reverse("publicview:results", args=[campaign.pk]))
    assert response.status_code == 200
    text = _text(response)
    assert day.group.name in text and other.group.name in text
    assert "Nguyễn Văn An" in text and "200" in text and "55,40" in text
    assert "361" in text and "314" in text
    assert "Qxz" not in text
    for elector_name in ("Cử tri 1<", "Cử tri 2<"):
        assert elector_name not in text  # the witnesses (electors) are never shown
    for resident in (day.first.resident, day.second.resident):
        assert resident.household.address not in text or not resident.household.address
        assert resident.birth_date.strftime("%d/%m/%Y") not in text


def test_public_results_are_cached_in_a_fixed_number_of_queries(client):
    day = Day()
    sealed(day, (200, 110))
    url = reverse("publicview:results", args=[day.group_election.campaign.pk])
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    assert len(first) <= 8
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second) == 0, second.captured_queries  # served from the cache: a crowd does not reach the database


def test_a_ward_official_turns_the_page_off_and_it_is_audited(client):
    day = Day()
    campaign = day.group_election.campaign
    url = reverse("publicview:results", args=[campaign.pk])
    assert client.get(url).status_code == 200
    official = user_with_role(Role.WARD_OFFICIAL, ward=day.ward)
    client.force_login(official)
    settings_url = reverse("publicview:settings", args=[campaign.pk])
    assert client.get(settings_url).status_code == 200
    client.post(settings_url, {"enabled": "0"})
    client.logout()
    assert client.get(url).status_code == 404
    assert url not in _text(client.get(reverse("publicview:results_index")))
    assert AuditEntry.objects.filter(event="public_results_turned_off").count() == 1
    # a cell secretary may not turn it back on
    client.force_login(user_with_role(Role.CELL_SECRETARY, ward=day.ward))
    assert client.post(settings_url, {"enabled": "1"}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_crowd_from_one_address_is_refused_with_429(client, settings):
    settings.PUBLIC_RATE_LIMIT = 5
    day = Day()
    url = reverse("publicview:results", args=[day.group_election.campaign.pk])
    statuses = [client.get(url).status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200  # another address is not held up
    assert client.get(reverse("publicview:verify", args=["0" * 64])).status_code == 200  # its own allowance


# ---------------------------------------------------------------- the hall's screen


def test_an_official_creates_the_hall_link_and_the_screen_follows_check_ins(client):
    day = Day(electorate=10, present=0)
    conference = day.conference
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.OPEN, present_at_vote=None)
    official = user_with_role(Role.WARD_OFFICIAL, ward=day.ward)
    client.force_login(official)
    response = client.post(reverse("publicview:hall_link", args=[conference.pk]))
    assert response.status_code == 200
    url = response.context["url"]
    assert AuditEntry.objects.filter(event="hall_screen_link_created").count() == 1
    client.logout()
    path = url.split("127.0.0.1:8000", 1)[-1]
    screen = client.get(path)
    assert screen.status_code == 200
    assert 'hx-trigger="every 3s"' in _text(screen)
    assert 'data-present="0"' in _text(screen)
    from elections.conference.models import Elector

    for elector in Elector.objects.filter(group_election=day.group_election)[:6]:
        Attendance.objects.create(conference=conference, elector=elector)
    live = client.get(path + "live/")
    assert 'data-present="6"' in _text(live)
    assert "60,00" in _text(live) or "60.00" in _text(live)
    assert "Cử tri" not in _text(live)


def test_the_hall_screen_shows_the_result_once_sealed(client):
    day = Day(electorate=361, present=314)
    token, _expires = hall_link_create(conference=day.conference, actor=day.official())
    sealed(day, (200, 110))
    text = _text(client.get(reverse("publicview:hall_live", args=[token])))
    assert "Nguyễn Văn An" in text and "200" in text


def test_a_forged_or_expired_hall_link_shows_nothing(client, settings):
    day = Day()
    token, _expires = hall_link_create(conference=day.conference, actor=day.official())
    assert client.get(reverse("publicview:hall", args=[token])).status_code == 200
    assert client.get(reverse("publicview:hall", args=[token[:-2] + "xx"])).status_code == 404
    later = time.time() + settings.HALL_SCREEN_HOURS * 3600 + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.get(reverse("publicview:hall", args=[token])).status_code == 404


def test_only_the_team_or_officials_of_the_group_create_a_hall_link(client):
    day = Day()
    outsider = user_with_role(Role.TEAM_MEMBER, ward=day.ward, group=ResidentialGroupFactory(ward=day.ward))
    client.force_login(outsider)
    assert client.post(reverse("publicview:hall_link", args=[day.conference.pk])).status_code == 404
    assert not AuditEntry.objects.filter(event="hall_screen_link_created").exists()
