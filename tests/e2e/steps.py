"""Steps of one group's election as people do them in the browser, shared by the flow tests.

Every step starts from a page a user reaches by the menu or a link, fills the form with the labels
on screen, presses the Vietnamese button, and checks the page it lands on (title, one <h1>, every
field labelled). The story is the product's first customer: phường Hương Xuân, election day
10/01/2021, group 06 ("Tổ dân phố 6", Party cell 2, election-team accounts tobaucu6 and tobaucu6b).
"""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import expect

from elections.termreports.models import TermReport
from residents.models import LeaderTerm, Resident, ResidentialGroup
from tests.e2e.conftest import assert_accessible, switch_user

GROUP = "Tổ dân phố 6"
VENUE = "Nhà văn hóa tổ dân phố 6"
ELECTION_DAY = "10/01/2021"
CRITERIA = 5  # standards an official attests for each candidate

TERM_REPORT = {
    "situation": "Tổ có 8 hộ, các hộ đoàn kết, chấp hành tốt chủ trương của Đảng và pháp luật của Nhà nước.",
    "security_order": "An ninh chính trị, trật tự an toàn xã hội được giữ vững; không có tụ điểm phức tạp.",
    "environment_hygiene": "Duy trì tổng vệ sinh vào sáng chủ nhật hằng tuần; thu gom rác đúng giờ.",
    "emulation": "Các hộ tham gia phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư.",
    "policies_rules": "Phổ biến đầy đủ chủ trương, chính sách; các hộ thực hiện tốt hương ước, quy ước.",
    "contributions_funds": "Thu nộp các loại quỹ đạt 100% kế hoạch phường giao.",
    "welfare": "Thăm hỏi các gia đình chính sách, hộ nghèo vào dịp Tết Nguyên đán.",
    "shortcomings": "Việc phân loại rác tại nguồn chưa đều giữa các hộ.",
    "causes": "Một số hộ đi làm ăn xa, ít tham gia sinh hoạt tổ.",
    "lessons": "Phát huy vai trò của chi bộ và các đoàn thể trong vận động nhân dân.",
    "proposals": "Đề nghị phường hỗ trợ kinh phí sửa chữa nhà văn hóa tổ dân phố.",
}


def open_page(page, live_server, path: str) -> None:
    """Go to a page by its address and check it (status, title, one h1, labelled fields)."""
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, f"{path}: {response.status if response else None}"
    assert_accessible(page)


def press(page, name: str, *, scope=None, exact: bool = True) -> None:
    """Press a button and check the page that comes back."""
    with page.expect_navigation():
        (scope or page).get_by_role("button", name=name, exact=exact).click()
    assert_accessible(page)


def follow(page, locator) -> None:
    """Follow a link (a menu entry, a button-styled link) and check the page it leads to."""
    with page.expect_navigation():
        locator.click()
    assert_accessible(page)


def link(page, name: str, *, exact: bool = True) -> None:
    follow(page, page.locator("main").get_by_role("link", name=name, exact=exact).first)


