"""The printed term report and the ward's compilation, read back from the PDF."""

import datetime
import io
import unicodedata

import pytest
from pypdf import PdfReader

from accounts.models import Role
from elections.models import Directive
from elections.termreports import services
from elections.termreports.papers import compilation_pdf, term_report_pdf
from elections.termreports.selectors import ward_compilation
from tests.termreports.factories import COMPLETE

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_term_report_pdf_reads_as_an_administrative_report(ge, secretary, official, campaign):
    Directive.objects.create(
        campaign=campaign,
        number="13-CV/ĐU",
        issued_on=datetime.date(2020, 12, 16),
        issuing_body="Đảng ủy phường Hương Xuân",
        title="Về việc lãnh đạo công tác bầu tổ trưởng tổ dân phố nhiệm kỳ 2021-2023",
        text="...",
    )
    report = services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    report = services.term_report_submit(report=report, actor=secretary)
    report = services.term_report_review(report=report, actor=secretary)
    report = services.term_report_accept(report=report, actor=official)
    text = text_of(term_report_pdf(report))
    for expected in [
        "UBND PHƯỜNG HƯƠNG XUÂN",
        "TỔ DÂN PHỐ 5",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hương Xuân, ngày 22 tháng 12 năm 2020",
        "BÁO CÁO",
        "Tổng kết nhiệm kỳ 2018-2020 và phương hướng nhiệm kỳ 2021-2023",
        "Thực hiện Công văn số 13-CV/ĐU ngày 16/12/2020 của Đảng ủy phường Hương Xuân về lãnh đạo công tác bầu",
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NHIỆM KỲ 2018-2020",
        "Số liệu đầu nhiệm kỳ do tổ cung cấp.",
        "a) Công tác an ninh, trật tự",
        "đ) Vận động đóng góp các loại quỹ",
        "Vận động Quỹ Vì người nghèo được 38 triệu đồng.",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "Ý thức của một bộ phận người dân chưa cao.",
        "III. BÀI HỌC KINH NGHIỆM",
        "IV. PHƯƠNG HƯỚNG, ĐỀ XUẤT, KIẾN NGHỊ NHIỆM KỲ 2021-2023",
        "TỔ TRƯỞNG",
        "Hoàng Văn Lực",
        "Chi bộ Khu dân cư 2",
    ]:
        assert nfc(expected) in text, expected
    assert "DỰ THẢO" not in text
    # figures: households 2 -> 3 (+1), residents 5 -> 6, voters 3 -> 3, Party members 1 -> 2
    assert "Số hộ gia đình 2 3 +1" in text
    assert "Số đảng viên sinh hoạt tại tổ 1 2 +1" in text


def test_a_draft_prints_as_draft_with_live_figures(ge, secretary):
    report = services.term_report_save(group_election=ge, actor=secretary, data={**COMPLETE, "report_date": None})
    text = text_of(term_report_pdf(report))
    assert "DỰ THẢO" in text
    assert nfc("Hương Xuân, ngày ... tháng ... năm ...") in text
    assert "Số hộ gia đình 2 3 +1" in text


def test_compilation_pdf_lists_every_group_with_totals(ge, other_ge, secretary, official, make_user):
    report = services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    services.term_report_submit(report=report, actor=secretary)
    committee = make_user(Role.COMMITTEE_MEMBER, full_name="Phan Đình Tâm")
    make_user(Role.CHAIRMAN, full_name="Lê Quang Vinh")
    compilation = ward_compilation(user=committee, campaign=ge.campaign)
    text = text_of(compilation_pdf(compilation, compiled_by=committee))
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG HƯƠNG XUÂN",
        "Số: /BC-UBND",
        "BÁO CÁO",
        "Tổng hợp tình hình báo cáo tổng kết nhiệm kỳ 2018-2020",
        "Tổ dân phố 5",
        "Tổ dân phố 7",
        "Đã nộp, chờ chi bộ duyệt",
        "Chưa xây dựng",
        "Tổng cộng 3 6 2",
        "0/2 báo cáo đã được chấp nhận",
        # A report of the People's Committee, signed by its chairman (not by whoever printed it).
        "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Quang Vinh",
    ]:
        assert nfc(expected) in text, expected
    assert text.index("Tổ dân phố 5") < text.index("Tổ dân phố 7")
    assert "NGƯỜI TỔNG HỢP" not in text
