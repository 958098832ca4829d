"""One group's whole election in the browser, every role logging in through the login page, every paper
downloaded and read back."""

import datetime

from playwright.sync_api import expect

from accounts.models import User
from elections.models import Stage
from residents.models import Resident
from tests.e2e import steps
from tests.e2e.conftest import DEMO_PASSWORD, assert_accessible, download_pdf, login, screenshot, switch_user


def test_full_election_of_one_group(desktop, phone, live_server, demo_ward):
    page = desktop
    ge_pk = steps.campaign_and_plan(page, live_server)
    leader, other = steps.pick_candidates()
    steps.nominate_two(page, live_server, ge_pk, leader, other)
    screenshot(page, "candidates-group")

    # A complaint against the Party-member candidate, received by the Inspection Committee.
    steps.complaint_filed(page, live_server, ge_pk, leader)

    # The ward official vets both; while the complaint is open neither that candidate nor the list is approved.
    switch_user(page, live_server, "ubnd")
    for resident in (leader, other):
        steps.attest_all(page, live_server, ge_pk, resident)
    steps.approve_candidate(page, live_server, ge_pk, other)
    steps.open_page(page, live_server, f"/candidates/group/{ge_pk}/")
    steps.follow(page, page.locator("main").get_by_role("link", name=leader.full_name, exact=True).first)
    expect(page.get_by_text("Chưa thể chấp thuận:")).to_be_visible()
    expect(
        page.get_by_text(f"{leader.full_name} có đơn thư chưa giải quyết (nhận ngày 28/12/2020, do Ủy ban Kiểm tra")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Chấp thuận", exact=True)).to_have_count(0)
    steps.open_page(page, live_server, f"/elections/groups/{ge_pk}/")
    page.get_by_role("button", name="Duyệt danh sách người ứng cử").click()
    page.wait_for_load_state()
    expect(
        page.get_by_text("Tổ dân phố 6 chưa thể chuyển sang bước “Đã duyệt danh sách người ứng cử”:")
    ).to_be_visible()
    expect(
        page.get_by_text(f"chưa có quyết định (chấp thuận, không chấp thuận hoặc rút tên): {leader.full_name}.")
    ).to_be_visible()

    steps.complaint_concluded(page, live_server, leader)
    switch_user(page, live_server, "ubnd")
    steps.approve_candidate(page, live_server, ge_pk, leader)
    steps.term_report_accepted(page, live_server, ge_pk)
    steps.move_group(page, live_server, ge_pk, "Duyệt danh sách người ứng cử")
    steps.move_group(page, live_server, ge_pk, "Ghi nhận đã niêm yết danh sách")
    screenshot(page, "group-election")

    # The papers posted before the conference, each downloaded and read back.
    group = steps.group()
    heads = [h.head.full_name for h in group.households.select_related("head").order_by("number")]
    steps.open_page(page, live_server, f"/residents/groups/{group.pk}/")
    paper = download_pdf(page, page.get_by_role("link", name="Danh sách đại diện hộ gia đình (PDF)").first)
    steps.assert_paper(paper, "DANH SÁCH", "TỔ DÂN PHỐ 6", *heads)
    paper = download_pdf(page, page.get_by_role("link", name="Danh sách ký tên dự hội nghị (PDF)"))
    steps.assert_paper(paper, "Tổ dân phố 6", *heads)
    steps.open_page(page, live_server, f"/candidates/group/{ge_pk}/")
    paper = download_pdf(page, page.get_by_role("link", name="Danh sách người ứng cử (PDF)"))
    steps.assert_paper(paper, "DANH SÁCH NGƯỜI ỨNG CỬ", leader.full_name, other.full_name)
    steps.link(page, "Phiếu bầu (PDF)")
    paper = download_pdf(page, page.get_by_role("button", name="Tải phiếu bầu (PDF)"))
    steps.assert_paper(paper, "PHIẾU BẦU", leader.full_name, other.full_name)
    steps.open_page(page, live_server, f"/term-reports/group/{ge_pk}/")
    paper = download_pdf(page, page.locator("main").get_by_role("link", name="Bản PDF để đọc tại hội nghị"))
    steps.assert_paper(paper, "BÁO CÁO", "2018-2020", leader.full_name, steps.TERM_REPORT["proposals"])

    # The election team, its decision, the conference scheduled.
    head, second = User.objects.get(username="tobaucu6"), User.objects.get(username="tobaucu6b")
    member = next(
        r
        for r in Resident.objects.filter(household__group=group, birth_date__lte=datetime.date(1995, 1, 1))
        if r.pk not in (leader.pk, other.pk) and r.full_name not in (head.full_name, second.full_name)
    )
    steps.team_with_decision(page, live_server, ge_pk, head, second, member)
    paper = download_pdf(page, page.get_by_role("link", name="Quyết định thành lập Tổ bầu cử (PDF)"))
    steps.assert_paper(paper, "QUYẾT ĐỊNH", "thành lập Tổ bầu cử", head.full_name, second.full_name, member.full_name)
    conference_pk = steps.schedule_conference(page, live_server, head.full_name, second.full_name)

    # Election day, on a phone: the team member opens the conference and checks households in.
    login(phone, live_server, "tobaucu6", DEMO_PASSWORD)
    steps.open_page(phone, live_server, "/election-day/")
    assert phone.url.endswith(f"/election-day/conference/{conference_pk}/"), phone.url
    steps.press(phone, "Khai mạc hội nghị")
    steps.expect_message(phone, "Hội nghị đã khai mạc.")
    steps.link(phone, "Điểm danh tại cửa")
    expect(phone.locator("#quorum-box")).to_contain_text("0/8")
    expect(phone.locator("#quorum-box")).to_contain_text("CHƯA ĐỦ")
    steps.check_in_by_keyboard(phone, "001")
    number = 2
    while "CHƯA ĐỦ" in steps.quorum_text(phone) or number <= 6:
        steps.check_in_by_touch(phone, f"{number:03d}")
        number += 1
    expect(phone.locator("#quorum-box")).to_contain_text("6/8")
    expect(phone.locator("#quorum-box")).not_to_contain_text("CHƯA ĐỦ")
    screenshot(phone, "check-in-phone")

    # The count board and the vote; the head enters the count on the phone, the second member on a laptop
    # with one figure mistyped; the head compares, settles and seals.
    steps.link(phone, "Hội nghị lần 1")
    steps.board_and_vote(phone, head, second)
    screenshot(phone, "conference-phone")
    votes = {leader.full_name: 5, other.full_name: 1}
    steps.enter_count(phone, live_server, conference_pk, ballots=6, votes=votes, shot="count-entry-phone")
    steps.expect_message(phone, "Số liệu của bạn đã được ghi nhận")
    switch_user(page, live_server, "tobaucu6b")
    steps.enter_count(page, live_server, conference_pk, ballots=6, votes={**votes, leader.full_name: 4})
    steps.expect_message(page, "Hai lần nhập có chênh lệch.")
    switch_user(page, live_server, "tobaucu6")
    steps.open_page(page, live_server, f"/election-day/conference/{conference_pk}/count/")
    steps.link(page, "Đối chiếu hai lần nhập")
    differing = page.locator("main form fieldset")
    expect(differing).to_have_count(1)
    expect(differing.locator("legend")).to_have_text(f"Số phiếu bầu cho {leader.full_name}")
    screenshot(page, "count-compare")
    differing.get_by_role("button", name="Chọn 5").click()
    expect(differing.get_by_label("Số liệu đúng")).to_have_value("5")
    page.get_by_label("Cách xử lý các chênh lệch").fill(
        "Ban kiểm phiếu kiểm đếm lại phiếu bầu cho ông (bà) " + leader.full_name + ": 5 phiếu; lần nhập 2 gõ nhầm."
    )
    steps.press(page, "Chấp nhận kết quả kiểm phiếu với các số liệu này")
    steps.expect_message(page, "Các chênh lệch đã được xử lý và kết quả kiểm phiếu được chấp nhận.")
    witnesses = [h for h in heads if h not in (leader.full_name, other.full_name)]
    steps.seal(page, witnesses, started=f"{steps.ELECTION_DAY} 09:30", ended=f"{steps.ELECTION_DAY} 10:15")
    expect(page.get_by_role("status").first).to_contain_text(f"{leader.full_name} trúng cử")
    expect(page.get_by_role("status").first).to_contain_text("62,50%")
    screenshot(page, "result")
    steps.open_page(phone, live_server, f"/election-day/conference/{conference_pk}/result/")
    screenshot(phone, "result-phone")
    paper = download_pdf(page, page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)"))
    steps.assert_paper(paper, "BIÊN BẢN KIỂM PHIẾU", leader.full_name, other.full_name, "62,50%", "12,50%")
    paper = download_pdf(page, page.get_by_role("link", name="Biên bản hội nghị (PDF)"))
    steps.assert_paper(paper, "BIÊN BẢN", "HỘI NGHỊ", leader.full_name, head.full_name, second.full_name)

    # The chairman issues the recognition decision.
    switch_user(page, live_server, "chutich")
    steps.open_page(page, live_server, "/election-day/results/")
    steps.follow(page, page.locator("main tr").filter(has_text=steps.GROUP).get_by_role("link").first)
    steps.link(page, "Ban hành quyết định công nhận")
    page.locator("#id_decision_date").fill("13/01/2021")
    steps.press(page, "Ban hành quyết định")
    steps.press(page, "Xác nhận: ban hành quyết định")
    steps.expect_message(page, f"{leader.full_name} được công nhận là Tổ trưởng tổ dân phố.")
    paper = download_pdf(page, page.get_by_role("link", name="Quyết định công nhận (PDF)"))
    steps.assert_paper(paper, "QUYẾT ĐỊNH", "công nhận", leader.full_name, "Tổ dân phố 6", "2021-2023")

    # A Party committee member sees the result on the ward dashboard and prints the summary report.
    switch_user(page, live_server, "danguy")
    expect(page.locator("h1")).to_have_text("Việc của tôi")  # each role lands on its own tasks
    steps.open_page(page, live_server, "/reports/")
    assert_accessible(page)
    screenshot(page, "dashboard")
    # Every stage's bar keeps its label (Chart.js drops crowded labels unless told not to).
    shown = page.evaluate(
        "() => { const c = Chart.getChart('chart-stages'); return [c.data.labels.length, c.scales.y.ticks.length]; }"
    )
    assert shown == [len(Stage.choices)] * 2, shown
    follow_tile = page.locator("main a.card").filter(has_text="tổ đã có quyết định công nhận")
    expect(follow_tile.locator(".stat")).to_have_text("1")
    steps.follow(page, follow_tile)
    expect(page.locator("main table")).to_contain_text(steps.GROUP)
    page.go_back()
    page.get_by_role("link", name="Báo cáo tổng hợp").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    paper = download_pdf(page, page.get_by_role("button", name="Tải báo cáo (PDF)"))
    steps.assert_paper(paper, "BÁO CÁO", leader.full_name, "62,50%")