def expect_message(page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible()


def group() -> ResidentialGroup:
    return ResidentialGroup.objects.get(code="06")


def row_of(page, group_name: str = GROUP):
    """The table row of a group (its name is a link in the first cell)."""
    return page.locator("tr").filter(has=page.get_by_role("link", name=group_name, exact=True))


# ------------------------------------------------------------------------------ campaign and plan


def campaign_and_plan(page, live_server) -> int:
    """The ward official opens the 2021-2023 campaign, plans group 06 and starts its preparation.
    Returns the pk of the group's election (read from the address of its page)."""
    switch_user(page, live_server, "ubnd")
    # A ward without a campaign: the official lands on the campaign list, where the first one is set up.
    assert page.url.endswith("/elections/campaigns/"), page.url
    assert_accessible(page)
    link(page, "Tạo đợt bầu cử")
    page.locator("#id_label").fill("2021-2023")
    page.get_by_label("Nhiệm kỳ trước").fill("2018-2020")
    page.get_by_label("Ngày bắt đầu nhiệm kỳ").fill("10/01/2021")
    page.get_by_label("Ngày kết thúc nhiệm kỳ").fill("10/07/2023")
    page.get_by_label("Ngày bầu cử").fill(ELECTION_DAY)
    page.locator("#id_electorate_mode").select_option(value="household_reps")
    page.locator("#id_legal_profile").select_option(
        label="Bầu tổ trưởng tổ dân phố theo NQLT 09/2008 và Thông tư 04/2012 (sửa đổi bởi Thông tư 14/2018)"
    )
    press(page, "Lưu")
    expect_message(page, "2021-2023")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2021-2023")

    follow(page, page.locator("main").get_by_role("link", name="Kế hoạch", exact=True).first)
    row = row_of(page)
    row.get_by_label("Cán bộ phường phụ trách").select_option(label="Nguyễn Thị Thu Hà")
    row.get_by_label("Địa điểm hội nghị").fill(VENUE)
    row.get_by_label("Ngày giờ hội nghị").fill(f"{ELECTION_DAY} 08:00")
    press(page, "Lưu kế hoạch")
    expect_message(page, "Đã lưu kế hoạch: thay đổi ở 1 tổ dân phố.")

    follow(page, row_of(page).get_by_role("link", name=GROUP, exact=True))
    ge_pk = int(re.search(r"/elections/groups/(\d+)/", page.url).group(1))
    press(page, "Bắt đầu chuẩn bị nhân sự")
    expect(page.locator("h1")).to_contain_text(GROUP)
    expect_message(page, "Đang chuẩn bị nhân sự")
    return ge_pk


# ------------------------------------------------------------------------------------ candidates


def pick_candidates() -> tuple[Resident, Resident]:
    """Two eligible residents of group 06 from the register: the outgoing leader (a Party member) and a
    permanent resident aged 30-60 who is not on the demo election team."""
    leader = LeaderTerm.objects.get(group=group(), term_label="2018-2020").resident
    assert leader.is_party_member
    team_names = {"Thành viên Tổ bầu cử 1", "Thành viên Tổ bầu cử 2"}
    from accounts.models import User

    team_names |= set(User.objects.filter(group=group()).values_list("full_name", flat=True))
    other = next(
        r
        for r in Resident.objects.filter(
            household__group=group(),
            residence_status=Resident.Residence.PERMANENT,
            birth_date__range=(datetime.date(1961, 1, 1), datetime.date(1990, 1, 1)),
        ).order_by("birth_date")
        if r.pk != leader.pk and r.full_name not in team_names and r.full_name != leader.full_name
    )
    return leader, other


def nominate_two(page, live_server, ge_pk: int, first: Resident, second: Resident) -> None:
    """The cell secretary records the consultation with the cell committee and nominates two candidates,
    each picked from the register by typing part of the name (without diacritics) in the search box."""
    switch_user(page, live_server, "bithu2")
    open_page(page, live_server, "/candidates/")
    follow(page, page.locator("main").get_by_role("link", name=GROUP, exact=True).first)
    assert page.url.endswith(f"/candidates/group/{ge_pk}/")
    follow(page, page.locator("main").get_by_role("link", name="Ghi nhận cuộc họp"))
    page.get_by_label("Ngày họp").fill("24/12/2020")
    page.get_by_label("Địa điểm").fill(VENUE)
    page.get_by_label("Thành phần tham dự").fill("Chi ủy Chi bộ Khu dân cư 2\nBan công tác Mặt trận tổ dân phố 6")
    page.get_by_label("Nội dung thống nhất").fill(
        f"Thống nhất giới thiệu ông (bà) {first.full_name} và {second.full_name} ra ứng cử."
    )
    press(page, "Lưu")
    for resident in (first, second):
        follow(page, page.locator("main").get_by_role("link", name="Giới thiệu người ứng cử").first)
        page.get_by_label("Tìm cư dân của tổ").fill(_ascii(resident.full_name))
        expect(page.locator("#id_resident")).to_have_value(str(resident.pk))
        page.get_by_label("Hình thức giới thiệu").select_option(value="front")
        page.get_by_label("Cuộc họp hiệp thương").select_option(index=1)
        press(page, "Giới thiệu người ứng cử", scope=page.locator("main form"))
        expect_message(page, f"Đã ghi nhận giới thiệu {resident.full_name}.")


def _ascii(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in folded if unicodedata.category(c) != "Mn").lower()


def attest_all(page, live_server, ge_pk: int, resident: Resident) -> None:
    """A ward official attests every standard the register cannot prove, from one screen, each with its note."""
    open_page(page, live_server, f"/candidates/group/{ge_pk}/")
    follow(page, page.locator("main").get_by_role("link", name=resident.full_name, exact=True).first)
    standards = page.locator("main fieldset")
    expect(standards).to_have_count(CRITERIA)
    for index in range(CRITERIA):
        standard = standards.nth(index)
        standard.get_by_label("Đạt tiêu chuẩn", exact=True).check()
        standard.get_by_label("Ghi chú về", exact=False).fill(
            "Qua xác minh tại khu dân cư và ý kiến của chi ủy chi bộ."
        )
    press(page, "Ghi nhận xác nhận")
    expect_message(page, f"Đã ghi nhận xác nhận {CRITERIA} tiêu chuẩn.")
    expect(page.locator("main fieldset .badge.text-bg-success")).to_have_count(CRITERIA)


# ----------------------------------------------------------------------------------- term report


def term_report_accepted(page, live_server, ge_pk: int) -> None:
    """The cell secretary writes the outgoing leader's report, submits it and marks it reviewed; the ward
    official accepts it."""
    switch_user(page, live_server, "bithu2")
    open_page(page, live_server, "/term-reports/")
    follow(page, page.locator("main").get_by_role("link", name=GROUP, exact=True).first)
    follow(page, page.locator("main").get_by_role("link", name="Soạn báo cáo"))
    for name, text in TERM_REPORT.items():
        page.fill(f"[name={name}]", text)
    for name, value in (("start_households", 8), ("start_residents", 27), ("start_voters", 20)):
        page.fill(f"[name={name}]", str(value))
    page.fill("[name=start_party_members]", "3")
    page.fill("[name=report_date]", "22/12/2020")
    press(page, "Lưu và nộp để chi bộ duyệt")
    expect_message(page, "Đã nộp báo cáo để bí thư chi bộ duyệt.")
    press(page, "Xác nhận đã duyệt")
    expect_message(page, "Đã xác nhận duyệt báo cáo")

    switch_user(page, live_server, "ubnd")
    open_page(page, live_server, f"/term-reports/group/{ge_pk}/")
    press(page, "Chấp nhận báo cáo")
    expect_message(page, "Đã chấp nhận báo cáo: hội nghị của tổ có thể khai mạc.")
    assert TermReport.objects.get(group_election_id=ge_pk).status == TermReport.Status.ACCEPTED


def select_containing(select, text: str) -> None:
    """Choose the option of a <select> whose label contains `text`."""
    value = select.evaluate(
        "(el, text) => { const o = Array.from(el.options).find((o) => o.text.includes(text));"
        " return o ? o.value : null; }",
        text,
    )
    assert value is not None, f"no option with {text!r}"
    select.select_option(value=value)


def pick_by_typing(page, field_id: str, name: str) -> None:
    """A person picker: type the name without accents in its search box; the first match is chosen."""
    page.locator(f"#{field_id}-search").fill(_ascii(name))
    chosen = page.locator(f"#{field_id}").evaluate(
        "el => el.selectedIndex >= 0 ? el.options[el.selectedIndex].text : ''"
    )
    assert name in chosen, f"{field_id}: typing {_ascii(name)!r} chose {chosen!r}"


# -------------------------------------------------------------------------------------- complaint


def complaint_filed(page, live_server, ge_pk: int, candidate: Resident) -> None:
    """The Inspection Committee receives a complaint against a Party-member candidate."""
    switch_user(page, live_server, "ubkt")
    open_page(page, live_server, f"/candidates/group/{ge_pk}/")
    link(page, "Tiếp nhận")
    select_containing(page.locator("#id_candidate"), candidate.full_name)
    page.locator("#id_kind").select_option(value="complaint")
    page.locator("#id_received_on").fill("28/12/2020")
    page.locator("#id_channel").select_option(value="letter")
    page.locator("#id_complainant_name").fill("Trần Thị Mỹ Hạnh")
    page.locator("#id_content").fill(
        "Phản ánh ông (bà) chưa hoàn thành nghĩa vụ đóng góp quỹ phòng chống thiên tai năm 2020."
    )
    press(page, "Lưu")
    expect_message(page, "Đã tiếp nhận đơn thư; cơ quan giải quyết: ")


def complaint_concluded(page, live_server, candidate: Resident) -> None:
    """The Inspection Committee investigates the complaint and concludes that it is not upheld."""
    switch_user(page, live_server, "ubkt")
    open_page(page, live_server, "/candidates/complaints/")
    follow(page, page.locator("main table").get_by_role("link", name=candidate.full_name, exact=True))
    page.get_by_label("Ghi chú").fill("Giao đồng chí Hồ Thị Lan xác minh tại tổ dân phố.")
    press(page, "Bắt đầu xác minh")
    expect_message(page, "Đã bắt đầu xác minh.")
    page.get_by_label("Kết quả xác minh").fill(
        "Qua xác minh, hộ gia đình đã nộp đủ quỹ phòng chống thiên tai năm 2020 (có biên lai); nội dung "
        "phản ánh không đúng."
    )
    page.get_by_label("Kết luận").select_option(value="not_upheld")
    press(page, "Kết luận")
    expect(page.locator("main")).to_contain_text("Kết luận đơn thư?")  # what will be recorded, then confirm
    press(page, "Xác nhận: kết luận")
    expect_message(page, "Đơn thư đã có kết luận.")


# ------------------------------------------------------------------------------- list and papers


def approve_candidate(page, live_server, ge_pk: int, resident: Resident) -> None:
    open_page(page, live_server, f"/candidates/group/{ge_pk}/")
    follow(page, page.locator("main").get_by_role("link", name=resident.full_name, exact=True).first)
    press(page, "Chấp thuận")
    expect_message(page, f"{resident.full_name}: ")


def move_group(page, live_server, ge_pk: int, button: str) -> None:
    """Press one of the stage buttons on the group's election page; it must be accepted."""
    open_page(page, live_server, f"/elections/groups/{ge_pk}/")
    press(page, button)
    expect(page.get_by_text("chưa thể chuyển sang bước")).to_have_count(0)


def assert_paper(text: str, *phrases: str) -> None:
    """Every phrase (names with diacritics, titles, figures) is in the paper's text."""
    missing = [p for p in phrases if p not in text]
    assert not missing, f"missing from the paper: {missing}\n---\n{text[:1500]}"


# -------------------------------------------------------------------------------- election team


def team_with_decision(page, live_server, ge_pk: int, head, secretary, member: Resident) -> None:
    """The ward official forms the election team (two venue accounts and one resident from the register),
    records the chairman's decision and schedules the conference from the plan."""
    switch_user(page, live_server, "ubnd")
    open_page(page, live_server, f"/election-day/group/{ge_pk}/team/")
    for person, role, affiliation in (
        (head, "head", "Trưởng Ban công tác Mặt trận tổ dân phố 6"),
        (secretary, "secretary", "Chi hội trưởng Chi hội Phụ nữ"),
        (member, "member", "Đại diện cử tri"),
    ):
        if isinstance(person, Resident):
            pick_by_typing(page, "id_resident", person.full_name)
        else:
            page.locator("#id_full_name").fill(person.full_name)
            select_containing(page.locator("#id_user"), person.full_name)
        page.get_by_label("Nhiệm vụ trong Tổ bầu cử").select_option(value=role)
        page.get_by_label("Chức vụ / đơn vị").fill(affiliation)
        press(page, "Thêm vào Tổ bầu cử")
        expect_message(page, "vào Tổ bầu cử.")
    page.get_by_label("Số quyết định").fill("15/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("30/12/2020")
    page.get_by_label("Chủ tịch ký quyết định").fill("Lê Quang Vinh")
    press(page, "Lưu quyết định")
    expect_message(page, "Đã ghi nhận quyết định thành lập Tổ bầu cử.")


def schedule_conference(page, live_server, head_name: str, secretary_name: str) -> int:
    """From the team page: the sitting takes the plan's date and venue; returns the conference pk."""
    link(page, "Lên lịch hội nghị")
    expect(page.locator("#id_scheduled_at")).to_have_value(f"{ELECTION_DAY} 08:00")
    expect(page.locator("#id_venue")).to_have_value(VENUE)
    expect(page.locator("#id_chair_name")).to_have_value(head_name)
    page.locator("#id_secretary_name").fill(secretary_name)
    press(page, "Lên lịch")
    expect_message(page, "Đã lên lịch hội nghị lần 1.")
    return int(re.search(r"/conference/(\d+)/", page.url).group(1))


# ----------------------------------------------------------------------------------- election day


def quorum_text(page) -> str:
    return page.locator("#quorum-box .quorum-indicator").inner_text()


def check_in_by_keyboard(page, number: str) -> None:
    """Tab to the search box, type, Enter; Tab to the mark-present button, Enter: the count goes up."""
    before = int(re.match(r"\s*(\d+)", quorum_text(page)).group(1))
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "checkin-q":
            break
    else:
        raise AssertionError("the search box cannot be reached with Tab")
    page.keyboard.type(number)
    page.keyboard.press("Enter")
    expect(page.locator("#results .checkin-row").first).to_be_visible()
    page.wait_for_load_state("networkidle")  # the live search (typed, then Enter) has settled
    for _ in range(40):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        if label.startswith("Đánh dấu") and label.endswith("có mặt"):
            break
    else:
        raise AssertionError("no mark-present button can be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#quorum-box .quorum-indicator")).to_contain_text(f"{before + 1}/")


def check_in_by_touch(page, number: str) -> None:
    """Type the household number: the results come as one types (no Enter on a phone); tap "Có mặt"."""
    page.get_by_label("Tìm hộ hoặc cử tri", exact=False).fill(number)
    row = page.locator("#results .checkin-row").filter(has_text=f"Hộ {number}").first
    expect(row).to_be_visible()
    page.wait_for_load_state("networkidle")
    row.get_by_role("button", name=re.compile(r"^Đánh dấu .* có mặt$")).tap()
    expect(row.get_by_role("button", name=re.compile(r"^Hủy: "))).to_be_visible()


def board_and_vote(page, head, member) -> None:
    """On the sitting's page: the conference elects the count board (the two venue accounts) and chooses
    the secret ballot; the vote opens."""
    for person, role in ((head, "head"), (member, "member")):
        page.locator("summary").filter(has_text="Thêm thành viên Ban kiểm phiếu").click()
        page.locator("#id_full_name").fill(person.full_name)
        page.get_by_label("Nhiệm vụ trong Ban kiểm phiếu").select_option(value=role)
        select_containing(page.locator("#id_user"), person.full_name)
        press(page, "Thêm vào Ban kiểm phiếu")
        expect_message(page, f"Đã thêm {person.full_name} vào Ban kiểm phiếu.")
    page.get_by_label("Bỏ phiếu kín").check()
    press(page, "Tiến hành bầu cử")
    expect(page.locator("main")).to_contain_text("Bỏ phiếu kín")  # the summary of what will be recorded
    press(page, "Xác nhận: tiến hành bầu cử")
    expect_message(page, "Đã tiến hành bầu cử. Hội nghị của tổ được ghi nhận là đã tổ chức.")


def enter_count(page, live_server, conference_pk: int, *, ballots: int, votes: dict[str, int], shot: str = "") -> None:
    """One member of the count board enters the figures they counted (secret ballot, no invalid ballot)."""
    open_page(page, live_server, f"/election-day/conference/{conference_pk}/")
    link(page, "Nhập kết quả kiểm phiếu")
    page.get_by_label("Số phiếu phát ra").fill(str(ballots))
    page.get_by_label("Số phiếu thu vào").fill(str(ballots))
    page.get_by_label("Số phiếu hợp lệ").fill(str(ballots))
    for name, n in votes.items():
        page.get_by_label(f"Số phiếu bầu cho {name}").fill(str(n))
    if shot:
        from tests.e2e.conftest import screenshot

        screenshot(page, shot)
    press(page, "Ghi nhận số liệu của tôi")


def seal(page, witnesses: list[str], *, started: str, ended: str) -> None:
    """From the result page: the head of the count board confirms and seals, with two witnesses."""
    link(page, "Xác nhận và niêm phong")
    pick_by_typing(page, "id_witness_1", witnesses[0])
    pick_by_typing(page, "id_witness_2", witnesses[1])
    page.locator("#id_count_started_at").fill(started)
    page.locator("#id_count_ended_at").fill(ended)
    press(page, "Niêm phong kết quả kiểm phiếu và kết quả bầu cử")
    expect(page.locator("main")).to_contain_text(ended)  # the summary of what will be sealed
    press(page, "Xác nhận: niêm phong")
    expect_message(page, "Kết quả kiểm phiếu và kết quả bầu cử đã được niêm phong.")


def open_with_head_count(page, live_server, conference_pk: int, present: int) -> None:
    """The team opens the sitting and, instead of checking in one by one, enters the head count."""
    open_page(page, live_server, f"/election-day/conference/{conference_pk}/")
    press(page, "Khai mạc hội nghị")
    expect_message(page, "Hội nghị đã khai mạc.")
    link(page, "Điểm danh tại cửa")
    page.locator("summary").filter(has_text="Nhập số người có mặt thay cho điểm danh").click()
    page.get_by_label("Số người có mặt (đếm trực tiếp)").fill(str(present))
    press(page, "Lưu số người có mặt")
    expect_message(page, "Đã lưu số người có mặt.")
    expect(page.locator("#quorum-box")).to_contain_text(f"{present}/")
    expect(page.locator("#quorum-box")).not_to_contain_text("CHƯA ĐỦ")
    open_page(page, live_server, f"/election-day/conference/{conference_pk}/")
