"""Each role's day, as people do it in the browser on the demo ward: a home of one's own tasks, the
register kept by the ward official, and a difficulty report that reaches the ward official's inbox."""

import importlib
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from residents.models import Resident
from tests.e2e import steps
from tests.e2e.conftest import login, screenshot, switch_user


@pytest.fixture
def whole_demo(transactional_db):
    """The whole demo (register, campaign, candidates, term reports, election day) at a small scale."""
    from django.apps import apps

    importlib.import_module("elections.migrations.0003_legal_profiles").create_profiles(apps, None)
    call_command("load_demo", households_scale=0.05, stdout=io.StringIO())


def test_homes_register_and_notices(desktop, phone, live_server, whole_demo):
    page = desktop

    # Each role lands on its own tasks.
    for username, shot in (("danguy", "home-committee"), ("chutich", "home-chairman"), ("ubkt", "home-inspection"),
                           ("bithu4", "home-cell-secretary")):  # fmt: skip
        switch_user(page, live_server, username)
        expect(page.locator("h1")).to_have_text("Việc của tôi")
        steps.open_page(page, live_server, "/")
        screenshot(page, shot)
    expect(page.locator("main")).to_contain_text("Duyệt báo cáo nhiệm kỳ của Tổ dân phố 10")
    login(phone, live_server, "tobaucu6", "demo2021")
    expect(phone.locator("main")).to_contain_text("Điểm danh cử tri: Tổ dân phố 6")
    screenshot(phone, "home-team-phone")
    steps.link(phone, "Điểm danh cử tri: Tổ dân phố 6", exact=False)
    expect(phone.locator("h1")).to_contain_text("Điểm danh")
    steps.open_page(phone, live_server, "/")  # leave the check-in page, which polls the quorum

    # A committee member reports a difficulty in their area...
    switch_user(page, live_server, "danguy")
    steps.open_page(page, live_server, "/elections/difficulties/new/")
    page.get_by_label("Tổ dân phố").select_option(label="Tổ dân phố 2")
    page.get_by_label("Tiêu đề").fill("Nhà văn hóa tổ dân phố 2 đang sửa mái")
    page.get_by_label("Nội dung").fill("Cần mượn hội trường trường tiểu học để họp cử tri.")
    steps.press(page, "Gửi Đảng ủy")

    # ...and it reaches the ward official's inbox, and opens.
    switch_user(page, live_server, "ubnd")
    expect(page.locator("h1")).to_have_text("Việc của tôi")
    screenshot(page, "home-ward-official")
    badge = page.locator("nav .navbar-nav a[href='/notices/'] .badge")
    expect(badge).to_be_visible()
    steps.follow(page, page.locator("nav .navbar-nav a[href='/notices/']"))
    expect(page.locator("main")).to_contain_text("Nhà văn hóa tổ dân phố 2 đang sửa mái")
    screenshot(page, "inbox")
    steps.follow(page, page.locator("main .list-group a").filter(has_text="đang sửa mái").first)
    expect(page.locator("main")).to_contain_text("Cần mượn hội trường trường tiểu học")

    # The ward official corrects a resident's birth date and records a move away; both are in the history.
    resident = Resident.objects.filter(household__group__code="06", birth_date__year__lt=2000).order_by("pk").first()
    steps.open_page(page, live_server, f"/residents/residents/{resident.pk}/")
    steps.link(page, "Đính chính thông tin cá nhân")
    expect(page.locator(".posted-list")).to_contain_text("giữ nguyên như đã niêm yết")
    new_birth = resident.birth_date.replace(day=1 if resident.birth_date.day != 1 else 2)
    page.get_by_label("Ngày sinh").fill(new_birth.strftime("%d/%m/%Y"))
    page.get_by_label("Lý do đính chính").fill("Ngày sinh ghi sai so với căn cước công dân.")
    screenshot(page, "register-edit")
    steps.press(page, "Lưu đính chính")
    steps.expect_message(page, f"Đã đính chính thông tin cá nhân của {resident.full_name}.")
    steps.link(page, "Ghi nhận chuyển đi hoặc qua đời")
    page.get_by_label("Đã chuyển đi").check()
    page.locator("#id_on").fill("05/01/2021")
    page.get_by_label("Lý do").fill("Chuyển hộ khẩu vào thành phố Đà Nẵng.")
    steps.press(page, "Ghi nhận")
    history = page.locator(".register-history")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Chuyển hộ khẩu vào thành phố Đà Nẵng.")
    expect(history.nth(1)).to_contain_text(new_birth.strftime("%d/%m/%Y"))
    screenshot(page, "register-resident")

    # The same on a phone: the ward official's inbox and a register form.
    switch_user(phone, live_server, "ubnd")
    steps.open_page(phone, live_server, "/notices/")
    screenshot(phone, "inbox-phone")
    other = Resident.objects.present().filter(household__group__code="06").order_by("-pk").first()
    steps.open_page(phone, live_server, f"/residents/residents/{other.pk}/correct/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "register-edit-phone")
