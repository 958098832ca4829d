"""The door on election day, on a phone held in one hand: ten voters checked in with no extra tap between them
(type the household number, tap "Có mặt", type the next...)."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from elections.conference.services.team import team_member_add
from tests.conference.day import election_with_register, schedule
from tests.e2e.conftest import PASSWORD, login, screenshot
from tests.factories import user_with_role

VOTERS = 10


@pytest.fixture
def door(transactional_db):
    """Group with twelve households (the electorate frozen), a scheduled sitting, a team member's account."""
    group_election = election_with_register(households=12)
    conference = schedule(group_election)
    user = user_with_role(Role.TEAM_MEMBER, ward=group_election.group.ward, group=group_election.group)
    team_member_add(group_election=group_election, actor=None, role="member", full_name=user.full_name, user=user)
    return conference, user


def _one_handed_at_360(page) -> None:
    """Nothing scrolls sideways; the search box and the first "Có mặt" are on screen, big enough for a thumb."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    height = page.viewport_size["height"]
    for locator in (page.locator("#checkin-q"), page.locator("#results .checkin-row button").first):
        box = locator.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, box
        assert box["height"] >= 44, box


def test_ten_voters_checked_in_with_no_extra_tap_between_them(phone, live_server, door):
    conference, user = door
    page = phone
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, user.username, PASSWORD)
    page.goto(f"{live_server.url}/election-day/conference/{conference.pk}/check-in/")
    search = page.locator("#checkin-q")
    expect(search).to_be_focused()  # the page opens ready to type
    for n in range(1, VOTERS + 1):
        number = f"{n:03d}"
        page.keyboard.type(number)  # no tap into the search box: it still has the focus
        row = page.locator("#results .checkin-row").first
        expect(row).to_contain_text(f"Hộ {number}")  # the exact household first
        page.wait_for_load_state("networkidle")
        if n == 1:
            _one_handed_at_360(page)
        name = row.locator(".fw-semibold").inner_text()
        row.get_by_role("button", name=f"Đánh dấu {name} có mặt").tap()
        expect(row.get_by_role("button", name=f"Hủy: {name} không có mặt")).to_be_visible()
        expect(search).to_have_value("")
        expect(search).to_be_focused()
        expect(page.locator("#recent-checkins li").first).to_contain_text(f"{name} (hộ {number})")
        expect(page.locator("#quorum-box .quorum-indicator")).to_contain_text(f"{n}/12")
    assert conference.attendances.count() == VOTERS
    expect(page.locator("#quorum-box")).to_contain_text("ĐỦ ĐIỀU KIỆN")
    page.set_viewport_size({"width": 390, "height": 844})
    page.keyboard.type("011")
    expect(page.locator("#results .checkin-row").first).to_contain_text("Hộ 011")
    page.wait_for_load_state("networkidle")
    screenshot(page, "check-in-door-phone")
