"""The term report as a new user meets it: the cell secretary drafts and submits, the ward official
returns it with a comment, then accepts it; the PDF opens; the conference gate lifts."""

import pytest

from accounts.models import Role
from elections.termreports.models import TermReport
from tests.e2e.conftest import login
from tests.factories import CampaignFactory, GroupElectionFactory, PartyCellFactory, WardFactory, user_with_role
from tests.termreports.factories import COMPLETE, LeaderTermFactory, populate

TEXT_FIELDS = [
    "situation",
    "security_order",
    "environment_hygiene",
    "emulation",
    "policies_rules",
    "contributions_funds",
    "welfare",
    "shortcomings",
    "causes",
    "lessons",
    "proposals",
]


@pytest.fixture
def setup(transactional_db):
    ward = WardFactory()
    cell = PartyCellFactory(ward=ward, name="Chi bộ Khu dân cư 2")
    campaign = CampaignFactory(ward=ward)
    ge = GroupElectionFactory(campaign=campaign, group__code="05", group__name="Tổ dân phố 5", group__party_cell=cell)
    populate(ge.group, households=3, per_household=2, party_members=1)
    LeaderTermFactory(group=ge.group, full_name="Hoàng Văn Lực")
    user_with_role(Role.CELL_SECRETARY, ward=ward, party_cell=cell, username="bithu2")
    official = user_with_role(Role.WARD_OFFICIAL, ward=ward, username="ubnd", full_name="Nguyễn Thị Thu Hà")
    ge.official_in_charge = official
    ge.save(update_fields=["official_in_charge"])
    return ge


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def test_term_report_from_draft_to_acceptance(desktop, live_server, setup):
    page, ge = desktop, setup
    login(page, live_server, "bithu2")
    page.locator("#mainnav").get_by_role("button", name="Bầu cử", exact=True).click()
    page.locator("#mainnav").get_by_role("link", name="Báo cáo nhiệm kỳ").click()
    page.get_by_role("link", name="Tổ dân phố 5").click()
    assert page.get_by_text("báo cáo tổng kết nhiệm kỳ 2018-2020 của tổ trưởng chưa được xây dựng").first.is_visible()
    page.get_by_role("link", name="Soạn báo cáo").click()
    assert page.get_by_text("Hoàng Văn Lực").first.is_visible()  # from the register, not typed
    for name in TEXT_FIELDS:
        page.fill(f"[name={name}]", COMPLETE[name])
    for name in ("start_households", "start_residents", "start_voters", "start_party_members"):
        page.fill(f"[name={name}]", str(COMPLETE[name]))
    page.fill("[name=report_date]", "22/12/2020")
    page.get_by_role("button", name="Lưu và nộp để chi bộ duyệt").click()
    assert page.get_by_text("Đã nộp báo cáo để bí thư chi bộ duyệt.").is_visible()
    page.get_by_role("button", name="Xác nhận đã duyệt").click()
    assert page.get_by_text("Đã xác nhận duyệt báo cáo").is_visible()

    switch_user(page, live_server, "ubnd")
    page.goto(f"{live_server.url}/term-reports/group/{ge.pk}/")
    page.fill("[name=comment] >> nth=1", "Đề nghị nêu rõ số hộ nghèo đầu và cuối nhiệm kỳ.")
    page.get_by_role("button", name="Trả lại kèm ý kiến này").click()
    assert page.get_by_text("Đã trả lại báo cáo kèm ý kiến của bạn.").is_visible()

    switch_user(page, live_server, "bithu2")
    page.goto(f"{live_server.url}/term-reports/group/{ge.pk}/")
    assert page.get_by_text("Đề nghị nêu rõ số hộ nghèo đầu và cuối nhiệm kỳ.").first.is_visible()
    page.get_by_role("link", name="Sửa dự thảo").click()
    page.fill("[name=welfare]", "Đầu nhiệm kỳ có 9 hộ nghèo, cuối nhiệm kỳ còn 4 hộ.")
    page.get_by_role("button", name="Lưu và nộp để chi bộ duyệt").click()
    page.get_by_role("button", name="Xác nhận đã duyệt").click()

    switch_user(page, live_server, "ubnd")
    page.goto(f"{live_server.url}/term-reports/group/{ge.pk}/")
    assert page.get_by_text("đang chờ cán bộ phường phụ trách chấp nhận").is_visible()
    page.get_by_role("button", name="Chấp nhận báo cáo").click()
    assert page.get_by_text("Đã chấp nhận báo cáo: hội nghị của tổ có thể khai mạc.").is_visible()
    assert page.get_by_text("Chưa thể khai mạc hội nghị").count() == 0
    pdf = page.request.get(f"{live_server.url}/term-reports/group/{ge.pk}/report.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    report = TermReport.objects.get()
    assert report.status == TermReport.Status.ACCEPTED
    assert report.welfare == "Đầu nhiệm kỳ có 9 hộ nghèo, cuối nhiệm kỳ còn 4 hộ."
    assert list(report.steps.values_list("kind", flat=True)) == [
        "submitted",
        "reviewed",
        "returned",
        "submitted",
        "reviewed",
        "accepted",
    ]
