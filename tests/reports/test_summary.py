"""The ward summary report: PDF read back, CSV and XLSX content, formula safety."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from elections.candidates.models import Candidate, Complaint
from reports.exports import safe_cell
from reports.selectors.summary import summary_report
from reports.synthetic_city import build_city
from tests.factories import user_with_role
from tests.reports.conftest import city_user, pdf_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84 905", "'+84 905"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("a=b", "a=b"),
        (-5, -5),
        (None, None),
        (12.5, 12.5),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


@pytest.fixture
def hostile_city(db):
    """A ward whose first elected leader is called "=HYPERLINK(...)" (typed into the register)."""
    ward = build_city(groups=6, households=3, name="Sáu tổ")
    elected = Candidate.objects.filter(group_election__campaign__ward=ward, group_election__stage="recognised").first()
    elected.resident.full_name = '=HYPERLINK("http://x.invalid","Bấm")'
    elected.resident.save(update_fields=["full_name"])
    return ward


def test_summary_pdf_reads_back(hostile_city, client_for):
    user = city_user(hostile_city, Role.COMMITTEE_MEMBER)
    response = client_for(user).get(reverse("reports:summary_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    report = summary_report(user, {})
    for phrase in (
        "BÁO CÁO",
        "Kết quả bầu Tổ trưởng tổ dân phố nhiệm kỳ 2021-2023",
        "Kính gửi: Ban Thường vụ Đảng ủy phường Sáu tổ",
        "ỦY BAN NHÂN DÂN",
        "I. KẾT QUẢ BẦU CỬ Ở CÁC TỔ DÂN PHỐ",
        "II. KẾT QUẢ THỰC HIỆN MỤC TIÊU",
        "III. ĐƠN THƯ KHIẾU NẠI, TỐ CÁO",
        "IV. KHÓ KHĂN, VƯỚNG MẮC",
        "TM. ỦY BAN NHÂN DÂN",
        "Nơi nhận:",
        "13-CV/ĐU",
    ):
        assert phrase in text, phrase
    for row in report.rows:
        assert row.name in text
        if row.has_result:
            assert row.elected_name.replace('"', "")[:10] in text.replace('"', "")
    g = report.goals
    assert f"có {g.elected_members}/{g.elected} người là đảng viên" in text
    assert f"Toàn phường có {report.summary.groups} tổ dân phố" in text


def test_summary_pdf_from_the_party_office(hostile_city, client_for):
    response = client_for(city_user(hostile_city)).get(reverse("reports:summary_pdf"), {"issuer": "party"})
    text = pdf_text(response.content)
    assert "VĂN PHÒNG ĐẢNG ỦY" in text and "-BC/VPĐU" in text and "CHÁNH VĂN PHÒNG" in text


def test_summary_csv(hostile_city, client_for):
    user = city_user(hostile_city)
    response = client_for(user).get(reverse("reports:summary_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    report = summary_report(user, {})
    assert len(rows) == 1 + len(report.rows)
    names = [r[2] for r in rows[1:]]
    assert names == [r.name for r in report.rows]
    elected_cells = [r[16] for r in rows[1:] if r[16]]
    assert '\'=HYPERLINK("http://x.invalid","Bấm")' in elected_cells
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_summary_xlsx(hostile_city, client_for):
    user = city_user(hostile_city)
    response = client_for(user).get(reverse("reports:summary_xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 4
    sheet = book.worksheets[0]
    report = summary_report(user, {})
    assert sheet.max_row == 1 + len(report.rows)
    values = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    hostile = [c for c in values if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert hostile and all(c.data_type == "s" and c.value.startswith("'=") for c in hostile)
    # Numbers stay numbers.
    counts = [sheet.cell(row=r, column=8).value for r in range(2, sheet.max_row + 1)]
    assert all(isinstance(v, int) for v in counts)
    goals = book.worksheets[1]
    assert goals.max_row == 10


def test_complaint_findings_only_for_who_may_read_them(hostile_city, client_for):
    candidate = (
        Candidate.objects.filter(group_election__campaign__ward=hostile_city)
        .exclude(resident__full_name__startswith="=")
        .first()
    )
    official = city_user(hostile_city)
    Complaint.objects.create(
        candidate=candidate,
        received_on="2020-12-28",
        channel=Complaint.Channel.LETTER,
        complainant_name="Người phản ánh bí mật",
        content="Nội dung",
        handler=Complaint.Handler.WARD,
        due_on="2021-01-07",
        status=Complaint.Status.CONCLUDED,
        findings="Kết quả xác minh riêng",
        conclusion=Complaint.Conclusion.NOT_UPHELD,
        received_by=official,
    )
    member = city_user(hostile_city, Role.COMMITTEE_MEMBER)
    text = pdf_text(client_for(member).get(reverse("reports:summary_pdf")).content)
    assert candidate.resident.full_name in text
    assert "Người phản ánh bí mật" not in text
    assert "Kết quả xác minh riêng" not in text
    page = client_for(member).get(reverse("reports:summary")).content.decode()
    assert "Người phản ánh bí mật" not in page


def test_summary_page_per_role(hostile_city, client_for):
    assert client_for(city_user(hostile_city)).get(reverse("reports:summary")).status_code == 200
    secretary = user_with_role(Role.CELL_SECRETARY, ward=hostile_city, party_cell=hostile_city.party_cells.first())
    assert client_for(secretary).get(reverse("reports:summary")).status_code == 403
    assert client_for(secretary).get(reverse("reports:summary_csv")).status_code == 403
