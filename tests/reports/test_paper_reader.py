"""Every paper of the procedure, printed from the demo ward and read back as a clerk reads it (pypdf text).

Each paper is checked for the classes of defect a clerk would otherwise fix in Word before signing: doubled
words, "ông (bà)" before a person whose sex is known, four-digit figures without their thousands dot, straight
quotes, the place line's form, dates that contradict the record, and the numbers and signers of reports.
"""

import importlib
import io
import re
import unicodedata

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from elections.candidates.models import ConsultationMeeting
from elections.candidates.papers import candidate_list_pdf, consultation_minutes_pdf
from elections.conference.models import Conference
from elections.conference.papers import minutes_pdf, team_decision_pdf
from elections.conference.papers_notices import invitation_pdf
from elections.count.models import RecognitionDecision
from elections.count.papers import count_record_pdf, draft_decision_pdf, recognition_decision_pdf, revote_notice_pdf
from elections.models import GroupElection
from elections.papers import plan_pdf
from elections.termreports.models import TermReport
from elections.termreports.papers import compilation_pdf, term_report_pdf
from elections.termreports.selectors import ward_compilation
from papers.templatetags.papers import long_date, place_line, vn_int
from reports import views as report_views
from residents.models import Household, Ward

# Names the demo register draws (given name equal to the middle name, "Nguyễn Đức Đức") are the people's own:
# the doubled-word check reads the paper's wording, so it is run on papers without such a name.
DOUBLED = re.compile(r"\b(\w{2,})\s+\1\b", re.IGNORECASE)
# A figure of four digits or more without its dot; years (1900-2100) are written without one.
BARE_FIGURE = re.compile(r"(?<![\d.,/:-])(\d{4,})(?![\d/])")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo ward, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test run earlier on this worker may have flushed the shipped legal profiles.
        importlib.import_module("elections.migrations.0003_legal_profiles").create_profiles(django_apps, None)
        call_command("load_demo", stdout=io.StringIO())
        yield Ward.objects.get(is_sample=True)
        transaction.set_rollback(True)


@pytest.fixture
def ward(demo, db):
    return demo


