"""As a resident and on the hall's computer: the QR code of a printed count record opens a page that says it
matches (then superseded after a correction; a forged figure says unknown), the public results page on a
phone, and the projector view following check-ins live from a second browser."""

import re

from playwright.sync_api import expect

from elections.conference.models import Conference, TeamMember
from elections.count.models import CountVote
from elections.count.papers import count_record_pdf
from elections.count.services.result import count_correct
from tests.conference.countkit import Day
from tests.e2e import steps
from tests.e2e.conftest import login, screenshot
from tests.publicview.kit import pdf_qr_codes, sealed


def _scan(pdf: bytes) -> str:
    codes = pdf_qr_codes(pdf)
    assert len(codes) == 1, codes
    return codes[0]


def test_a_resident_checks_the_posted_count_record_with_a_phone(
    phone, desktop, live_server, transactional_db, settings
):
    settings.PUBLIC_BASE_URL = live_server.url
    day = Day(electorate=361, present=314)
    sealed(day, (200, 110))
    # The ward official prints the count record from the result page.
    login(desktop, live_server, day.official().username)
    response = desktop.request.get(f"{live_server.url}/election-day/conference/{day.conference.pk}/count-record.pdf")
    assert response.ok, response.status
    url = _scan(response.body())
    assert url.startswith(f"{live_server.url}/verify/")

    phone.goto(url)
    expect(phone.locator(".verify-state")).to_contain_text("khớp với hồ sơ gốc")
    expect(phone.locator("main")).to_contain_text("Nguyễn Văn An: 200 (55,40%)")
    screenshot(phone, "verify-phone")

    phone.goto(f"{live_server.url}/results/{day.group_election.campaign.pk}/")
    expect(phone.locator(f"#group-{day.group.code}")).to_contain_text("Nguyễn Văn An")
    expect(phone.locator("h1")).to_contain_text(day.ward.name)
    screenshot(phone, "public-results-phone")

    # A correction supersedes the paper already posted.
    count_correct(conference=day.conference, actor=day.official(), data=day.data((200, 112)), reason="Cộng nhầm.")
    phone.goto(url)
    expect(phone.locator(".verify-state")).to_contain_text("đã được thay thế")
    expect(phone.locator(".verify-state")).to_contain_text("Cộng nhầm.")

    # A figure forged in the record (behind the services' back) prints a code that nobody sealed.
    CountVote.objects.filter(count__conference=day.conference, candidate=day.first).update(votes=250)
    phone.goto(_scan(count_record_pdf(day.conference)))
    expect(phone.locator(".verify-state")).to_contain_text("Không xác định")


def test_the_hall_screen_follows_check_ins_live(browser, desktop, phone, live_server, transactional_db, settings):
    settings.PUBLIC_BASE_URL = live_server.url
    day = Day(electorate=10, present=0)
    Conference.objects.filter(pk=day.conference.pk).update(
        status=Conference.Status.OPEN, present_at_vote=None, vote_opened_at=None
    )
    login(desktop, live_server, day.official().username)
    steps.open_page(desktop, live_server, f"/election-day/conference/{day.conference.pk}/")
    desktop.get_by_role("button", name="Màn hình hội trường (máy chiếu)").click()
    hall_url = desktop.locator("#hall-url").input_value()
    assert re.match(rf"{re.escape(live_server.url)}/hall/[^/]+/$", hall_url), hall_url

    # The hall's computer: no login, no controls.
    hall_context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    hall = hall_context.new_page()
    hall.goto(hall_url)
    expect(hall.locator(".hall-present")).to_have_text("0")
    assert hall.locator("a, button, input, select").count() == 0

    # At the door, the election team checks two households in on a phone; the screen follows without a reload.
    # (Check-in rights come from a place on the group's election team.)
    TeamMember.objects.create(group_election=day.group_election, full_name="Phan Văn Trưởng", user=day.head)
    login(phone, live_server, day.head.username)
    steps.open_page(phone, live_server, f"/election-day/conference/{day.conference.pk}/check-in/")
    steps.check_in_by_touch(phone, "001")
    steps.check_in_by_touch(phone, "002")
    expect(hall.locator(".hall-present")).to_have_text("2", timeout=10000)
    expect(hall.locator(".hall-percent")).to_contain_text("20,00")
    for number in ("003", "004", "005", "006"):
        steps.check_in_by_touch(phone, number)
    expect(hall.locator(".hall-verdict")).to_contain_text("ĐỦ ĐIỀU KIỆN", timeout=10000)
    screenshot(hall, "hall-screen")
    hall_context.close()