def read(data: bytes) -> str:
    """The paper's text as one line (pypdf breaks lines where the paper wraps them)."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def ge(code: str) -> GroupElection:
    return GroupElection.objects.select_related("group__ward", "campaign__legal_profile").get(group__code=code)


# The verification block of a paper from a sealed or issued record (its fingerprint and the verify address,
# tests/publicview): codes, not figures, so the figure checks below leave it out.
VERIFICATION = re.compile(r"Mã kiểm tra.*?/verify/ ?(?:[0-9a-f] ?){64}/?")


def ends_with(text: str, ending: str) -> bool:
    """The paper ends with this (before its verification block and the number of its last page)."""
    text = VERIFICATION.sub("", text).rstrip()
    return re.search(re.escape(ending) + r"( \d+)?$", text) is not None


def assert_reads_clean(text: str, *, doubled: bool = True) -> None:
    """The defect classes every paper is free of."""
    text = VERIFICATION.sub("", text)
    if doubled:
        assert not DOUBLED.search(text), DOUBLED.search(text).group(0)
    figures = [m.group(1) for m in BARE_FIGURE.finditer(text) if not 1900 <= int(m.group(1)) <= 2100]
    assert figures == [], f"figures without their thousands dot: {figures}"
    assert '"' not in text, "straight quotes"
    # "ông (bà)" only where the person is not known: in a blank to fill or before a plural ("các ông (bà)").
    named = re.findall(r"ông \(bà\) [A-ZĐÀ-Ỹ]\w*", text, re.IGNORECASE)
    assert [n for n in named if not n.lower().endswith((" có", " có tên"))] == [], named
    for defect in ("ngày ngày", "..)", "Có 0 tổ", "Thị xã Hương Trà, Thừa Thiên Huế", "Trưởng tổ dân phố"):
        assert defect not in text.replace("Tổ trưởng tổ dân phố", ""), defect


# ------------------------------------------------------------------------------------------ the forms of words


def test_thousands_dots_and_the_place_line_come_from_the_data():
    assert [vn_int(n) for n in (7, 361, 1205, 1386, 1177, -12345)] == ["7", "361", "1.205", "1.386", "1.177", "-12.345"]
    assert vn_int(2021) == "2.021"  # a figure; the papers write years through their dates, never through vn_int
    ward = Ward(name="Hương Xuân", kind="phường", district="Thị xã Hương Trà", province="Thừa Thiên Huế")
    assert place_line(ward) == "phường Hương Xuân, thị xã Hương Trà, tỉnh Thừa Thiên Huế"
    other = Ward(name="An Cựu", kind="phường", district="Thành phố Huế", province="Tỉnh Thừa Thiên Huế")
    assert place_line(other) == "phường An Cựu, thành phố Huế, tỉnh Thừa Thiên Huế"
    city = Ward(name="Bến Nghé", kind="phường", district="Quận 1", province="Thành phố Hồ Chí Minh")
    assert place_line(city) == "phường Bến Nghé, quận 1, thành phố Hồ Chí Minh"


# ------------------------------------------------------------------------------------------ each paper


def test_team_decision(ward):
    text = read(team_decision_pdf(ge("05")))
    assert_reads_clean(text)
    assert "Tổ trưởng tổ dân phố 5 và các thành viên có tên tại Điều 1" in text
    assert "Chủ trì hội nghị bầu Tổ trưởng tổ dân phố ngày 10 tháng 01 năm 2021;" in text
    assert text.index("Điều 3.") < text.index("Nơi nhận:") < text.index("CHỦ TỊCH Lê Quang Vinh")


def test_minutes_of_a_held_sitting(ward):
    conference = Conference.objects.get(group_election__group__code="05", sequence=1)
    text = read(minutes_pdf(conference))
    assert_reads_clean(text)
    # Dated the day of the sitting, in the header as in the body.
    assert "Hương Xuân, ngày 10 tháng 01 năm 2021" in text
    assert "phút, ngày 10 tháng 01 năm 2021, tại Nhà văn hóa tổ dân phố 5, phường Hương Xuân, Tổ bầu cử" in text
    assert text.count("Tổ dân phố 5") <= 4  # the header, the subject, the opening and the result: once each
    # Ông/Bà by sex; the head of the count board called "Tổ trưởng" as in the count record; one "trong đó:".
    assert "Ông Trương Văn Sơn tuyên bố lý do" in text
    assert "Bà Nguyễn Bảo Vân" in text and "ông (bà)" not in text.lower()
    assert "Ông Đặng Trọng Trí, tổ trưởng;" in text and ", trưởng ban;" not in text.lower()
    assert text.count("trong đó") == 1
    assert "44,04%" in text and "Không có người ứng cử nào đạt trên 50%" in text


def test_minutes_of_a_sitting_not_yet_held_are_a_blank_form(ward):
    revote = Conference.objects.get(group_election__group__code="05", is_revote=True)
    assert revote.status == Conference.Status.SCHEDULED
    text = read(minutes_pdf(revote))
    assert_reads_clean(text)
    assert "Hôm nay, vào hồi ...... giờ ...... phút, ngày 24 tháng 01 năm 2021" in text
    assert "0,00%" not in text and "có mặt: 0" not in text
    assert "số đại diện hộ gia đình có mặt: ..........," in text
    assert "Người trúng cử: ......" in text


def test_count_record(ward):
    conference = Conference.objects.get(group_election__group__code="05", sequence=1)
    text = read(count_record_pdf(conference))
    assert_reads_clean(text)
    assert (
        "Hôm nay, vào hồi 09 giờ 20 phút, ngày 10 tháng 01 năm 2021, tại Nhà văn hóa tổ dân phố 5, "
        "phường Hương Xuân, Ban kiểm phiếu hội nghị đại diện hộ gia đình bầu Tổ trưởng Tổ dân phố 5, "
        "nhiệm kỳ 2021-2023, tiến hành kiểm phiếu."
    ) in text
    assert "1. Ông Đặng Trọng Trí - Tổ trưởng;" in text
    assert "Số phiếu bầu cho ông Đỗ Đình Đức: 159 phiếu, đạt 44,04%" in text


def test_recognition_decision_and_its_draft(ward):
    decision = RecognitionDecision.objects.get(group_election__group__code="01")
    data = recognition_decision_pdf(decision)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1  # no signature alone on a second page
    text = read(data)
    assert_reads_clean(text)
    assert f"Số: {decision.number_display}" in text and "DỰ THẢO" not in text
    assert f"Hương Xuân, {long_date(decision.decision_date)}" in text

    draft = draft_decision_pdf(ge("04"))
    text = read(draft)
    assert_reads_clean(text)
    assert len(PdfReader(io.BytesIO(draft)).pages) == 1
    assert "DỰ THẢO" in text and "Hương Xuân, ngày ... tháng ... năm ..." in text
    assert "Công nhận ông Đặng Văn Phong" in text
    assert "Căn cứ Biên bản kiểm phiếu bầu Tổ trưởng Tổ dân phố 4, nhiệm kỳ 2021-2023 ngày 10/01/2021;" in text


def test_candidate_list_of_a_revote_announces_the_revote(ward):
    text = read(candidate_list_pdf(ge("05")))
    assert_reads_clean(text)
    assert "Bầu lại Tổ trưởng Tổ dân phố 5" in text
    assert "ngày 24 tháng 01 năm 2021" in text and "ngày 10 tháng 01 năm 2021" not in text
    # The signature has its name under it: the head of the election team.
    assert ends_with(text, "TM. TỔ BẦU CỬ TỔ TRƯỞNG (Ký, ghi rõ họ tên) Trương Văn Sơn")


def test_term_report_and_compilation(ward):
    report = TermReport.objects.get(group_election__group__code="05")
    text = read(term_report_pdf(report))
    assert_reads_clean(text)
    assert "1.205" in text  # residents at the end of the term
    # Dated as the leader dated it; the frozen figures never cited "as of" a later day.
    assert f"Hương Xuân, {long_date(report.report_date)}" in text
    if report.end_counted_on and report.end_counted_on > report.report_date:
        assert long_date(report.end_counted_on) not in text

    official = User.objects.get(username="ubnd")
    compilation = ward_compilation(user=official, campaign=report.group_election.campaign)
    text = read(compilation_pdf(compilation, compiled_by=official))
    assert_reads_clean(text)
    assert "Số: /BC-UBND" in text
    assert ends_with(text, "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Quang Vinh")


def test_summary_report_as_of_the_last_activity(ward):
    request = RequestFactory().get("/reports/summary.pdf", {"issuer": "ubnd"})
    request.user = User.objects.get(username="ubnd")
    text = read(report_views.summary_pdf(request).content)
    assert_reads_clean(text)
    # A finished 2021 campaign is reported as of its last recorded day, not years later: nothing "overdue"
    # but what was overdue then.
    assert "ngày 02 tháng 12 năm 2026" not in text
    assert re.search(r"tính đến ngày \d\d tháng 01 năm 2021", text)
    assert "1.386" in text and "1.177" in text
    # Of the 5 groups that voted, 4 were elected on the first vote.
    assert "Tổ bầu được Tổ trưởng ngay lần bầu thứ nhất (trên số tổ đã bầu) 4 5 80,00" in text
    assert "Chưa có tổ nào chuyển" in text or "tổ chuyển từ Tổ trưởng không là đảng viên" in text
    assert ends_with(text, "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Quang Vinh")


def test_invitations_for_a_group_and_a_household(ward):
    group_election = ge("04")
    household = Household.objects.filter(group=group_election.group).order_by("number").first()
    data = invitation_pdf(group_election, household=household)
    text = read(data)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1 and text.count("GIẤY MỜI") == 1
    assert_reads_clean(text, doubled=False)
    assert f"đại diện hộ gia đình số {household.number}" in text
    when = timezone.localtime(group_election.planned_at)
    assert f"vào hồi {when:%H} giờ {when:%M} phút, Chủ nhật, ngày 10 tháng 01 năm 2021" in text
    assert "Hương Xuân, ngày 10 tháng 01 năm 2021" not in text  # sent before the day, not on it
    whole = invitation_pdf(group_election)
    pages = len(PdfReader(io.BytesIO(whole)).pages)
    households = Household.objects.filter(group=group_election.group).count()
    assert pages == (households + 1) // 2  # two invitations to an A4 sheet


def test_consultation_minutes(ward):
    meeting = ConsultationMeeting.objects.filter(group_election__group__code="05").first()
    text = read(consultation_minutes_pdf(meeting))
    assert_reads_clean(text)
    assert "Hội nghị hiệp thương thống nhất danh sách người ứng cử" in text
    assert f"Hương Xuân, {long_date(meeting.held_on)}" in text
    assert "ông Đỗ Đình Đức và bà Nguyễn Bảo Vân" in text
    assert "TM. CHI ỦY BÍ THƯ" in text and "TRƯỞNG BAN" in text


def test_plan(ward):
    campaign = ge("01").campaign
    text = read(plan_pdf(campaign))
    assert_reads_clean(text)
    assert "KẾ HOẠCH" in text and "Số: /KH-UBND" in text
    assert "Hương Xuân, ngày 21 tháng 12 năm 2020" in text  # D-20
    assert "Chủ nhật, ngày 10 tháng 01 năm 2021" in text
    assert "Nhà văn hóa tổ dân phố 12" in text
    assert ends_with(text, "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Quang Vinh")


def test_revote_notice(ward):
    text = read(revote_notice_pdf(ge("05")))
    assert_reads_clean(text)
    assert "Số: /TB-UBND" in text and "Về việc tổ chức bầu lại Tổ trưởng Tổ dân phố 5" in text
    assert "ông Đỗ Đình Đức với 159 phiếu, đạt 44,04%" in text
    assert "vào hồi 08 giờ 00 phút, Chủ nhật, ngày 24 tháng 01 năm 2021" in text
    assert ends_with(text, "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Quang Vinh")
